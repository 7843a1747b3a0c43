"""`quiz demo-class`: a cohort of simulated students for trying the instructor's pages, and
`quiz demo-class --remove` to take it out again."""

from __future__ import annotations

import sys
import time

import click

from ..services import demo
from ..services.errors import ServiceError
from .group import fail, quiz_cli


@quiz_cli.command("demo-class")
@click.option("--students", type=click.IntRange(1, demo.MAX_STUDENTS),
              default=demo.DEFAULT_STUDENTS, show_default=True,
              help="How many simulated students.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=demo.DEFAULT_SEED,
              show_default=True, help="The same seed gives the same class and answers.")
@click.option("--if-new", is_flag=True,
              help="Only in a new database (no account at all, not even the demo ones); "
                   "otherwise do nothing. `make run` uses this.")
@click.option("--remove", is_flag=True,
              help="Delete the demo cohort, its simulated students and all their data.")
def demo_class(students: int, seed: int, if_new: bool, remove: bool) -> None:
    """Add the demo class: a cohort of simulated students owned by the demo instructor, with
    three weeks of lessons read and quizzes taken, so the gradebook, item statistics and
    results pages have data. Nobody can log in as a simulated student."""
    if remove and if_new:
        raise click.UsageError("--remove and --if-new do not go together.")
    if remove:
        _remove()
        return
    if if_new and not demo.database_is_new():
        click.echo("No demo class added: the database is not new (it has accounts). "
                   "To add one: flask --app quizapp quiz demo-class")
        return
    began = time.monotonic()
    try:
        made = demo.create_demo_class(students=students, seed=seed, progress=_progress())
    except ServiceError as exc:
        fail(exc)
    _summary(made, time.monotonic() - began)


def _progress() -> demo.Progress | None:
    """A progress line on stderr when it is a terminal (a log or a pipe gets none)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        click.echo(f"\r  simulating students: {done}/{total}", err=True, nl=done == total)

    return show


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _summary(made: demo.DemoClass, seconds: float) -> None:
    span = (f", {made.first:%d %b} to {made.last:%d %b %Y}"
            if made.first is not None and made.last is not None else "")
    parts = [_count(made.students, "simulated student"),
             _count(made.quiz_attempts, "quiz attempt"),
             _count(made.practice_sets, "practice set"), _count(made.responses, "answer"),
             _count(made.lessons_read, "lesson") + " read",
             _count(made.review_cards, "review card")]
    click.echo(f"Created '{made.cohort_name}' (join code {made.join_code}) for the demo "
               f"instructor: {', '.join(parts)}{span} ({seconds:.1f} s).")
    click.echo("Remove it with: flask --app quizapp quiz demo-class --remove")


def _remove() -> None:
    removed = demo.remove_demo_class()
    if not removed.anything:
        click.echo("There is no demo class; nothing removed.")
        return
    click.echo(f"Removed the demo class: {_count(removed.students, 'simulated student')} and "
               f"{_count(removed.rows, 'row')} in all.")
