"""Choice-like types: one list of options, a response that is a list of option ids.

single_choice and true_false (0/1), select_all (+/- or all-or-nothing), select_n (0/1 per key
chosen, at most N), highlight (+/- over the passage's phrases) and ordered_response (one
drop-down per position; all-or-nothing or 0/1 per position).
"""

from __future__ import annotations

from typing import Any

from . import rules
from .gradable import Gradable
from .responses import Kind, id_list, part_map
from .score import Score


def _ids(q: Gradable) -> list[str]:
    return [o.id for o in q.options]


def _key(q: Gradable) -> list[str]:
    return sorted(q.key)


def _read_one(q: Gradable, raw: Any) -> list[str]:
    return id_list(q, raw, _ids(q), limit=1)


def _score_one(q: Gradable, answer: list[str]) -> Score:
    return rules.zero_one([frozenset(answer) == frozenset(q.key)])


def _read_many(q: Gradable, raw: Any) -> list[str]:
    return id_list(q, raw, _ids(q))


def _score_many(q: Gradable, answer: list[str]) -> Score:
    chosen, keys = frozenset(answer), frozenset(q.key)
    if q.scoring == "all_or_nothing":
        return rules.all_or_nothing(chosen, keys)
    return rules.plus_minus(chosen, keys)


def _picks(q: Gradable) -> int:
    return q.detail.picks if q.detail else 1


def _read_n(q: Gradable, raw: Any) -> list[str]:
    return id_list(q, raw, _ids(q), limit=_picks(q))


def _score_n(q: Gradable, answer: list[str]) -> Score:
    chosen, keys, n = frozenset(answer), frozenset(q.key), _picks(q)
    if q.scoring == "all_or_nothing":
        # Full marks for N keyed options; with more keys than N, any N of them will do.
        return Score(1 if len(chosen) == n and chosen <= keys else 0, 1)
    return rules.select_n(chosen, keys, n)


def _positions(q: Gradable) -> dict[str, tuple[list[str], int]]:
    return {str(i): (_ids(q), 1) for i in range(1, len(q.key) + 1)}


def _read_order(q: Gradable, raw: Any) -> dict[str, list[str]]:
    return part_map(q, raw, _positions(q))


def _score_order(q: Gradable, answer: dict[str, list[str]]) -> Score:
    chosen = [answer.get(str(i), [""])[0] for i in range(1, len(q.key) + 1)]
    return rules.ordered(chosen, q.key, q.scoring)


# The graders; content/types names the one each question type uses.
ONE = Kind(_read_one, _score_one, _key)  # one option: 0/1
MANY = Kind(_read_many, _score_many, _key)  # any number of options: +/- or all-or-nothing
PICK_N = Kind(_read_n, _score_n, lambda q: sorted(q.key[:_picks(q)]))  # at most N: 1 per key
ORDER = Kind(_read_order, _score_order,  # one option per position
             lambda q: {str(i + 1): [k] for i, k in enumerate(q.key)})
