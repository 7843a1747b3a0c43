"""Score histograms and completion over time, as counts ready to draw or tabulate."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Bin:
    low: int    # inclusive, percent
    high: int   # exclusive, except the last bin which includes 100
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}%" if self.high == 100 else f"{self.low}–{self.high - 1}%"


@dataclass(frozen=True)
class Period:
    start: date
    new: int
    cumulative: int


def histogram(percents: Iterable[tuple[float, int]], width: int = 10) -> tuple[Bin, ...]:
    """Counts of (score, count) pairs in bins of `width` percent: 0-9, 10-19, ..., 90-100."""
    if width <= 0 or 100 % width:
        raise ValueError("width must divide 100")
    counts: Counter[int] = Counter()
    for p, c in percents:
        counts[min(int(p // width), 100 // width - 1)] += c
    return tuple(Bin(i * width, (i + 1) * width, counts.get(i, 0)) for i in range(100 // width))


def cumulative_by_period(days: Iterable[date], max_periods: int = 31) -> tuple[Period, ...]:
    """How many events (e.g. students completing) per day, with the running total. Spans longer
    than `max_periods` days are grouped by week (Mondays), then by 4-week blocks."""
    counts = Counter(days)
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    step = 1
    for candidate in (1, 7, 28, 91, 364):
        step = candidate
        if (last - first).days // candidate < max_periods:
            break
    origin = first - timedelta(days=first.weekday()) if step > 1 else first
    grouped: Counter[date] = Counter()
    for day, n in counts.items():
        grouped[origin + timedelta(days=((day - origin).days // step) * step)] += n
    out, running = [], 0
    start = origin
    while start <= last:
        running += grouped.get(start, 0)
        out.append(Period(start, grouped.get(start, 0), running))
        start += timedelta(days=step)
    return tuple(out)
