"""Slots in a passage (`{{ id }}`): where a drop-down or a selectable phrase stands.

A passage is Markdown. The page renders it with each slot replaced by a marker, then puts a
form control where each marker landed; a slot that lands inside an attribute (a link's title
or address, an image's alt text) would put a control inside an attribute and break the page,
so validation refuses it (`misplaced_slots`) and the page builder finds markers with the same
function (`render_with_markers`)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..rendering import markdown_to_html

SLOT_PATTERN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters: markers no author can type
MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")


def mark_slots(passage: str) -> tuple[list[str], str]:
    """The passage's slot ids in order, and the passage with slot number i written as a
    MARKER around i (any private-use markers the author typed are dropped first)."""
    slots: list[str] = []

    def mark(match: re.Match[str]) -> str:
        slots.append(match.group(1).strip())
        return f"{OPEN}{len(slots) - 1}{CLOSE}"

    return slots, SLOT_PATTERN.sub(mark, passage.replace(OPEN, "").replace(CLOSE, ""))


def render_with_markers(passage: str) -> tuple[str, list[str]]:
    """The passage as sanitised HTML with the i-th slot replaced by OPEN i CLOSE, and the slot
    names in order."""
    slots, marked = mark_slots(passage)
    return markdown_to_html(marked), slots


class _TextMarkers(HTMLParser):
    """Collects the marker numbers that appear in text: not in tags or attributes, and not in
    a link's text (a control inside a link is two controls in one)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[int] = []
        self.links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += tag == "a"

    def handle_endtag(self, tag: str) -> None:
        self.links -= tag == "a" and self.links > 0

    def handle_data(self, data: str) -> None:
        if not self.links:
            self.found.extend(int(m.group(1)) for m in MARKER.finditer(data))


def misplaced_slots(passage: str) -> list[str]:
    """The slots that would not stand in the passage's text once rendered: inside a link (its
    text, address or title), an image, or any other attribute, or lost by the Markdown."""
    html, slots = render_with_markers(passage)
    parser = _TextMarkers()
    parser.feed(html)
    parser.close()
    return [name for i, name in enumerate(slots) if parser.found.count(i) != 1]
