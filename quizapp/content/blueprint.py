"""Drawing a form from an exam pool by its blueprint: which single items fill which cell.

One item may match several cells (a cell by lesson alone and another by lesson and client
need), so filling each cell in turn could use up the items another cell needs. We fill the
cells' slots by augmenting paths (Kuhn's bipartite matching, with a cell taking as many items
as it draws): a slot takes a free matching item, or moves the holder of a matching item to
another item it matches. That finds a full form whenever one exists; `quiz validate` runs it
once to prove one does, and each attempt runs it in a shuffled order for a random form.
Pure: no Flask, no database.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Question
from .settings import Cell


def matches(cell: Cell, question: Question) -> bool:
    """Whether `question` (a single pool item) may be drawn into `cell`."""
    if cell.lesson is not None and question.lesson != cell.lesson:
        return False
    if cell.topic is not None and cell.topic not in question.topics:
        return False
    return cell.client_need is None or question.client_need == cell.client_need


@dataclass(frozen=True)
class Filling:
    """The items chosen per cell (in cell order), and how many each cell is short."""

    chosen: tuple[tuple[str, ...], ...]
    short: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return not any(self.short)


def fill(draws: Sequence[int], candidates: Sequence[Sequence[str]],
         rng: random.Random | None = None) -> Filling:
    """Choose `draws[i]` distinct items for cell i from `candidates[i]`, no item in two cells.
    With `rng`, slots and candidates are tried in a shuffled order (a random form)."""
    slots = [cell for cell, n in enumerate(draws) for _ in range(n)]
    options = [list(c) for c in candidates]
    if rng is not None:
        rng.shuffle(slots)
        for option in options:
            rng.shuffle(option)
    holder: dict[str, int] = {}  # item -> slot index
    slot_cell = dict(enumerate(slots))
    for slot in range(len(slots)):
        _augment(slot, slot_cell, options, holder, set())
    chosen: list[list[str]] = [[] for _ in draws]
    for item, slot in holder.items():
        chosen[slot_cell[slot]].append(item)
    if rng is None:
        chosen = [sorted(c) for c in chosen]
    short = tuple(n - len(c) for n, c in zip(draws, chosen, strict=True))
    return Filling(tuple(tuple(c) for c in chosen), short)


def _augment(slot: int, slot_cell: dict[int, int], options: list[list[str]],
             holder: dict[str, int], seen: set[str]) -> bool:
    """Give `slot` an item, moving other slots along if need be (depth-first)."""
    for item in options[slot_cell[slot]]:
        if item in seen:
            continue
        seen.add(item)
        owner = holder.get(item)
        if owner is None or _augment(owner, slot_cell, options, holder, seen):
            holder[item] = slot
            return True
    return False
