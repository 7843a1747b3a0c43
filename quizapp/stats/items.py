"""Item (question) statistics as Moodle's quiz statistics report defines them.

Over the s attempts that contain item i, with x_p its mark and X_p = T_p - x_p the rest of the
test (the attempt's total without this item):
  facility F = x̄ / x_max                           (Σ earned / Σ possible)
  SD = sqrt(V(x)) / x_max,  V(x) = Σ(x_p - x̄)² / (s - 1)
  discrimination index D = C(x, X) / sqrt(V(x) V(X))   (the item-rest correlation)
  discriminative efficiency DE = C(x, X) / C_max(x, X), where C_max pairs the marks sorted
  with the rest-of-test scores sorted (the largest covariance these marks could have).
Marks are integers, so the sums below are exact (n Σx² - (Σx)² needs no floating point) and
each statistic is computed in one pass over the attempts plus one sort per item.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .descriptive import QuizSummary, summarise

# One attempt: (question id, earned, possible) per question, in the order shown.
AttemptMarks = Sequence[tuple[str, int, int]]

LOW_DISCRIMINATION = 0.2
LOW_FACILITY = 0.10
HIGH_FACILITY = 0.95


@dataclass(frozen=True)
class OptionStat:
    id: str
    text: str
    is_key: bool
    count: int       # responses that chose this option
    share: float | None  # count / responses


@dataclass(frozen=True)
class ItemStats:
    question_id: str
    attempts: int
    max_mark: int
    facility: float | None        # 0..1
    sd: float | None              # fraction of max_mark
    discrimination: float | None  # correlation, -1..1
    efficiency: float | None      # fraction, ≤ 1


@dataclass
class _Acc:
    n: int = 0
    sx: int = 0
    sxx: int = 0
    sr: int = 0
    srr: int = 0
    sxr: int = 0
    possible: int = 0
    max_mark: int = 0
    x_counts: dict[int, int] = field(default_factory=dict)
    rests: list[int] = field(default_factory=list)


def item_statistics(attempts: Sequence[AttemptMarks]) -> dict[str, ItemStats]:
    """Statistics per question id over the attempts that contain it."""
    accs: dict[str, _Acc] = {}
    for marks in attempts:
        total = sum(m[1] for m in marks)
        for qid, x, possible in marks:
            a = accs.get(qid)
            if a is None:
                a = accs[qid] = _Acc()
            r = total - x
            a.n += 1
            a.sx += x
            a.sxx += x * x
            a.sr += r
            a.srr += r * r
            a.sxr += x * r
            a.possible += possible
            if possible > a.max_mark:
                a.max_mark = possible
            a.x_counts[x] = a.x_counts.get(x, 0) + 1
            a.rests.append(r)
    return {qid: _finish(qid, a) for qid, a in accs.items()}


def _finish(qid: str, a: _Acc) -> ItemStats:
    n = a.n
    facility = a.sx / a.possible if a.possible else None
    if n < 2:
        return ItemStats(qid, n, a.max_mark, facility, None, None, None)
    # n² times the (co)variances: exact integers.
    vxx = n * a.sxx - a.sx * a.sx
    vrr = n * a.srr - a.sr * a.sr
    cxr = n * a.sxr - a.sx * a.sr
    cmax = n * _sorted_cross(a.x_counts, sorted(a.rests)) - a.sx * a.sr
    sd = math.sqrt(vxx / (n * (n - 1))) / a.max_mark if a.max_mark else None
    discrimination = cxr / math.sqrt(vxx * vrr) if vxx > 0 and vrr > 0 else None
    efficiency = cxr / cmax if cmax > 0 else None
    return ItemStats(qid, n, a.max_mark, facility, sd, discrimination, efficiency)


def _sorted_cross(x_counts: Mapping[int, int], sorted_rests: list[int]) -> int:
    """Σ x_(k) · X_(k) with both sequences sorted ascending (x given as value counts)."""
    total, start = 0, 0
    for x in sorted(x_counts):
        end = start + x_counts[x]
        total += x * sum(sorted_rests[start:end])
        start = end
    return total


def analyse(attempts: Sequence[AttemptMarks]) -> tuple[QuizSummary, dict[str, ItemStats]]:
    """Whole-quiz and per-item statistics. Totals are percent of each attempt's maximum;
    alpha uses one column per question when every attempt has the same questions, else one
    per position when every attempt has as many questions (a drawn exam, as Moodle's slots)."""
    totals: list[float] = []
    for marks in attempts:
        possible = sum(m[2] for m in marks)
        totals.append(100 * sum(m[1] for m in marks) / possible if possible else 0.0)
    columns, note = _columns(attempts)
    return summarise(totals, columns, note), item_statistics(attempts)


def _columns(attempts: Sequence[AttemptMarks]) -> tuple[list[list[float]] | None, str]:
    if not attempts:
        return None, "No attempts."
    first = sorted(m[0] for m in attempts[0])
    same_questions = all(sorted(m[0] for m in marks) == first for marks in attempts)
    if not same_questions and any(len(marks) != len(first) for marks in attempts):
        return None, "The attempts had different numbers of questions."
    index = {qid: i for i, qid in enumerate(first)}
    columns: list[list[float]] = [[] for _ in first]
    for marks in attempts:
        possible = sum(m[2] for m in marks) or 1
        for position, (qid, x, _) in enumerate(marks):
            columns[index[qid] if same_questions else position].append(100 * x / possible)
    return columns, ""


def option_stats(options: Sequence[tuple[str, str, bool]], counts: Mapping[str, int],
                 responses: int) -> tuple[OptionStat, ...]:
    """How often each option was chosen, in the question's own option order. Options seen in
    responses but missing from `options` (an older version's) come last."""
    known = [o[0] for o in options]
    extra = sorted(set(counts) - set(known))
    rows = list(options) + [(oid, "(not in the current version)", False) for oid in extra]
    return tuple(OptionStat(oid, text, is_key, counts.get(oid, 0),
                            counts.get(oid, 0) / responses if responses else None)
                 for oid, text, is_key in rows)


def flags(item: ItemStats, options: Sequence[OptionStat]) -> tuple[str, ...]:
    """Why the question needs checking (empty when it looks fine)."""
    out = []
    d = item.discrimination
    if d is not None and d < 0:
        out.append("Negative discrimination: students who do well on the rest of the quiz "
                   "tend to get this wrong. Check the key.")
    elif d is not None and d < LOW_DISCRIMINATION:
        out.append(f"Low discrimination (below {LOW_DISCRIMINATION:.0%}): it barely separates "
                   "stronger from weaker students.")
    f = item.facility
    if f is not None and f < LOW_FACILITY:
        out.append(f"Very hard: facility below {LOW_FACILITY:.0%}. Check the key and wording.")
    elif f is not None and f > HIGH_FACILITY:
        out.append(f"Very easy: facility above {HIGH_FACILITY:.0%}.")
    if item.attempts:
        for o in options:
            if o.count == 0:
                what = "the key" if o.is_key else "a distractor that does not work"
                out.append(f"Option '{o.id}' was never chosen ({what}).")
    return tuple(out)
