"""Responses to score in parity tests: many per item, in our stored shape, generated from
the item itself (every subset of a short option list, permutations, per-part choices)."""

from __future__ import annotations

import itertools
import random
from typing import Any

from quizapp.content.model import Question


def _subsets(ids: list[str], limit: int = 0) -> list[list[str]]:
    out = []
    for size in range(0, (limit or len(ids)) + 1):
        out.extend(sorted(c) for c in itertools.combinations(ids, size))
    return out


def generate(q: Question, count: int = 150) -> list[Any]:
    """Responses for `q` (None = unanswered), plus its authored examples."""
    rng = random.Random(q.id)
    ids = [o.id for o in q.options]
    examples = [e.response for e in q.examples]
    if q.type in ("single_choice", "true_false"):
        return [None, *[[i] for i in ids], *examples]
    if q.type in ("select_all", "highlight"):
        return [None, *_subsets(ids), *examples]
    if q.type == "select_n":
        return [None, *_subsets(ids, q.detail.picks if q.detail else 1), *examples]
    if q.type == "ordered_response":
        perms = list(itertools.islice(itertools.permutations(q.key), 60))
        return [None, *[{str(i + 1): [k] for i, k in enumerate(p)} for p in perms]]
    if q.type == "numeric":
        key = q.key[0]
        return [None, [key], [f"{key} {q.detail.unit}" if q.detail else key], ["0"],
                ["-1"], ["1000"], ["12.5"], *examples]
    if q.type == "short_text":
        return [None, *[[a] for a in q.key], *[[a.upper()] for a in q.key], ["wrong"],
                *examples]
    out: list[Any] = [None]
    for _ in range(count):
        answer = {}
        for p in q.parts:
            pool = [o.id for o in (p.options or q.options)]
            picks = p.picks or len(pool)
            chosen = rng.sample(pool, rng.randint(0, picks))
            if chosen:
                answer[p.id] = sorted(chosen)
        out.append(answer)
    return [*out, *examples]


def to_qti(q: Question, response: Any) -> dict[str, Any]:
    """Our stored response as the QTI responses a player would send."""
    if response is None:
        return {}
    if q.type in ("single_choice", "true_false"):
        return {"RESPONSE": f"o_{response[0]}" if response else None}
    if q.type in ("select_all", "highlight", "select_n"):
        return {"RESPONSE": [f"o_{i}" for i in response]}
    if q.type == "ordered_response":
        order = [response[str(i)][0] for i in range(1, len(q.key) + 1) if str(i) in response]
        return {"RESPONSE": [f"o_{i}" for i in order]}
    if q.type in ("matching", "matrix_multiple_choice", "matrix_multiple_response"):
        return {"RESPONSE": [f"p_{pid} o_{oid}" for pid, ids in response.items() for oid in ids]}
    if q.type in ("drop_down_cloze", "drop_down_rationale", "bow_tie"):
        out: dict[str, Any] = {}
        for p in q.parts:
            chosen = [f"o_{i}" for i in response.get(p.id, [])]
            name = f"RESPONSE_{p.id.replace('-', '_')}"
            out[name] = (chosen[0] if chosen else None) if p.picks == 1 else chosen
        return out
    if q.type == "numeric":
        from quizapp.scoring.entry import typed_number

        value = typed_number(q, response[0]) if response else None
        return {"RESPONSE": value}
    return {"RESPONSE": response[0] if response else None}
