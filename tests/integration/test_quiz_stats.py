"""Item statistics end to end: generated attempts in the database, the report from the page and
the command line, checked against numpy on the same marks."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Question, Response
from quizapp.services import attempts as attempt_service
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.attempts import quizzes
from quizapp.services.reports import item_statistics
from tests.helpers.history import RIGHT, cohort_with, take

KEYS = {"a", "b", "d"}


def _marks(answers: dict[str, list[str]]) -> list[int]:
    """The demo quiz's marks, worked out here without the app's graders."""
    check = set(answers["basics-check"])
    return [int(answers["basics-count"] == ["b"]),
            max(0, len(check & KEYS) - len(check - KEYS)),
            int(answers["basics-purpose"] == ["true"])]


def _random_answers(rng: random.Random, skill: float) -> dict[str, list[str]]:
    good = lambda: rng.random() < skill  # noqa: E731
    return {"basics-count": ["b" if good() else "a"],  # nobody ever picks c
            "basics-check": sorted(k for k in "abcd" if (k in KEYS) == good()),
            "basics-purpose": ["true" if good() else "false"]}


@pytest.fixture
def taken(app, make_user, imported):
    """Twelve students take the basics quiz once; four of them take it a second time."""
    rng = random.Random(7)
    teacher = make_user(role="instructor", username="ines")
    students = [make_user(username=f"student{i:02d}") for i in range(12)]
    first, every = [], []
    for i, s in enumerate(students):
        answers = _random_answers(rng, 0.2 + 0.6 * i / 11)
        take(app, s.id, "basics-quiz", answers)
        first.append(_marks(answers))
        every.append(_marks(answers))
    for s in students[:4]:
        take(app, s.id, "basics-quiz", RIGHT)
        every.append(_marks(RIGHT))
    info = cohort_with(app, teacher.id, "Everyone", [s.id for s in students])
    return {"first": np.array(first), "all": np.array(every), "cohort": info}


def _cli_json(app, runner, *args):
    with app.app_context():
        result = runner.invoke(args=["quiz", "stats", "basics-quiz", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_cli_report_matches_numpy(app, runner, taken):
    for which, args in (("first", ()), ("all", ("--all-attempts",))):
        _check_against_numpy(taken[which], _cli_json(app, runner, *args))
    _check_options_and_flags(taken, _cli_json(app, runner, "--cohort", taken["cohort"].code))
    with app.app_context():
        result = runner.invoke(args=["quiz", "stats", "demo/basics-quiz"])
    assert result.exit_code == 0, result.output
    assert "12 attempt(s): the first submitted attempt of each student" in result.output
    assert "tests/data/bank/demo/01-basics.yaml:34: basics-count: Option 'c'" in result.output


def _check_against_numpy(points, report):
    # Statistics use marks: each item's points scaled to its mark (1 each here), so the
    # 3-point select-all weighs what each 1-point item weighs.
    maxima = [1, 3, 1]
    x = points / np.array(maxima)
    t = 100 * x.sum(axis=1) / 3
    s = report["summary"]
    assert s["attempts"] == len(x)
    assert s["mean"] == pytest.approx(t.mean())
    assert s["median"] == pytest.approx(np.median(t))
    assert s["sd"] == pytest.approx(t.std(ddof=1))
    cov = np.cov(x.T)
    alpha = 3 / 2 * (1 - np.trace(cov) / cov.sum())
    assert s["alpha"] == pytest.approx(alpha)
    assert s["standard_error"] == pytest.approx(np.sqrt(1 - alpha) * t.std(ddof=1))
    for j, item in enumerate(report["items"]):
        got, col, rest = item["stats"], x[:, j], x.sum(axis=1) - x[:, j]
        assert got["facility"] == pytest.approx(col.mean())
        assert got["sd"] == pytest.approx(col.std(ddof=1))
        assert got["discrimination"] == pytest.approx(np.corrcoef(col, rest)[0, 1])


def _check_options_and_flags(taken, report):
    count = report["items"][0]
    assert count["question_id"] == "basics-count" and count["versions"] == [1]
    (group,) = count["groups"]
    chosen = {o["id"]: o["count"] for o in group["options"]}
    assert chosen["c"] == 0 and chosen["a"] + chosen["b"] == 12
    assert chosen["b"] == int(taken["first"][:, 0].sum())
    assert count["source"] == "tests/data/bank/demo/01-basics.yaml:34"
    assert any("Option 'c' was never chosen" in f for f in count["flags"])
    assert report["needs_checking"] >= 1
    assert sum(b["count"] for b in report["histogram"]) == 12
    assert report["completion"][-1]["cumulative"] >= 4  # at least the four perfect retakes


def test_highest_and_last_attempts_are_chosen_per_student(app, runner, taken):
    """Four students retook the quiz with every answer right (5 marks): "last" reads their
    retake; "highest" reads it too unless the first attempt already scored 5 (the earlier of
    equal scores counts, as in Moodle)."""
    first, right = taken["first"], np.array(_marks(RIGHT))
    last = np.array([right if i < 4 else row for i, row in enumerate(first)])
    highest = np.array([right if i < 4 and row.sum() < 5 else row
                        for i, row in enumerate(first)])
    _check_against_numpy(last, _cli_json(app, runner, "--attempts", "last"))
    _check_against_numpy(highest, _cli_json(app, runner, "--attempts", "highest"))
    with app.app_context():
        bad = runner.invoke(args=["quiz", "stats", "basics-quiz", "--attempts", "best"])
    assert bad.exit_code == 2


def test_cli_refuses_an_unknown_quiz(app, runner, imported):
    with app.app_context():
        result = runner.invoke(args=["quiz", "stats", "nope"])
    assert result.exit_code == 1 and "There is no quiz 'nope'" in result.output


def test_stats_page(client, auth, taken):
    auth.login("ines")
    page = client.get("/instructor/stats/demo/basics-quiz").get_data(as_text=True)
    assert "Based on 12 attempts" in page
    assert "fix in <code>tests/data/bank/demo/01-basics.yaml:34</code>" in page
    assert page.count('role="img"') == 2 and "<desc id=\"score-histogram-desc\">" in page
    assert "The chart's data as a table" in page
    every = client.get("/instructor/stats/demo/basics-quiz?attempts=all").get_data(as_text=True)
    assert "Based on 16 attempts" in every
    highest = client.get("/instructor/stats/demo/basics-quiz?attempts=highest")
    assert "the highest-scoring attempt of each student" in highest.get_data(as_text=True)
    assert 'value="highest" checked' in highest.get_data(as_text=True)
    assert client.get("/instructor/stats/demo/basics-quiz?attempts=some").status_code == 400
    assert client.get("/instructor/stats/demo/nope").status_code == 404


def test_stats_with_no_or_one_attempt_show_dashes(app, client, auth, make_user, imported):
    teacher = make_user(role="instructor", username="ines")
    solo = make_user(username="solo")
    cohort_with(app, teacher.id, "Tiny", [solo.id])
    auth.login("ines")
    empty = client.get("/instructor/stats/demo/more-quiz")
    assert empty.status_code == 200 and "Based on 0 attempts" in empty.get_data(as_text=True)
    take(app, solo.id, "basics-quiz", RIGHT)
    page = client.get("/instructor/stats/demo/basics-quiz").get_data(as_text=True)
    assert "Based on 1 attempt:" in page
    assert "<tr><th scope=\"row\">Standard deviation</th><td>—</td></tr>" in page
    assert "Very easy" in page  # everything right: facility 100%
    final = client.get("/instructor/stats/demo/demo-final")
    assert final.status_code == 200


def test_a_drawn_final_exam_is_reported_per_slot_with_alpha_over_slots(app, make_user,
                                                                      imported):
    """Each attempt draws two questions from each lesson and shuffles them. A slot is a
    lesson's first or second question in the order shown (Moodle's random slots); alpha is
    taken over the slots and agrees with numpy on each slot's marks."""
    rows = []
    with app.app_context():
        final = quizzes.find_quiz("demo", "demo-final")
        lesson_of = dict(db.session.execute(select(Question.id, Question.quiz_id)).all())
        for i in range(8):
            user = make_user(username=f"finalist{i}")
            attempt = attempt_service.start_attempt(user.id, final.id)
            items = attempt_service.attempt_questions(attempt.id)
            answers = {q.id: (list(q.key) if (i * n + i) % 3 else []) for n, (_, q) in
                       enumerate(items, start=1)}
            attempt_service.submit_attempt(user.id, attempt.id, answers)
            # each item is worth 1 mark: its points as a share of its own maximum
            marks = {r.question_id: r.earned / r.possible for r in db.session.scalars(
                select(Response).where(Response.attempt_id == attempt.id))}
            slots: dict[tuple[int, int], float] = {}
            for _, q in items:  # in the order shown
                lesson = lesson_of[q.id]
                k = 1 + sum(1 for (pool, _) in slots if pool == lesson)
                slots[(lesson, k)] = 100 * marks[q.id] / len(items)  # of the attempt's marks
            rows.append([slots[key] for key in sorted(slots)])
        report = item_statistics.quiz_stats(Scope(None), final)
    x = np.array(rows)
    cov = np.cov(x.T)
    assert report.summary.attempts == 8
    assert sum(i.stats.attempts for i in report.items) == 8 * 4
    assert report.summary.alpha == pytest.approx(4 / 3 * (1 - np.trace(cov) / cov.sum()))
    assert [slot.label for slot in report.slots] == [
        "Basics quiz, draw 1", "Basics quiz, draw 2", "More quiz, draw 1", "More quiz, draw 2"]
    assert all(slot.stats.attempts == 8 for slot in report.slots)
