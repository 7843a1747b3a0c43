"""What students chose, counted per part and option for every item type: the option tables of
the item statistics. Pure: it reads stored answers (JSON text, as the database groups them)
against the newest version of the question.

Choice items count each option; items made of parts (matching, the matrices, cloze, drop-down
rationale, bow-tie) count each option within each part; an ordered response counts each item
at each position; typed answers are grouped by what the grader compares (short text after its
normalisation, numbers by value), each marked when it is accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ...content.model import Question
from ...scoring import grade, rules
from ...scoring.entry import typed_number
from ...stats import OptionGroup, option_group, typed_group
from ..questions.labels import part_label, plain

CHOICE_TYPES = ("single_choice", "true_false", "select_all", "select_n", "highlight")
SHARED_TYPES = ("matching", "matrix_multiple_choice", "matrix_multiple_response",
                "ordered_response")
TYPED_ROWS = 30  # the most frequent typed answers shown; the rest are summed up
Parsed = list[tuple[Any, int]]  # (stored answer, responses)


def option_groups(question: Question, answers: Mapping[str | None, int],
                  responses: int) -> tuple[OptionGroup, ...]:
    """The option table(s) of `question` from its stored answers (JSON text -> responses)."""
    parsed = [(_load(text), n) for text, n in answers.items()]
    if question.type in CHOICE_TYPES:
        return (_choice(question, parsed, responses),)
    if question.type in ("short_text", "numeric"):
        return (_typed(question, parsed, responses),)
    return _parts(question, parsed, responses)


def is_blank(text: str | None) -> bool:
    """True for a stored answer that answers nothing (no response, [], {})."""
    return not _load(text)


def _load(text: str | None) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None


def _options(question: Question, key: Iterable[str], own: Iterable[Any] = ()
             ) -> list[tuple[str, str, bool]]:
    keys = set(key)
    return [(o.id, plain(o.text, 120), o.id in keys) for o in (own or question.options)]


def _choice(q: Question, parsed: Parsed, responses: int) -> OptionGroup:
    counts: dict[str, int] = {}
    answered = 0
    for answer, n in parsed:
        if isinstance(answer, list) and answer:
            answered += n
            for oid in set(map(str, answer)):
                counts[oid] = counts.get(oid, 0) + n
    return option_group("", "", _options(q, q.key), counts, responses, answered)


def _part_counts(parsed: Parsed) -> dict[str, tuple[dict[str, int], int]]:
    """Per part id: (responses per option id, responses that answered the part)."""
    out: dict[str, tuple[dict[str, int], int]] = {}
    for answer, n in parsed:
        if not isinstance(answer, dict):
            continue
        for pid, ids in answer.items():
            if not isinstance(ids, list) or not ids:
                continue
            counts, answered = out.get(str(pid), ({}, 0))
            for oid in set(map(str, ids)):
                counts[oid] = counts.get(oid, 0) + n
            out[str(pid)] = (counts, answered + n)
    return out


def _parts(q: Question, parsed: Parsed, responses: int) -> tuple[OptionGroup, ...]:
    """One group per part (per position for an ordered response), in the question's order;
    parts only an older version had come last."""
    counted = _part_counts(parsed)
    shared = q.type in SHARED_TYPES
    if q.type == "ordered_response":
        layout = [(str(i), _options(q, [k])) for i, k in enumerate(q.key, 1)]
    else:
        layout = [(p.id, _options(q, p.key, p.options)) for p in q.parts]
    known = {pid for pid, _ in layout}
    layout += [(pid, []) for pid in sorted(set(counted) - known)]
    groups = []
    for pid, options in layout:
        counts, answered = counted.get(pid, ({}, 0))
        label = part_label(q, pid) if pid in known else f"Part '{pid}' (not in this version)"
        groups.append(option_group(pid, label, options, counts, responses, answered,
                                   shared=shared))
    return tuple(groups)


def _typed(q: Question, parsed: Parsed, responses: int) -> OptionGroup:
    """Typed answers grouped as the grader reads them, most frequent first."""
    rows: dict[str, list[Any]] = {}  # shown text -> [accepted, responses]
    answered = 0
    for answer, n in parsed:
        if not (isinstance(answer, list) and answer and isinstance(answer[0], str)):
            continue
        answered += n
        shown, accepted = _read_typed(q, answer[0])
        row = rows.setdefault(shown, [accepted, 0])
        row[1] += n
    ordered = sorted(rows.items(), key=lambda r: (-r[1][1], r[0]))
    out = [(text, accepted, n) for text, (accepted, n) in ordered[:TYPED_ROWS]]
    for accepted in (True, False):
        rest = [n for _, (ok, n) in ordered[TYPED_ROWS:] if ok == accepted]
        if rest:
            what = "accepted answers" if accepted else "answers"
            out.append((f"{len(rest)} other {what}", accepted, sum(rest)))
    return typed_group(out, responses, answered, "Answers typed")


def _read_typed(q: Question, text: str) -> tuple[str, bool]:
    """What the grader compares (the normalised text, or the number) and whether it scores."""
    score = grade(q, [text])
    accepted = score.possible > 0 and score.earned == score.possible
    if q.type == "numeric":
        value = typed_number(q, text)
        unit = f" {q.detail.unit}" if q.detail and q.detail.unit else ""
        return ("(not a number)" if value is None else f"{value.normalize():f}{unit}"), accepted
    case_sensitive = q.detail.case_sensitive if q.detail else False
    return rules.normalise_text(text, case_sensitive), accepted
