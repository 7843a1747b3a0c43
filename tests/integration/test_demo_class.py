"""The demo class (`quiz demo-class`): simulated students whose activity, replayed through
the real services, fills the instructor's pages; the same seed gives the same results; and
--remove leaves the database exactly as it was, real people untouched."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from quizapp.content import load_bank
from quizapp.content.model import Question as QuestionContent
from quizapp.database import relaxed_durability, write_transaction
from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    AttemptStage,
    Cohort,
    CohortMember,
    LessonProgress,
    QuestionVersion,
    Quiz,
    Response,
    ReviewCard,
    User,
)
from quizapp.services import demo
from quizapp.services.accounts import users
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.authoring import importer
from quizapp.services.errors import BadInput, Conflict
from quizapp.services.policy import allowance, window_admin
from quizapp.services.reports import gradebook
from quizapp.services.reports.item_statistics import quiz_stats
from tests.helpers.history import RIGHT, cohort_with, take

COURSE = Path(__file__).parent.parent.parent / "questions"
TODAY = date(2027, 5, 20)  # before the course's final exam closes (2027-07-31)


@pytest.fixture
def course(app):
    """The real course (every question type, unfolding cases, a pool final exam)."""
    with app.app_context():
        importer.import_bank(*load_bank(COURSE))


def create(app, **options):
    with app.app_context():
        return demo.create_demo_class(today=TODAY, **options)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {t.name: db.session.scalar(text(f"SELECT count(*) FROM {t.name}"))
                for t in db.metadata.sorted_tables}


def history(app) -> list[tuple]:
    """Every simulated attempt and answer, by name and time (ids differ between runs)."""
    with app.app_context():
        attempts = db.session.execute(
            select(User.username, Quiz.slug, Attempt.purpose, Attempt.mode, Attempt.seed,
                   Attempt.started_at, Attempt.submitted_at, Attempt.earned, Attempt.possible,
                   Attempt.passed, Attempt.id)
            .join(User, User.id == Attempt.user_id).outerjoin(Quiz, Quiz.id == Attempt.quiz_id)
            .where(User.username.like("demo-student-%"))
            .order_by(User.username, Attempt.started_at)).all()
        answers = {aid: db.session.execute(
            select(Response.question_id, Response.answer, Response.earned, Response.confidence)
            .where(Response.attempt_id == aid).order_by(Response.question_id)).all()
            for *_, aid in attempts}
        return [(*row[:-1], tuple(answers[row[-1]])) for row in attempts]


def test_the_demo_class_fills_the_instructors_pages(app, client, auth, course):
    made = create(app, students=5, seed=3)  # three of whom sit the final exam
    assert made.students == 5 and made.quiz_attempts > 5 * 5
    with app.app_context():
        cohort = db.session.get_one(Cohort, made.cohort_id)
        owner = db.session.get_one(User, cohort.instructor_id)
        assert (owner.username, cohort.name) == ("instructor", "Demo class (simulated students)")
        members = db.session.scalar(select(func.count()).where(
            CohortMember.cohort_id == cohort.id))
        assert members == 5
        mine = Attempt.user_id.in_(select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort.id))
        # Every question type of the course was answered, through the real grading.
        answered = {QuestionContent.from_snapshot(s).type for s in db.session.scalars(
            select(QuestionVersion.snapshot).join(Response).join(Attempt).where(mine))}
        course_types = {QuestionContent.from_snapshot(s).type
                        for s in db.session.scalars(select(QuestionVersion.snapshot))}
        assert answered == course_types
        final = db.session.scalar(select(Quiz.id).where(Quiz.kind == "final"))
        assert db.session.scalar(select(func.count()).where(mine, Attempt.quiz_id == final))
        assert db.session.scalar(select(func.count()).select_from(AttemptStage).join(
            Attempt).where(mine))  # case studies answered stage by stage
        purposes = set(db.session.scalars(select(Attempt.purpose).where(mine)))
        modes = set(db.session.scalars(select(Attempt.mode).where(mine)))
        assert {"quiz", "missed"} <= purposes and modes == {"test", "practice"}
        assert db.session.scalar(select(func.count()).select_from(Response).join(Attempt)
                                 .where(mine, Response.confidence.is_not(None)))
        assert db.session.scalar(select(func.count()).where(
            mine, Attempt.status == "open")) == 0
        # Three weeks up to the end date, never in the future.
        first, last = db.session.execute(select(func.min(Attempt.started_at),
                                                func.max(Attempt.submitted_at))
                                         .where(mine)).one()
        end = datetime(2027, 5, 20, tzinfo=UTC)
        assert end - timedelta(days=21) <= first < last < end
        assert made.review_cards and made.lessons_read
        # The item statistics flag the items answered backwards.
        scope = Scope(owner.id, cohort.id)
        lesson_quizzes = db.session.scalars(select(Quiz).where(Quiz.kind == "lesson")
                                            .order_by(Quiz.position).limit(2)).all()
        flags = [f for quiz in lesson_quizzes for item in quiz_stats(scope, quiz).items
                 for f in item.flags]
        assert any("discrimination" in f for f in flags)
        book = gradebook.gradebook(scope)
        assert sorted(r.username for r in book.rows) == [f"demo-student-{n:02d}"
                                                         for n in range(1, 6)]
    auth.login("instructor", "instructor-demo-1")
    page = client.get("/instructor/").get_data(as_text=True)
    assert "demo-student-01" in page and "Demo class (simulated students)" in page


def test_the_same_seed_gives_the_same_class_and_removing_restores_the_database(
        app, course, make_user):
    teacher = make_user(role="instructor", username="ines")
    real = make_user(username="amal")
    with app.app_context():
        cohort_with(app, teacher.id, "Ward 3", [real.id])
        users.ensure_demo_accounts()
    before = row_counts(app)
    with app.app_context():
        real_attempts = db.session.execute(select(Attempt.id, Attempt.earned)).all()

    create(app, students=2, seed=5)
    first = history(app)
    assert first and row_counts(app) != before
    with app.app_context():  # what an instructor might do with the class before removing it
        made = demo.describe(demo.demo_cohort_id() or 0)
        owner = db.session.scalar(select(User.id).where(User.username == "instructor"))
        student = db.session.scalar(select(User.id).where(User.username == "demo-student-01"))
        final = db.session.scalar(select(Quiz.id).where(Quiz.kind == "final"))
        allowance.grant_attempts(owner, student, final, 1)
        window_admin.set_window(owner, made.cohort_id, final, None,
                                datetime(2027, 6, 1, tzinfo=UTC))
    with app.app_context():
        removed = demo.remove_demo_class()
    assert (removed.cohort, removed.students) == (True, 2)
    assert row_counts(app) == before
    with app.app_context():
        assert db.session.execute(select(Attempt.id, Attempt.earned)).all() == real_attempts
        assert demo.remove_demo_class().anything is False  # idempotent

    create(app, students=2, seed=5)
    assert history(app) == first
    by_student = {name: [r[1:] for r in first if r[0] == name] for name, *_ in first}
    assert len(by_student) == 2 and len({repr(h) for h in by_student.values()}) == 2


def test_the_command_makes_forty_students_once_and_removes_them(app, runner, imported):
    with app.app_context():
        full_size = db.engine.dialect.name == "sqlite"  # the suite's time: once is enough
    size = 40 if full_size else 6
    result = runner.invoke(args=["quiz", "demo-class"] + ([] if full_size else ["--students",
                                                                                  str(size)]))
    assert result.exit_code == 0, result.output
    assert f"{size} simulated students" in result.output and "--remove" in result.output
    with app.app_context():
        cohort = db.session.get_one(Cohort, demo.demo_cohort_id())
        assert db.session.get_one(User, cohort.instructor_id).username == "instructor"
        assert len(gradebook.gradebook(Scope(cohort.instructor_id)).rows) == size
        assert users.authenticate("demo-student-01", "") is None  # nobody logs in as one
        with pytest.raises(BadInput, match="kept for the demo class"):
            users.create_user("Demo-Student-41", "a long unusual passphrase", "student")

    again = runner.invoke(args=["quiz", "demo-class"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert "not new" in runner.invoke(args=["quiz", "demo-class", "--if-new"]).output

    gone = runner.invoke(args=["quiz", "demo-class", "--remove"])
    assert gone.exit_code == 0 and f"{size} simulated students" in gone.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LessonProgress)) == 0
        assert db.session.scalar(select(func.count()).select_from(ReviewCard)) == 0
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0
        assert [u.username for u in db.session.scalars(select(User))] == ["student",
                                                                            "instructor"]
    assert "nothing removed" in runner.invoke(args=["quiz", "demo-class", "--remove"]).output


def test_if_new_adds_the_class_only_to_a_database_without_accounts(app, runner, imported):
    made = runner.invoke(args=["quiz", "demo-class", "--if-new", "--students", "2"])
    assert made.exit_code == 0 and "2 simulated students" in made.output
    runner.invoke(args=["quiz", "demo-class", "--remove"])
    # Removed stays removed: the demo accounts are there now, so the database is not new.
    skipped = runner.invoke(args=["quiz", "demo-class", "--if-new"])
    assert skipped.exit_code == 0 and "not new" in skipped.output
    with app.app_context():
        assert demo.demo_cohort_id() is None


@pytest.mark.parametrize("args, message", [
    (["--students", "0"], "0 is not in the range"),
    (["--seed", "-1"], "-1 is not in the range"),
    (["--remove", "--if-new"], "do not go together"),
])
def test_bad_options_are_usage_errors(runner, args, message):
    result = runner.invoke(args=["quiz", "demo-class", *args])
    assert result.exit_code == 2 and message in result.output


def test_without_a_course_it_says_to_import_one(app, runner):
    result = runner.invoke(args=["quiz", "demo-class"])
    assert result.exit_code == 1 and "quiz import questions" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_failure_part_way_leaves_nothing_behind(app, imported, monkeypatch):
    calls = []

    def fail_on_second(self):
        calls.append(self.user_id)
        if len(calls) == 2:
            raise Conflict("simulated failure")

    monkeypatch.setattr(demo.create.StudentActivity, "run", fail_on_second)
    with app.app_context(), pytest.raises(Conflict, match="simulated failure"):
        demo.create_demo_class(students=3, today=TODAY)
    with app.app_context():
        assert demo.demo_cohort_id() is None
        assert db.session.scalar(select(func.count()).select_from(CohortMember)) == 0
        assert set(db.session.scalars(select(User.username))) == {"student", "instructor"}


def test_a_real_student_attempt_is_kept(app, imported, make_user):
    amal = make_user(username="amal")
    attempt = take(app, amal.id, "basics-quiz", RIGHT)
    create(app, students=2)
    with app.app_context():
        demo.remove_demo_class()
        kept = db.session.get_one(Attempt, attempt)
        assert (kept.user_id, kept.status) == (amal.id, "submitted")


def test_relaxed_durability_holds_only_inside_its_block(app):
    def synchronous() -> int:
        with write_transaction():
            return int(db.session.execute(text("PRAGMA synchronous")).scalar() or 0)

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's synchronous setting")
        full = synchronous()
        with relaxed_durability():
            assert synchronous() == 1  # NORMAL
        assert synchronous() == full == 2  # FULL again afterwards
