"""Progress bars for the long commands (import, exports, stats, regrade, close-overdue):
click's progress bar, with an estimate of the time left, on stderr. Only when stderr is a
terminal and --quiet is not given, so a cron job's mail, a log file and the CSV on stdout
never see it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any, TextIO, TypeVar

import click

from ..services.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])

quiet_option: Callable[[F], F] = click.option(
    "--quiet", "-q", is_flag=True, help="No progress bar (there is none either when standard "
                                        "error is not a terminal).")


@contextmanager
def progress_bar(label: str, quiet: bool, file: TextIO | None = None) -> Iterator[Progress]:
    """A `progress` callable for a service: it draws a bar (position, percent, time left) on
    `file` (default: stderr) once the service says how much there is to do."""
    stream = _stderr() if file is None else file
    if quiet or not stream.isatty():
        yield _silent
        return
    with ExitStack() as stack:
        bars: list[Any] = []

        def report(done: int, total: int) -> None:
            if not bars:
                if total <= 0:
                    return
                bars.append(stack.enter_context(click.progressbar(
                    length=total, label=label, file=stream, show_eta=True, show_pos=True,
                    show_percent=True)))
            bar = bars[0]
            bar.update(done - bar.pos)

        yield report


def _stderr() -> TextIO:
    """Standard error as it is now (CliRunner swaps it; a test may make it a terminal)."""
    return sys.stderr


def _silent(done: int, total: int) -> None:
    """Nobody is watching."""
