"""What a simulated student answers: the key where they know it, a plausible slip where they
don't. Pure: a question, a generator and a "does the student get this piece right?" draw.

An answer is built piece by piece (an option of a select-all, a part of a matrix or cloze, a
group of a bow-tie), each piece right or wrong on its own draw, so multi-part items earn
partial credit the way real answers do. A wrong piece is a neighbour of the key, never noise:
another option of the same drop-down, a distractor in place of a keyed option, two steps of an
order swapped, a number off by a factor of ten. The real grader then scores it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from ...content.model import Question
from ...content.types import TYPES, key_answer
from ...scoring import choice, entry

Draw = Callable[[], bool]  # True: this piece is answered right
# A student who would get a one-piece item right with chance p gets each piece of a
# several-piece item right with chance p ** PIECE_EXPONENT: knowing a topic helps with every
# piece, so the pieces are not independent coin flips (which would make partial-credit items
# far harder than their difficulty says).
PIECE_EXPONENT = 0.7


def answer_for(question: Question, chance: float, rng: random.Random) -> Any:
    """A response to `question` as its widget would send it, by a student who would get the
    whole item right with probability `chance` were it one piece."""
    grader = TYPES[question.type].grader
    pieces = (len(question.parts) if question.parts else len(question.key)
              if grader in (choice.MANY, choice.PICK_N) else 1)
    piece = chance if pieces <= 1 else chance ** PIECE_EXPONENT

    def right() -> bool:
        return rng.random() < piece

    if question.parts:
        return _parts(question, right, rng)
    if grader is choice.ORDER:
        return _order(question, right(), rng)
    if grader in (entry.NUMBER, entry.TEXT):
        return key_answer(question) if right() else [_typed_slip(question)]
    ids = [o.id for o in question.options]
    if grader is choice.ONE:
        return list(question.key) if right() else [_other(ids, question.key, rng)]
    if grader is choice.PICK_N:
        return _swap_some(key_answer(question), ids, question.key, right, rng)
    return _select_many(ids, question.key, right, rng)


def _other(ids: Sequence[str], key: Sequence[str], rng: random.Random) -> str:
    """A choice that is not keyed (or any choice, when every one is)."""
    wrong = [i for i in ids if i not in key]
    return rng.choice(wrong or list(ids))


def _swap_some(picks: list[str], ids: Sequence[str], key: Sequence[str], right: Draw,
               rng: random.Random) -> list[str]:
    """Each keyed pick kept when right, else replaced by an unkeyed choice not yet taken."""
    out: list[str] = []
    for pick in picks:
        spare = [i for i in ids if i not in key and i not in out]
        out.append(pick if right() or not spare else rng.choice(spare))
    return sorted(set(out))


def _select_many(ids: Sequence[str], key: Sequence[str], right: Draw,
                 rng: random.Random) -> list[str]:
    """Select-all and highlight: each keyed option found when right; a miss leaves it out
    or, half the time, ticks a distractor instead."""
    chosen: set[str] = set()
    for k in key:
        if right():
            chosen.add(k)
        elif rng.random() < 0.5 and (spare := [i for i in ids if i not in key]):
            chosen.add(rng.choice(spare))
    if not chosen:  # nobody submits a select-all with nothing ticked
        chosen.add(_other(ids, key, rng))
    return sorted(chosen)


def _order(question: Question, right: bool, rng: random.Random) -> dict[str, list[str]]:
    """The key's order, or the key with two neighbouring steps swapped."""
    steps = list(question.key)
    if not right and len(steps) > 1:
        i = rng.randrange(len(steps) - 1)
        steps[i], steps[i + 1] = steps[i + 1], steps[i]
    return {str(n): [step] for n, step in enumerate(steps, start=1)}


def _parts(question: Question, right: Draw, rng: random.Random) -> dict[str, list[str]]:
    """Matrix rows, matching items, drop-downs and bow-tie groups, each right or wrong on
    its own draw."""
    out: dict[str, list[str]] = {}
    for part in question.parts:
        ids = [o.id for o in (part.options or question.options)]
        key = sorted(part.key)
        if part.picks == 0:  # a matrix row that takes any number: one box toggled
            chosen = key if right() else sorted(set(key) ^ {rng.choice(ids)})
        elif part.picks == 1:
            chosen = key if right() else [_other(ids, key, rng)]
        else:  # a bow-tie group: each keyed pick right or swapped for a distractor
            chosen = _swap_some(key, ids, key, right, rng)
        if chosen:
            out[part.id] = chosen
    return out


def _typed_slip(question: Question) -> str:
    """A typed answer that misses: a number off by a factor of ten, or a blank guess."""
    try:
        return str(Decimal(question.key[0]) * 10 + 1)
    except (InvalidOperation, IndexError):
        return "not sure"
