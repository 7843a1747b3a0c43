"""What a page calls a question's parts, as plain text for messages, reports and accessible
names: a bow-tie group, a matrix row, a matching item, a drop-down, an ordered position."""

from __future__ import annotations

import html
import re

from ...content.model import Question
from ...content.slots import MARKER, mark_slots
from ...content.types import question_type
from ...rendering import inline_markdown_to_html, markdown_to_html
from ...text import shorten

_TAG = re.compile(r"<[^>]+>")
LABEL_LENGTH = 80


def plain(markdown: str, limit: int = LABEL_LENGTH) -> str:
    """An author's inline Markdown as plain text, shortened to `limit` characters."""
    return shorten(html.unescape(_TAG.sub("", inline_markdown_to_html(markdown))), limit)


def part_label(question: Question, part_id: str) -> str:
    """The part's label as the attempt page shows it ("Position 2" for an ordered response,
    "Drop-down 1" for a blank without text of its own)."""
    if question_type(question.type).widget == "ordered":
        return f"Position {part_id}"
    for n, part in enumerate(question.parts, 1):
        if part.id == part_id:
            return plain(part.text) if part.text else f"Drop-down {n}"
    return "one part"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
NAME_CONTEXT = 70  # characters of the sentence kept on each side of a blank


def blank_names(passage: str) -> dict[str, str]:
    """The accessible name of each drop-down in a passage: the sentence it completes, every
    blank in it shown as "…", and which blank it is ("… (blank 2 of 3)"), so a screen
    reader user tabbing to it hears what they are completing."""
    slots, marked = mark_slots(passage)
    text = html.unescape(_TAG.sub(" ", markdown_to_html(marked)))
    names: dict[str, str] = {}
    for sentence in _SENTENCE_END.split(text):
        for match in MARKER.finditer(sentence):
            index = int(match.group(1))
            before = MARKER.sub("…", sentence[:match.start()])
            after = MARKER.sub("…", sentence[match.end():])
            around = f"{_clip(before, True)} … {_clip(after, False)}"
            sentence_name = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", around.strip()).rstrip(".")
            names.setdefault(slots[index],
                             f"{sentence_name} (blank {index + 1} of {len(slots)})")
    return names


def _clip(text: str, keep_end: bool) -> str:
    """Whitespace collapsed, cut at a word to NAME_CONTEXT characters (from the end when the
    text comes before the blank)."""
    words = text.split()
    if keep_end:
        words.reverse()
    kept: list[str] = []
    for word in words:
        if sum(len(w) + 1 for w in kept) + len(word) > NAME_CONTEXT:
            kept.append("…")
            break
        kept.append(word)
    if keep_end:
        kept.reverse()
    return " ".join(kept)
