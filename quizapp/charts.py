"""Bar charts as plain geometry for server-drawn SVG (the bar_chart macro in
templates/instructor/_macros.html draws them).

No Flask, no database: give labels and values, get rectangles, ticks and a text description
that the SVG carries as its <desc> (the page also shows the numbers as a table).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 56
MAX_BAR = 72


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    x_label: str
    y_label: str
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, int], ...]  # (y position, value)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT

    @property
    def label_every(self) -> int:
        """Show every n-th x label so they don't overlap."""
        return max(1, math.ceil(len(self.bars) / 12))


def _nice_max(top: int) -> tuple[int, int]:
    """A round axis maximum at or above `top`, and its tick step."""
    if top <= 5:
        return max(top, 1), 1
    magnitude = 10 ** int(math.log10(top))
    for step in (magnitude / 5, magnitude / 2, magnitude, magnitude * 2):
        if step >= 1 and top / step <= 6:
            step = int(step)
            return int(math.ceil(top / step) * step), step
    return top, top


def bar_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
              values: Sequence[int], x_label: str, y_label: str) -> BarChart:
    """Lay out one bar per value, scaled to a round maximum, with y ticks."""
    axis_max, step = _nice_max(max(values, default=0))
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(values), 1)
    bar_w = min(slot - min(8.0, slot * 0.2), MAX_BAR)
    bars = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / axis_max
        bars.append(Bar(label, value, round(LEFT + i * slot + (slot - bar_w) / 2, 2),
                        round(TOP + plot_h - h, 2), round(bar_w, 2), round(h, 2)))
    ticks = tuple((round(TOP + plot_h - plot_h * v / axis_max, 2), v)
                  for v in range(0, axis_max + 1, step))
    return BarChart(chart_id, title, description, x_label, y_label, tuple(bars), ticks)
