"""The shapes a stored response may take, read strictly: anything else is InvalidResponse.

Responses are JSON. Choice-like items store a sorted list of option ids; items made of parts
(matrix rows, drop-downs, matching items, bow-tie groups, ordered positions) store a mapping of
part id to a sorted list of option ids, leaving out empty parts; typed answers store a list
holding the text, or nothing. Reading is idempotent: reading a read response changes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..content.model import Question
from .score import Score


class InvalidResponse(ValueError):
    """A response that cannot belong to the question (unknown option, wrong shape)."""


@dataclass(frozen=True)
class Kind:
    """How one question type reads, scores and keys its responses."""

    read: Callable[[Question, Any], Any]  # raw or stored -> canonical; raises InvalidResponse
    score: Callable[[Question, Any], Score]  # canonical response -> points
    key: Callable[[Question], Any]  # the canonical response that is the key


def id_list(question: Question, raw: Any, known: Sequence[str], limit: int = 0,
            where: str = "") -> list[str]:
    """A sorted list of distinct ids, all in `known`, at most `limit` of them (0: no limit)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidResponse(f"question '{question.id}'{where} expects a list of option ids")
    unknown = sorted({str(v)[:40] for v in raw if not isinstance(v, str) or v not in known})
    if unknown:
        raise InvalidResponse(f"question '{question.id}'{where} has no option "
                              f"{', '.join(unknown[:5])}")
    chosen = sorted(set(raw))
    if limit and len(chosen) > limit:
        what = "one answer" if limit == 1 else f"at most {limit} choices"
        raise InvalidResponse(f"question '{question.id}'{where} takes {what}; "
                              f"{len(chosen)} were sent")
    return chosen


def part_map(question: Question, raw: Any,
             parts: Mapping[str, tuple[Sequence[str], int]]) -> dict[str, list[str]]:
    """A mapping of part id to its chosen ids; `parts` gives each part's (known ids, limit)."""
    if raw is None or raw == []:
        return {}
    if not isinstance(raw, dict):
        raise InvalidResponse(f"question '{question.id}' expects an answer for each part")
    unknown = sorted(str(p)[:40] for p in raw if p not in parts)
    if unknown:
        raise InvalidResponse(f"question '{question.id}' has no part {', '.join(unknown[:5])}")
    out = {}
    for pid, (known, limit) in parts.items():
        chosen = id_list(question, raw.get(pid), known, limit, f" (part '{pid}')")
        if chosen:
            out[pid] = chosen
    return out


def text_value(question: Question, raw: Any, max_length: int) -> list[str]:
    """A typed answer: [text] with surrounding spaces removed, or [] when blank."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > 1 or not all(isinstance(v, str) for v in raw):
        raise InvalidResponse(f"question '{question.id}' expects one typed answer")
    text = raw[0].strip() if raw else ""
    if len(text) > max_length:
        raise InvalidResponse(f"question '{question.id}' takes at most {max_length} characters; "
                              f"{len(text)} were sent")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidResponse(f"question '{question.id}': the answer has control characters")
    return [text] if text else []


def pairs(answer: Mapping[str, Sequence[str]]) -> frozenset[str]:
    """Part-option pairs, so "every part exactly right" is one all-or-nothing comparison."""
    return frozenset(f"{pid}:{oid}" for pid, ids in answer.items() for oid in ids)


def answer_text(answer: Any, part_order: Sequence[str] = ()) -> str:
    """A stored response as one readable line (the `answer` column of responses.csv).

    Option ids are separated by spaces (`a c`); a typed answer is its text; an answer made of
    parts is `part=ids` per part, separated by `; `, in the question's part order (`part_order`,
    then any other part by name): `1=check; 2=identify` (ordered response: position=option),
    `condition=hyper; actions=glucose stop` (bow-tie). No answer is an empty cell."""
    if isinstance(answer, dict):
        rank = {pid: i for i, pid in enumerate(part_order)}
        names = sorted(answer, key=lambda pid: (rank.get(pid, len(rank)), str(pid)))
        return "; ".join(f"{pid}={' '.join(map(str, answer[pid]))}" for pid in names
                         if answer[pid])
    if isinstance(answer, list):
        return " ".join(map(str, answer))
    return "" if answer is None else str(answer)
