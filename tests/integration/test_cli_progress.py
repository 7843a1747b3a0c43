"""Long commands show a progress bar on a terminal's stderr, never on stdout, and none with
--quiet or when stderr is not a terminal; services hear (done, total) through a callback."""

from __future__ import annotations

import io

import pytest

from quizapp.cli import progress as cli_progress
from quizapp.content import load_bank
from quizapp.services import attempts
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.authoring import importer
from quizapp.services.progress import REPORTS, Ticker
from quizapp.services.reports import exports, item_statistics
from tests.helpers.data import DEMO_BANK
from tests.helpers.history import RIGHT, WRONG, cohort_with, take


class Terminal(io.StringIO):
    """Standard error as a terminal would be."""

    def isatty(self) -> bool:
        return True


def _heard() -> tuple[list[tuple[int, int]], object]:
    calls: list[tuple[int, int]] = []
    return calls, lambda done, total: calls.append((done, total))


def test_a_ticker_reports_the_start_the_end_and_at_most_reports_in_between():
    calls, progress = _heard()
    ticker = Ticker(progress, 10_000)
    for _ in range(10_000):
        ticker.tick()
    assert calls[0] == (0, 10_000) and calls[-1] == (10_000, 10_000)
    assert len(calls) <= REPORTS + 2
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    small, progress = _heard()
    ticker = Ticker(progress, 3)
    for _ in range(3):
        ticker.tick()
    assert small == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_the_import_reports_every_question_of_the_bank(app):
    calls, progress = _heard()
    with app.app_context():
        importer.import_bank(*load_bank(DEMO_BANK), progress=progress)
    assert calls == [(n, 5) for n in range(6)]


@pytest.fixture
def history(app, make_user, imported):
    teacher = make_user(role="instructor", username="ines")
    amal, bo = make_user(username="amal"), make_user(username="bob")
    take(app, amal.id, "basics-quiz", WRONG)
    take(app, amal.id, "basics-quiz", RIGHT)
    take(app, bo.id, "basics-quiz", RIGHT)
    return cohort_with(app, teacher.id, "Everyone", [amal.id, bo.id])


def test_reports_tell_their_totals(app, history):
    with app.app_context():
        scope = Scope(None)
        calls, progress = _heard()
        rows = list(exports.response_rows(scope, progress))
        assert calls[0] == (0, len(rows)) and calls[-1] == (len(rows), len(rows))
        calls, progress = _heard()
        list(exports.grade_rows(scope, progress))
        assert calls[0] == (0, 2) and calls[-1] == (2, 2)  # two students
        calls, progress = _heard()
        item_statistics.quiz_stats(scope, item_statistics.quiz_by_ref("basics-quiz"),
                                   progress=progress)
        steps = item_statistics.STATS_STEPS
        assert calls == [(n, steps) for n in range(steps + 1)]
        calls, progress = _heard()
        assert attempts.close_overdue(progress=progress) == []
        assert calls == [(0, 0)]


def _invoke(app, runner, args):
    with app.app_context():
        return runner.invoke(args=["quiz", *args])


@pytest.mark.parametrize("args", [["export-responses"], ["export-grades"],
                                  ["stats", "basics-quiz"]])
def test_a_terminal_sees_the_bar_stdout_stays_the_same(app, runner, history, monkeypatch,
                                                        args):
    quiet = _invoke(app, runner, [*args, "--quiet"])
    terminal = Terminal()
    monkeypatch.setattr(cli_progress, "_stderr", lambda: terminal)
    shown = _invoke(app, runner, args)
    assert shown.exit_code == quiet.exit_code == 0
    assert shown.stdout_bytes == quiet.stdout_bytes and quiet.stdout_bytes
    assert "100%" in terminal.getvalue()
    terminal.seek(0), terminal.truncate()
    assert _invoke(app, runner, [*args, "--quiet"]).stdout_bytes == quiet.stdout_bytes
    assert terminal.getvalue() == ""


def test_no_bar_when_stderr_is_not_a_terminal(app, runner, history):
    result = _invoke(app, runner, ["export-responses"])
    assert result.exit_code == 0
    assert result.stderr == ""


def test_the_import_bar_shows_position_and_label(app, runner, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(cli_progress, "_stderr", lambda: terminal)
    result = _invoke(app, runner, ["import", str(DEMO_BANK)])
    assert result.exit_code == 0, result.output
    assert "Importing questions" in terminal.getvalue() and "5/5" in terminal.getvalue()
    assert "Importing questions" not in result.stdout
