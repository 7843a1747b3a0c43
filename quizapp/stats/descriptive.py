"""Whole-quiz statistics as Moodle's quiz statistics report defines them.

With s attempts scoring T_p (percent of the attempt's maximum) and mean T̄:
  SD = sqrt(Σ(T_p - T̄)² / (s - 1))
  m_j = Σ(T_p - T̄)^j / s,   k2 = s m2 / (s - 1),   k3 = s² m3 / ((s - 1)(s - 2))
  k4 = s² ((s + 1) m4 - 3 (s - 1) m2²) / ((s - 1)(s - 2)(s - 3))
  skewness = k3 / k2^(3/2),   kurtosis = k4 / k2²
  Cronbach's alpha (CIC) = k / (k - 1) · (1 - Σ V(item) / V(T))   over the k items (columns)
  error ratio ER = sqrt(1 - alpha),   standard error SE = ER · SD
"""

from __future__ import annotations

import math
from collections.abc import Sequence
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


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def sample_variance(values: Sequence[float]) -> float | None:
    """Σ(x - x̄)² / (n - 1), or None for fewer than two values."""
    n = len(values)
    if n < 2:
        return None
    mean = math.fsum(values) / n
    return math.fsum((v - mean) ** 2 for v in values) / (n - 1)


def summarise(totals: Sequence[float],
                    columns: Sequence[Sequence[float]] | None = None,
                    alpha_note: str = "") -> QuizSummary:
    """Statistics of `totals` (one percent score per attempt). `columns` are the item scores
    per attempt in the same units (each attempt's item scores add up to its total); they give
    Cronbach's alpha. Without columns (or with fewer than two) alpha is None and
    `alpha_note` says why."""
    s = len(totals)
    if s == 0:
        return QuizSummary(0, None, None, None, None, None, None, None, None,
                         alpha_note or "No attempts.")
    mean = math.fsum(totals) / s
    sd = skewness = kurtosis = None
    p2 = math.fsum((t - mean) ** 2 for t in totals)
    if s > 1:
        sd = math.sqrt(p2 / (s - 1))
    k2 = p2 / (s - 1) if s > 1 else 0.0
    if s > 2 and k2 > 0:
        m2 = p2 / s
        m3 = math.fsum((t - mean) ** 3 for t in totals) / s
        k3 = s * s * m3 / ((s - 1) * (s - 2))
        skewness = k3 / k2 ** 1.5
        if s > 3:
            m4 = math.fsum((t - mean) ** 4 for t in totals) / s
            k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
            kurtosis = k4 / (k2 * k2)
    alpha, note = _alpha(columns, k2, s, alpha_note)
    error_ratio = math.sqrt(max(0.0, 1 - alpha)) if alpha is not None else None
    standard_error = error_ratio * sd if error_ratio is not None and sd is not None else None
    return QuizSummary(s, mean, median(totals), sd, skewness, kurtosis, alpha, error_ratio,
                     standard_error, note)


def _alpha(columns: Sequence[Sequence[float]] | None, total_variance: float, s: int,
           note: str) -> tuple[float | None, str]:
    if columns is None:
        return None, note or "The attempts do not share one set of questions."
    k = len(columns)
    if k < 2:
        return None, "Needs at least two questions."
    if s < 2:
        return None, "Needs at least two attempts."
    if total_variance <= 0:
        return None, "Every attempt has the same score (no variance)."
    item_variance = math.fsum(sample_variance(c) or 0.0 for c in columns)
    return k / (k - 1) * (1 - item_variance / total_variance), ""
