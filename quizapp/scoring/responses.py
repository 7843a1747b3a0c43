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

from .gradable import Gradable
from .score import Score


class InvalidResponse(ValueError):
    """A response that cannot belong to the question (unknown option, wrong shape).

    `reason` says why in a word a caller can turn into a message for a person ("shape",
    "unknown_option", "unknown_part", "too_many", "too_long", "control"); `part` names the
    part the problem is in, `limit` and `sent` the numbers of a "too_many" or "too_long".
    """

    def __init__(self, message: str, reason: str = "shape", *, part: str | None = None,
                 limit: int = 0, sent: int = 0) -> None:
        super().__init__(message)
        self.reason, self.part, self.limit, self.sent = reason, part, limit, sent


@dataclass(frozen=True)
class Kind:
    """How one question type reads, scores and keys its responses."""

    read: Callable[[Gradable, Any], Any]  # raw or stored -> canonical; raises InvalidResponse
    score: Callable[[Gradable, Any], Score]  # canonical response -> points
    key: Callable[[Gradable], Any]  # the canonical response that is the key


def id_list(question: Gradable, raw: Any, known: Sequence[str], limit: int = 0,
            part: str | None = None) -> list[str]:
    """A sorted list of distinct ids, all in `known`, at most `limit` of them (0: no limit);
    `part` names the part they answer, for the error."""
    where = f" (part '{part}')" if part else ""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InvalidResponse(f"question '{question.id}'{where} expects a list of option ids",
                              part=part)
    unknown = sorted({str(v)[:40] for v in raw if not isinstance(v, str) or v not in known})
    if unknown:
        raise InvalidResponse(f"question '{question.id}'{where} has no option "
                              f"{', '.join(unknown[:5])}", "unknown_option", part=part)
    chosen = sorted(set(raw))
    if limit and len(chosen) > limit:
        what = "one answer" if limit == 1 else f"at most {limit} choices"
        raise InvalidResponse(f"question '{question.id}'{where} takes {what}; "
                              f"{len(chosen)} were sent", "too_many", part=part, limit=limit,
                              sent=len(chosen))
    return chosen


def part_map(question: Gradable, raw: Any,
             parts: Mapping[str, tuple[Sequence[str], int]]) -> dict[str, list[str]]:
    """A mapping of part id to its chosen ids; `parts` gives each part's (known ids, limit)."""
    if raw is None or raw == []:
        return {}
    if not isinstance(raw, dict):
        raise InvalidResponse(f"question '{question.id}' expects an answer for each part")
    unknown = sorted(str(p)[:40] for p in raw if p not in parts)
    if unknown:
        raise InvalidResponse(f"question '{question.id}' has no part {', '.join(unknown[:5])}",
                              "unknown_part")
    out = {}
    for pid, (known, limit) in parts.items():
        chosen = id_list(question, raw.get(pid), known, limit, pid)
        if chosen:
            out[pid] = chosen
    return out


def text_value(question: Gradable, raw: Any, max_length: int) -> list[str]:
    """A typed answer: [text] with surrounding spaces removed, or [] when blank."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > 1 or not all(isinstance(v, str) for v in raw):
        raise InvalidResponse(f"question '{question.id}' expects one typed answer")
    text = raw[0].strip() if raw else ""
    if len(text) > max_length:
        raise InvalidResponse(f"question '{question.id}' takes at most {max_length} characters; "
                              f"{len(text)} were sent", "too_long", limit=max_length,
                              sent=len(text))
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise InvalidResponse(f"question '{question.id}': the answer has control characters",
                              "control")
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
