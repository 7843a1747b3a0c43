"""Question text between formats: our Markdown out as HTML, their HTML in as Markdown."""

from __future__ import annotations

import re
from html import unescape

from lxml import html as lxml_html
from markdownify import markdownify

from ..rendering import inline_markdown_to_html, markdown_to_html

_BLANK_LINES = re.compile(r"\n{3,}")
_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TRAILING_SPACES = re.compile(r"[ \t]+\n")


def to_html(markdown: str) -> str:
    """Block Markdown (a stem, a rationale) as sanitised HTML."""
    return markdown_to_html(markdown).strip()


def to_inline_html(markdown: str) -> str:
    """A short fragment (an option, a row) without the wrapping paragraph."""
    return inline_markdown_to_html(markdown)


def to_markdown(html: str) -> str:
    """HTML from another system as Markdown in our house style (ATX headings, '-' bullets,
    '**' strong, '*' emphasis). Scripts, styles and unknown tags are dropped, text kept."""
    try:
        text = markdownify(html, heading_style="ATX", bullets="-", strong_em_symbol="*",
                           strip=["script", "style", "img", "iframe", "object", "embed"],
                           escape_underscores=False, escape_asterisks=True)
    except RecursionError:  # absurdly deep nesting (a hostile file): keep the words only
        text = _TAG.sub(" ", _HIDDEN.sub(" ", html))
        text = " ".join(unescape(text).split()).replace("*", "\\*")
    text = _TRAILING_SPACES.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def drop(element: lxml_html.HtmlElement) -> None:
    """Remove `element` from its parent, keeping the text that followed it."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def plain(html: str) -> str:
    """Text only (for names and titles)."""
    return " ".join(to_markdown(html).replace("*", "").split())
