"""The {{ slot }} markers of a passage (cloze blanks, highlight phrases), swapped for markers
no author can type, so the passage can go through Markdown and be split again at its slots."""

from __future__ import annotations

import re

from ...content.types.common import SLOT_PATTERN

OPEN, CLOSE = "\ue000", "\ue001"  # private-use characters
MARKER = re.compile(f"{OPEN}(\\d+){CLOSE}")  # group 1: the slot's index in `slots`


def mark_slots(passage: str) -> tuple[list[str], str]:
    """The passage's slot ids in order, and the passage with slot number i written as a
    MARKER around i (any private-use markers the author typed are dropped first)."""
    slots: list[str] = []

    def mark(match: re.Match[str]) -> str:
        slots.append(match.group(1).strip())
        return f"{OPEN}{len(slots) - 1}{CLOSE}"

    return slots, SLOT_PATTERN.sub(mark, passage.replace(OPEN, "").replace(CLOSE, ""))
