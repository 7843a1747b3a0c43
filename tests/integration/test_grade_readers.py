"""What counts toward a grade is one rule (`Attempt.counts_toward_grade`): every reader of
grades ignores practice sets ("retake what I missed", spaced review), and a regrade leaves
them without a pass state. The study tools read practice answers on purpose."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.attempts import practice, quizzes
from quizapp.services.authoring import regrade
from quizapp.services.learning import calibration, course, retakes, weak_areas
from quizapp.services.reports import exports, gradebook, item_statistics, student_report
from quizapp.services.reports.tag_results import tag_results
from tests.helpers.authoring import copy_bank, edit
from tests.helpers.history import RIGHT, T0, take

ANSWERS = {**RIGHT, "basics-count": ["a"]}


def grade_readers(uid: int) -> dict[str, object]:
    """Everything that shows or exports a grade, as plain data (call in an app context)."""
    everyone = Scope(None)
    basics = quizzes.find_quiz("demo", "basics-quiz")
    intro = quizzes.quiz_intro(uid, "demo", "basics-quiz")
    return {
        "gradebook": asdict(gradebook.gradebook(everyone)),
        "grade export": list(exports.grade_rows(everyone)),
        "response export": list(exports.response_rows(everyone)),
        "item statistics": asdict(item_statistics.quiz_stats(everyone, basics, "all")),
        "quiz overview": item_statistics.quiz_overview(everyone),
        "tags": asdict(tag_results(everyone)),
        "dashboard": [asdict(m) for m in course.dashboard(uid)],
        "quiz page": (intro.attempts, intro.can_choose_mode, intro.open_attempt_id),
        "student report": asdict(student_report.student_report(everyone, uid)),
        "regrade pending": regrade.pending(["basics-count", "basics-check"]),
    }


def study_readers(uid: int) -> dict[str, object]:
    """The study tools: they read the latest answers, practice sets included, by design."""
    return {"missed": retakes.missed_questions(uid, module_id="demo"),
            "calibration": asdict(calibration.calibration(uid)),
            "weak areas": weak_areas.weak_areas(uid, min_answers=1)}


def practise_everything_right(uid: int) -> list[int]:
    """A missed set for the quiz, one for the module and the next day's review, each checked
    right to the last question (so each is submitted); their attempt ids."""
    sets = [retakes.start_missed(uid, quiz_id=quizzes.find_quiz("demo", "basics-quiz").id),
            retakes.start_missed(uid, module_id="demo")]
    for attempt in sets:
        _check_all(uid, attempt.id, T0 + timedelta(hours=1))
    review = retakes.start_review(uid, "demo", now=T0 + timedelta(days=3))
    _check_all(uid, review.id, T0 + timedelta(days=3))
    return [a.id for a in sets] + [review.id]


def _check_all(uid: int, attempt_id: int, now) -> None:
    for qid in db.session.scalars(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == attempt_id).order_by(AttemptItem.position)).all():
        practice.check_answer(uid, attempt_id, qid, RIGHT[qid], "high", now=now)


@pytest.fixture
def twins(app, make_user, imported):
    amal, ben = make_user(username="amal"), make_user(username="ben")
    for user in (amal, ben):
        take(app, user.id, "basics-quiz", ANSWERS, now=T0)
    return amal, ben


def test_practice_sets_change_no_grade_reader(app, twins):
    amal, _ = twins
    with app.app_context():
        before = grade_readers(amal.id)
        study_before = study_readers(amal.id)
        sets = practise_everything_right(amal.id)
        statuses = db.session.scalars(select(Attempt.status).where(Attempt.id.in_(sets))).all()
        assert statuses == ["submitted"] * 3
        after = grade_readers(amal.id)
        for reader in before:
            assert after[reader] == before[reader], reader
        # The study tools do follow the practice: the missed question is no longer missed.
        study_after = study_readers(amal.id)
        assert study_before["missed"] == ["basics-count"] and study_after["missed"] == []
        assert study_after["calibration"] != study_before["calibration"]


def test_a_regrade_rescores_practice_sets_without_giving_them_a_pass_state(
        app, runner, tmp_path, twins):
    amal, ben = twins
    bank = copy_bank(tmp_path)
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    with app.app_context():
        sets = practise_everything_right(amal.id)
    # The author corrects basics-count's key to a: both students' quiz answers become right,
    # and amal's practice answers (b) wrong.
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: a\n")
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    with app.app_context():
        report = regrade.regrade_question("basics-count", "teach")
        changes = {c.attempt_id: c for c in report.attempts}
        quiz_attempts = {a.user_id: a for a in db.session.scalars(
            select(Attempt).where(Attempt.counts_toward_grade))}
        assert {uid: (a.earned, a.possible, a.passed) for uid, a in quiz_attempts.items()} == {
            amal.id: (5, 5, True), ben.id: (5, 5, True)}
        for uid in (amal.id, ben.id):
            change = changes[quiz_attempts[uid].id]
            assert (change.old_earned, change.new_earned, change.new_passed) == (4, 5, True)
        practice_sets = db.session.scalars(select(Attempt).where(Attempt.id.in_(sets))).all()
        assert [a.passed for a in practice_sets] == [None, None, None]
        assert sorted(changes[a.id].quiz_title for a in practice_sets) == sorted({
            "What I missed: Basics quiz", "What I missed: Demo module", "Review: Demo module"})
        # amal's practice leaves her grades exactly where ben's are.
        amal_row, ben_row = (gradebook.rows(Scope(None), gradebook.columns(), student_id=uid)[0]
                             for uid in (amal.id, ben.id))
        assert [(c.attempts, c.grade_percent, c.passed) for c in amal_row.cells] == [
            (c.attempts, c.grade_percent, c.passed) for c in ben_row.cells]
        assert course.quiz_records(amal.id) == course.quiz_records(ben.id)
