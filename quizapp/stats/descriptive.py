"""Whole-quiz statistics as Moodle's quiz statistics report defines them.

With s attempts scoring T_p (percent of the attempt's maximum) and mean T̄ (attempts come as
(score, count) pairs, a histogram, so the database can group them first):
  SD = sqrt(Σ(T_p - T̄)² / (s - 1))
  m_j = Σ(T_p - T̄)^j / s,   k2 = s m2 / (s - 1),   k3 = s² m3 / ((s - 1)(s - 2))
  k4 = s² ((s + 1) m4 - 3 (s - 1) m2²) / ((s - 1)(s - 2)(s - 3))
  skewness = k3 / k2^(3/2),   kurtosis = k4 / k2²
  Cronbach's alpha (CIC) = k / (k - 1) · (1 - Σ V(item) / V(T))   over the k items (columns)
  error ratio ER = sqrt(1 - alpha),   standard error SE = ER · SD
  alpha, ER and SE only with more than two attempts (s > 2), as Moodle computes them
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class QuizSummary:
    """Statistics of attempt totals. Percent values are of each attempt's maximum score."""

    attempts: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    alpha: float | None          # Cronbach's alpha / coefficient of internal consistency, ≤ 1
    error_ratio: float | None    # sqrt(1 - alpha), a fraction
    standard_error: float | None  # ER · SD, in percentage points
    alpha_note: str = ""         # why alpha is undefined, when it is


Weighted = Iterable[tuple[float, int]]  # (value, how many times it occurs)


def median(values: Weighted) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    pairs = sorted((v, c) for v, c in values if c > 0)
    n = sum(c for _, c in pairs)
    if n == 0:
        return None
    wanted = {(n - 1) // 2, n // 2}  # 0-based ranks of the middle value(s)
    found, seen = [], 0
    for value, count in pairs:
        found += [value] * sum(1 for r in wanted if seen <= r < seen + count)
        seen += count
    return (found[0] + found[-1]) / 2


def sample_variance(values: Weighted) -> float | None:
    """Σ(x - x̄)² / (n - 1), or None for fewer than two values."""
    pairs = [(v, c) for v, c in values if c > 0]
    n = sum(c for _, c in pairs)
    if n < 2:
        return None
    mean = math.fsum(v * c for v, c in pairs) / n
    return math.fsum(c * (v - mean) ** 2 for v, c in pairs) / (n - 1)


def cronbach_alpha(k: int, item_variance: float, total_variance: float | None,
                   attempts: int) -> tuple[float | None, str]:
    """k / (k - 1) · (1 - Σ V(item) / V(T)), or None with the reason it is undefined (fewer
    than two questions, two attempts or fewer, no variance), as in Moodle's report."""
    if k < 2:
        return None, "Needs at least two questions."
    if attempts < 3 or total_variance is None:
        return None, "Needs more than two attempts."
    if total_variance <= 0:
        return None, "Every attempt has the same score (no variance)."
    return k / (k - 1) * (1 - item_variance / total_variance), ""


def summarise(totals: Weighted, alpha: float | None = None,
              alpha_note: str = "") -> QuizSummary:
    """Statistics of `totals` ((percent score, count) pairs), with Cronbach's alpha computed
    by the caller (it needs the item scores) and the error ratio and standard error from it."""
    pairs = [(v, c) for v, c in totals if c > 0]
    s = sum(c for _, c in pairs)
    if s == 0:
        return QuizSummary(0, None, None, None, None, None, None, None, None,
                           alpha_note or "No attempts.")
    mean = math.fsum(v * c for v, c in pairs) / s
    sd = skewness = kurtosis = None
    p2 = math.fsum(c * (v - mean) ** 2 for v, c in pairs)
    if s > 1:
        sd = math.sqrt(p2 / (s - 1))
    k2 = p2 / (s - 1) if s > 1 else 0.0
    if s > 2 and k2 > 0:
        m2 = p2 / s
        m3 = math.fsum(c * (v - mean) ** 3 for v, c in pairs) / s
        k3 = s * s * m3 / ((s - 1) * (s - 2))
        skewness = k3 / k2 ** 1.5
        if s > 3:
            m4 = math.fsum(c * (v - mean) ** 4 for v, c in pairs) / s
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            kurtosis = k4 / (k2 * k2)
    error_ratio = math.sqrt(max(0.0, 1 - alpha)) if alpha is not None else None
    standard_error = error_ratio * sd if error_ratio is not None and sd is not None else None
    return QuizSummary(s, mean, median(pairs), sd, skewness, kurtosis, alpha, error_ratio,
                       standard_error, alpha_note)
