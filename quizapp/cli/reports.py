"""`quiz export-grades`, `quiz export-responses` and `quiz stats`: instructors' reports on the
command line. Without --cohort they cover every student."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, TextIO

import click

from ..services.accounts import cohorts
from ..services.errors import ServiceError
from ..services.reports import exports, item_statistics
from ..services.reports.attempt_choice import DEFAULT_ATTEMPTS, WHICH_ATTEMPTS
from ..stats import ItemStats
from .group import fail, quiz_cli
from .progress import progress_bar, quiet_option

_cohort_option = click.option("--cohort", "cohort_code", metavar="CODE",
                              help="Only the students of the cohort with this join code.")
_output_option = click.option("--output", "output", type=click.Path(dir_okay=False),
                              help="Write to FILE instead of standard output.")


@contextmanager
def _target(output: str | None) -> Iterator[TextIO]:
    if output is None:
        yield sys.stdout
        return
    with open(output, "w", newline="", encoding="utf-8") as handle:
        yield handle


def _export(kind: str, cohort_code: str | None, output: str | None, quiet: bool) -> None:
    try:
        scope = cohorts.code_scope(cohort_code)
    except ServiceError as exc:
        fail(exc)
    with progress_bar(f"Exporting {kind}", quiet) as progress:
        header, rows = ((exports.GRADE_HEADER, exports.grade_rows(scope, progress))
                        if kind == "grades" else
                        (exports.RESPONSE_HEADER, exports.response_rows(scope, progress)))
        rows = _started(rows)
        with _target(output) as out:
            count = exports.write_csv(out, header, rows)
    if output:
        click.echo(f"Wrote {count} row(s) to {output}.", err=True)


def _started(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """`rows` with the first one already read, so that the queries run (and a database that
    cannot be used is said) before the CSV's header is written."""
    first = next(rows, None)
    return rows if first is None else itertools.chain([first], rows)


@quiz_cli.command("export-grades")
@_cohort_option
@_output_option
@quiet_option
def export_grades(cohort_code: str | None, output: str | None, quiet: bool) -> None:
    """Grades as CSV: one row per student and quiz (best score, attempts, completion)."""
    _export("grades", cohort_code, output, quiet)


@quiz_cli.command("export-responses")
@_cohort_option
@_output_option
@quiet_option
def export_responses(cohort_code: str | None, output: str | None, quiet: bool) -> None:
    """Every response of every submitted attempt as CSV, with question id and version."""
    _export("responses", cohort_code, output, quiet)


@quiz_cli.command("stats")
@click.argument("quiz")
@click.option("--attempts", "which", type=click.Choice(list(WHICH_ATTEMPTS)),
              default=DEFAULT_ATTEMPTS, show_default=True,
              help="Which attempts of each student to read.")
@click.option("--all-attempts", is_flag=True, help="The same as --attempts all.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_cohort_option
@quiet_option
def stats(quiz: str, which: str, all_attempts: bool, fmt: str,
          cohort_code: str | None, quiet: bool) -> None:
    """Item statistics for QUIZ (its slug, or module/slug), as Moodle computes them."""
    try:
        scope = cohorts.code_scope(cohort_code)
        with progress_bar("Working out statistics", quiet) as progress:
            report = item_statistics.quiz_stats(scope, item_statistics.quiz_by_ref(quiz),
                                                "all" if all_attempts else which, progress)
    except ServiceError as exc:
        fail(exc)
    if fmt == "json":
        click.echo(json.dumps(_as_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(_as_text(report))


def _as_json(report: item_statistics.QuizStatsReport) -> dict:
    data = asdict(report)
    data["needs_checking"] = report.needs_checking
    data["histogram"] = [{"label": b.label, "count": b.count} for b in report.histogram]
    data["completion"] = [{"start": p.start.isoformat(), "new": p.new,
                           "cumulative": p.cumulative} for p in report.completion]
    for item, raw in zip(report.items, data["items"], strict=True):
        raw["source"] = item.source
    return data


def _columns(st: ItemStats) -> str:
    """An item's (or a slot's) figures under the table's headings: n, facility, SD,
    discrimination, efficiency."""
    return (f"{st.attempts:>6} {_f(st.facility, 100, unit='%'):>9} "
            f"{_f(st.sd, 100, unit='%'):>7} {_f(st.discrimination, 100, unit='%'):>7} "
            f"{_f(st.efficiency, 100, unit='%'):>7}")


def _f(value: float | None, scale: float = 1, digits: int = 1, unit: str = "") -> str:
    return "—" if value is None else f"{value * scale:.{digits}f}{unit}"


def _as_text(r: item_statistics.QuizStatsReport) -> str:
    s = r.summary
    lines = [
        f"{r.title} ({r.module_id}/{r.slug}): {s.attempts} attempt(s): {r.which_text}",
        f"  average {_f(s.mean, unit='%')}  median {_f(s.median, unit='%')}  "
        f"SD {_f(s.sd, unit='%')}  skewness {_f(s.skewness, digits=4)}  "
        f"kurtosis {_f(s.kurtosis, digits=4)}",
        f"  Cronbach's alpha {_f(s.alpha, 100, 2, '%')}  error ratio "
        f"{_f(s.error_ratio, 100, 2, '%')}  standard error {_f(s.standard_error, 1, 2, '%')}"
        + (f"  ({s.alpha_note})" if s.alpha_note else ""),
        "",
        f"{'#':>3}  {'question':<32} {'n':>6} {'facility':>9} {'SD':>7} {'discr.':>7} "
        f"{'effic.':>7}",
    ]
    lines += [f"{item.number:>3}  {item.question_id:<32} {_columns(item.stats)}"
              for item in r.items]
    if r.slots:
        lines += ["", "Slots (one per question drawn from a lesson; alpha is taken over these)"]
        lines += [f"     {slot.label:<32} {_columns(slot.stats)}" for slot in r.slots]
    flagged = [item for item in r.items if item.flags]
    lines += ["", f"Needs checking: {len(flagged)} question(s)"]
    for item in flagged:
        for flag in item.flags:
            lines.append(f"  {item.source or item.question_id}: {item.question_id}: {flag}")
    return "\n".join(lines)
