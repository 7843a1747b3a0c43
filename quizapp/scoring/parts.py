"""Types made of parts, each answered on its own: matching, the matrix types, drop-down cloze,
drop-down rationale (dyad) and bow-tie. A response maps part ids to chosen option ids."""

from __future__ import annotations

from typing import Any

from . import rules
from .gradable import Gradable
from .responses import Kind, pairs, part_map
from .score import Score


def _spec(q: Gradable) -> dict[str, tuple[list[str], int]]:
    """Each part's choosable ids (its own options, else the question's) and pick limit."""
    return {p.id: ([o.id for o in (p.options or q.options)], p.picks) for p in q.parts}


def _read(q: Gradable, raw: Any) -> dict[str, list[str]]:
    return part_map(q, raw, _spec(q))


def _key(q: Gradable) -> dict[str, list[str]]:
    return {p.id: sorted(p.key) for p in q.parts if p.key}


def _all_or_nothing(q: Gradable, answer: dict[str, list[str]]) -> Score:
    return rules.all_or_nothing(pairs(answer), pairs(_key(q)))


def _score_each(q: Gradable, answer: dict[str, list[str]]) -> Score:
    """0/1 per part (matching item, matrix row, drop-down); dyad links the two drop-downs."""
    right = [answer.get(p.id, []) == sorted(p.key) for p in q.parts]
    if q.scoring == "all_or_nothing":
        return _all_or_nothing(q, answer)
    if q.scoring == "dyad":
        return rules.dyad(*right)
    return rules.zero_one(right)


def _score_matrix(q: Gradable, answer: dict[str, list[str]]) -> Score:
    """NCLEX +/- counted per column, each column floored at 0."""
    if q.scoring == "all_or_nothing":
        return _all_or_nothing(q, answer)
    columns = [o.id for o in q.options]
    keys = {c: frozenset(p.id for p in q.parts if c in p.key) for c in columns}
    chosen = {c: frozenset(pid for pid, ids in answer.items() if c in ids) for c in columns}
    return rules.matrix_plus_minus(chosen, keys)


def _score_bow_tie(q: Gradable, answer: dict[str, list[str]]) -> Score:
    """0/1 per target: the condition, each of two actions and each of two parameters."""
    if q.scoring == "all_or_nothing":
        return _all_or_nothing(q, answer)
    targets: list[bool] = []
    for group in q.parts:
        hits = len(set(answer.get(group.id, [])) & set(group.key))
        targets += [True] * hits + [False] * (group.picks - hits)
    return rules.zero_one(targets)


# The graders; content/types names the one each question type uses.
EACH = Kind(_read, _score_each, _key)  # 0/1 per part (dyad: both or nothing)
MATRIX = Kind(_read, _score_matrix, _key)  # +/- per column
BOW_TIE = Kind(_read, _score_bow_tie, _key)  # 0/1 per target
