"""What a page calls a question's parts, as plain text for messages and reports: a bow-tie
group, a matrix row, a matching item, a drop-down, an ordered position."""

from __future__ import annotations

import html
import re

from ...content.model import Question
from ...rendering import inline_markdown_to_html

_TAG = re.compile(r"<[^>]+>")
LABEL_LENGTH = 80


def plain(markdown: str, limit: int = LABEL_LENGTH) -> str:
    """An author's inline Markdown as plain text, shortened to `limit` characters."""
    text = " ".join(html.unescape(_TAG.sub("", inline_markdown_to_html(markdown))).split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def part_label(question: Question, part_id: str) -> str:
    """The part's label as the attempt page shows it ("Position 2" for an ordered response,
    "Drop-down 1" for a blank without text of its own)."""
    if question.type == "ordered_response":
        return f"Position {part_id}"
    for n, part in enumerate(question.parts, 1):
        if part.id == part_id:
            return plain(part.text) if part.text else f"Drop-down {n}"
    return "one part"
