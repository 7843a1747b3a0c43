"""Item (question) statistics as Moodle's quiz statistics report defines them.

Over the s attempts that contain item i, with x_p its mark and X_p = T_p - x_p the rest of the
test (the attempt's total without this item):
  facility F = x̄ / x_max                           (Σ earned / Σ possible)
  SD = sqrt(V(x)) / x_max,  V(x) = Σ(x_p - x̄)² / (s - 1)
  discrimination index D = C(x, X) / sqrt(V(x) V(X))   (the item-rest correlation)
  discriminative efficiency DE = C(x, X) / C_max(x, X), where C_max pairs the marks sorted
  with the rest-of-test scores sorted (the largest covariance these marks could have).

Everything above depends only on how many attempts had each (mark, rest-of-test) pair, so the
input is that compact histogram, which the database builds with one GROUP BY: a few hundred
rows instead of one per response. Marks are integers, so the sums are exact (n Σx² - (Σx)²
needs no floating point) and one pass over the histogram computes every statistic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .descriptive import QuizSummary, cronbach_alpha, sample_variance, summarise

# One attempt: (question id, earned, possible) per question, in the order shown.
AttemptMarks = Sequence[tuple[str, int, int]]
# (question id, mark, rest-of-test, possible, number of responses)
Cell = tuple[str, int, int, int, int]
# (column: question id or position, mark, the attempt's possible, number of responses)
ColumnCell = tuple[object, int, int, int]

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
    variance: float | None = None  # V(x) in marks, for Cronbach's alpha


class _Acc:
    __slots__ = ("n", "sx", "sxx", "sr", "srr", "sxr", "possible", "max_mark", "xs", "rs")

    def __init__(self) -> None:
        self.n = self.sx = self.sxx = self.sr = self.srr = self.sxr = 0
        self.possible = self.max_mark = 0
        self.xs: dict[int, int] = {}
        self.rs: dict[int, int] = {}


def item_statistics(cells: Iterable[Cell]) -> dict[str, ItemStats]:
    """Statistics per question id from (question, mark, rest, possible, count) cells."""
    accs: dict[str, _Acc] = {}
    for qid, x, r, possible, c in cells:
        a = accs.get(qid)
        if a is None:
            a = accs[qid] = _Acc()
        a.n += c
        a.sx += c * x
        a.sxx += c * x * x
        a.sr += c * r
        a.srr += c * r * r
        a.sxr += c * x * r
        a.possible += c * possible
        a.max_mark = max(a.max_mark, possible)
        a.xs[x] = a.xs.get(x, 0) + c
        a.rs[r] = a.rs.get(r, 0) + c
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
    cmax = n * _sorted_cross(a.xs, a.rs) - a.sx * a.sr
    variance = vxx / (n * (n - 1))
    sd = math.sqrt(variance) / a.max_mark if a.max_mark else None
    discrimination = cxr / math.sqrt(vxx * vrr) if vxx > 0 and vrr > 0 else None
    efficiency = cxr / cmax if cmax > 0 else None
    return ItemStats(qid, n, a.max_mark, facility, sd, discrimination, efficiency, variance)


def _sorted_cross(xs: Mapping[int, int], rs: Mapping[int, int]) -> int:
    """Σ x_(k) · X_(k) with both samples sorted ascending, from their value counts."""
    total = 0
    r_iter = iter(sorted(rs.items()))
    r_value, r_left = 0, 0
    for x_value, x_left in sorted(xs.items()):
        while x_left:
            if not r_left:
                r_value, r_left = next(r_iter)
            take = min(x_left, r_left)
            total += take * x_value * r_value
            x_left -= take
            r_left -= take
    return total


def quiz_summary(totals: Iterable[tuple[int, int, int]], items: Mapping[str, ItemStats],
                 columns: Iterable[ColumnCell] | None = None) -> QuizSummary:
    """Whole-quiz statistics from (earned, possible, count) per attempt score, with
    Cronbach's alpha over the items. When every attempt had every item out of the same
    maximum, alpha comes from the item variances; otherwise it needs `columns`: each item
    score in percentage points of its attempt, keyed by question (changed maxima) or by
    position (a drawn exam, as Moodle does with its slots)."""
    totals = [t for t in totals if t[2] > 0]
    s = sum(c for _, _, c in totals)
    percents = [(100 * e / p if p else 0.0, c) for e, p, c in totals]
    same_questions = bool(items) and all(i.attempts == s for i in items.values())
    if s == 0:
        alpha, note = None, "No attempts."
    elif same_questions and len({p for _, p, _ in totals}) == 1:
        alpha, note = cronbach_alpha(
            len(items), math.fsum(i.variance or 0.0 for i in items.values()),
            sample_variance((e, c) for e, _, c in totals), s)
    elif columns is not None:
        per: dict[object, list[tuple[float, int]]] = {}
        for key, x, p, c in columns:
            per.setdefault(key, []).append((100 * x / p if p else 0.0, c))
        if any(sum(c for _, c in v) != s for v in per.values()):
            alpha, note = None, "The attempts did not all have the same questions."
        else:
            alpha, note = cronbach_alpha(
                len(per), math.fsum(sample_variance(v) or 0.0 for v in per.values()),
                sample_variance(percents), s)
    else:
        alpha, note = None, ("No attempts." if not s else
                             "The attempts did not all have the same questions.")
    return summarise(percents, alpha, note)


def analyse(attempts: Sequence[AttemptMarks], by_position: bool = True
            ) -> tuple[QuizSummary, dict[str, ItemStats]]:
    """Both reports from per-attempt marks (a convenience over the histogram functions).
    Alpha uses question columns when every attempt has the same questions, else position
    columns if `by_position` (a drawn exam)."""
    cells: dict[tuple[str, int, int, int], int] = {}
    totals: dict[tuple[int, int], int] = {}
    by_question: dict[tuple[object, int, int], int] = {}
    by_place: dict[tuple[object, int, int], int] = {}
    for marks in attempts:
        earned = sum(m[1] for m in marks)
        possible = sum(m[2] for m in marks)
        totals[(earned, possible)] = totals.get((earned, possible), 0) + 1
        for position, (qid, x, p) in enumerate(marks):
            key = (qid, x, earned - x, p)
            cells[key] = cells.get(key, 0) + 1
            by_question[(qid, x, possible)] = by_question.get((qid, x, possible), 0) + 1
            by_place[(position, x, possible)] = by_place.get((position, x, possible), 0) + 1
    items = item_statistics((*k, c) for k, c in cells.items())
    same = all(i.attempts == len(attempts) for i in items.values())
    columns = by_question if same else by_place if by_position else None
    summary = quiz_summary(((e, p, c) for (e, p), c in totals.items()), items,
                           None if columns is None else ((*k, c) for k, c in columns.items()))
    return summary, items


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


def flags(item: ItemStats, never_chosen: Sequence[str] = ()) -> tuple[str, ...]:
    """Why the question needs checking (empty when it looks fine): its discrimination and
    facility, then the options nobody chose (see options.never_chosen), once it has attempts."""
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
        out += never_chosen
    return tuple(out)
