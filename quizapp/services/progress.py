"""How long work tells whoever runs it how far it has got, without knowing who that is.

A service that may take a while (importing a large bank, exporting a cohort's responses,
statistics over a big cohort, a regrade, closing overdue attempts) takes an optional
`progress` callable and calls it with (done, total). The CLI turns that into a progress bar
with an estimate (quizapp/cli/progress.py); a page or a test can pass its own or nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""Called with (done, total): how many units of the work are done, out of how many."""

# At most this many reports per run: telling a terminal about each of 100,000 rows would cost
# more than the rows.
REPORTS = 200


class Ticker:
    """Counts units of work against a known total and tells `progress` (if any): at the start,
    every 1/REPORTS of the way and at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self.total = total
        self.done = 0
        self._step = max(1, total // REPORTS)
        self._told = 0
        if progress is not None:
            progress(0, total)

    def tick(self, units: int = 1) -> None:
        """`units` more are done."""
        self.done += units
        if self._progress is not None and (self.done - self._told >= self._step
                                           or self.done >= self.total):
            self._told = self.done
            self._progress(self.done, self.total)
