"""`quiz export-user` gives everything stored about a person; `quiz delete-user` removes the
account and personal data and keeps the submitted answers, anonymised, for item statistics."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select, text

from quizapp.extensions import db
from quizapp.models import Attempt, Lesson, Response, User
from quizapp.services.accounts import cohort_admin, cohort_view, cohorts
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.attempts import quizzes
from quizapp.services.learning import progress
from quizapp.services.reports import item_statistics
from tests.conftest import Auth
from tests.helpers.data import PASSWORD
from tests.helpers.history import RIGHT, WRONG, cohort_with, take


@pytest.fixture
def amal(app, make_user, imported):  # type: ignore[no-untyped-def]
    """amal: in ines's cohort, two submitted attempts, an open one, a lesson read, logged in."""
    teacher = make_user(role="instructor", username="ines")
    student = make_user(username="amal")
    bea = make_user(username="bea")
    cohort_with(app, teacher.id, "Class", [student.id, bea.id])
    take(app, student.id, "basics-quiz", WRONG)
    take(app, student.id, "basics-quiz", RIGHT)
    take(app, bea.id, "basics-quiz", RIGHT)
    with app.app_context():
        from quizapp.services import attempts

        attempts.start_attempt(student.id, quizzes.find_quiz("demo", "basics-quiz").id)
        progress.mark_read(student.id, db.session.scalar(select(Lesson.id).limit(1)))
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 14) Firefox/133.0"
    assert Auth(client).login("amal").status_code == 302
    return student


def _export(runner, username: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(args=["quiz", "export-user", username])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _tables_referring_to(app, target: str) -> set[str]:
    with app.app_context():
        return {t.name for t in db.metadata.sorted_tables for fk in t.foreign_keys
                if fk.column.table.name == target}


def test_export_holds_everything_stored_about_the_person(app, runner, amal):
    data = _export(runner, " AMAL ")
    assert data["account"]["username"] == "amal" and data["account"]["role"] == "student"
    assert "password_hash" not in data["account"] and "correct-horse" not in json.dumps(data)
    assert "$argon2" not in json.dumps(data)
    # every table that refers to the account or to one of its attempts is in the file
    assert _tables_referring_to(app, "user_account") | _tables_referring_to(app, "attempt") \
        <= set(data)
    assert [s["device"] for s in data["user_session"]] == ["Firefox on Android"]
    assert "token_hash" not in data["user_session"][0]
    assert len(data["attempt"]) == 3 and {a["status"] for a in data["attempt"]} == {
        "submitted", "open"}
    answers = sorted(json.dumps(r["answer"]) for r in data["response"])
    basics = ("basics-count", "basics-check", "basics-purpose")  # the questions of the quiz
    assert answers == sorted(json.dumps(answers_[q]) for answers_ in (WRONG, RIGHT)
                             for q in basics)
    assert data["lesson_progress"] and data["review_card"] and data["attempt_event"]
    assert data["cohort_member"][0]["cohort_id"] in map(int, data["labels"]["cohorts"])
    assert list(data["labels"]["cohorts"].values()) == ["Class"]
    assert any("basics-quiz" in q for q in data["labels"]["quizzes"].values())
    assert "bea" not in json.dumps(data)  # nobody else's data


def test_export_to_a_file_and_unknown_users(runner, amal, tmp_path):
    out = tmp_path / "amal.json"
    result = runner.invoke(args=["quiz", "export-user", "amal", "--output", str(out)])
    assert result.exit_code == 0 and json.loads(out.read_text())["account"]["username"] == "amal"
    missing = runner.invoke(args=["quiz", "export-user", "nobody"])
    assert missing.exit_code == 1 and "There is no user 'nobody'." in missing.output


def _count(app, model, **where) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return db.session.scalar(query)


def _stats(app, scope: Scope):  # type: ignore[no-untyped-def]
    with app.app_context():
        quiz = quizzes.find_quiz("demo", "basics-quiz")
        return item_statistics.quiz_stats(scope, quiz, which="all")


def test_delete_removes_the_person_and_keeps_anonymised_answers_for_statistics(
        app, runner, client, auth, amal):
    with app.app_context():
        ines = db.session.scalar(select(User.id).where(User.username == "ines"))
    stats_before = _stats(app, Scope(ines))
    responses_before = _count(app, Response)
    result = runner.invoke(args=["quiz", "delete-user", "amal", "--yes"])
    assert result.exit_code == 0, result.output
    pseudonym = result.output.split("anonymised as '", 1)[1].split("'", 1)[0]
    assert pseudonym.startswith("deleted-")
    # the account is gone: no login, no export, the name is free again
    assert Auth(app.test_client()).login("amal").status_code == 400
    assert runner.invoke(args=["quiz", "export-user", "amal"]).exit_code == 1
    assert runner.invoke(args=["quiz", "export-user", pseudonym]).exit_code == 1
    # personal data is gone; submitted attempts and their answers stay, under the pseudonym
    for table in ("user_session", "lesson_progress", "review_card", "attempt_event"):
        with app.app_context():
            assert db.session.scalar(text(
                f"SELECT count(*) FROM {table} WHERE user_id = {amal.id}")) == 0, table
    assert _count(app, Attempt, user_id=amal.id) == 2
    assert _count(app, Attempt, user_id=amal.id, status="open") == 0
    assert _count(app, Response) == responses_before - 0  # the open attempt had no answers
    with app.app_context():
        user = db.session.get(User, amal.id)
        assert user.username == pseudonym and user.deleted_at is not None
        assert user.password_hash == "!" and user.extra_time == 1
    _no_trace_of(app, "amal")
    # item statistics still count the anonymised answers; rosters and exports leave them out
    stats_after = _stats(app, Scope(ines))
    assert stats_after.summary.attempts == stats_before.summary.attempts == 3
    auth.login("ines")
    assert pseudonym not in client.get("/instructor/").get_data(as_text=True)
    assert client.get(f"/instructor/students/{amal.id}").status_code == 404
    csv_text = client.get("/instructor/export/responses.csv").get_data(as_text=True)
    assert pseudonym not in csv_text and "bea" in csv_text
    # the name can be used again by someone new
    assert runner.invoke(args=["quiz", "create-user", "amal", "--password", PASSWORD]
                         ).exit_code == 0


def _no_trace_of(app, username: str) -> None:
    """The name appears in no text column of any table any more."""
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for column in table.columns:
                if column.type.python_type is str:
                    found = db.session.scalar(select(func.count()).select_from(table).where(
                        column == username))
                    assert found == 0, f"{table.name}.{column.name}"


def test_an_instructor_who_owns_cohorts_is_not_deleted(app, runner, amal):
    result = runner.invoke(args=["quiz", "delete-user", "ines", "--yes"])
    assert result.exit_code == 1
    assert "still owns 1 cohort(s)" in result.output and "Nothing was deleted." in result.output
    assert Auth(app.test_client()).login("ines").status_code == 302


def test_delete_asks_before_it_deletes(app, runner, amal):
    result = runner.invoke(args=["quiz", "delete-user", "amal"], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output
    assert Auth(app.test_client()).login("amal").status_code == 302


def test_a_deleted_student_is_no_longer_counted_or_listed_in_their_cohort(
        app, runner, client, auth, amal):
    """The cohort list's count, the cohort filter's count, the cohort page's roster and the
    gradebook agree: a deleted account (a pseudonym kept for statistics) is in none."""
    with app.app_context():
        ines = db.session.scalar(select(User.id).where(User.username == "ines"))
        assert [(c.name, c.members) for c in cohorts.cohorts_of(ines)] == [("Class", 2)]
    assert runner.invoke(args=["quiz", "delete-user", "amal", "--yes"]).exit_code == 0
    with app.app_context():
        (info,) = cohorts.cohorts_of(ines)
        assert info.members == 1
        assert [m.username for m in cohort_view.cohort_page(ines, info.id).members] == ["bea"]
    auth.login("ines")
    listing = client.get("/instructor/cohorts").get_data(as_text=True)
    row = listing.split(">Class</a></th>", 1)[1].split("</tr>", 1)[0]
    assert row.count("<td>1</td>") == 1 and "<td>2</td>" not in row
    gradebook = client.get("/instructor/").get_data(as_text=True)
    assert "Class (1 student)" in gradebook and "Class (2 students)" not in gradebook
    assert "Students (1)" in client.get(f"/instructor/cohorts/{info.id}").get_data(as_text=True)


def test_export_names_every_cohort_owned_co_taught_or_joined(app, runner, make_user, amal):
    """An instructor's export holds the cohorts they own and those they co-teach (a
    cohort_instructor row, not the owner), and a student's those they joined, by name."""
    with app.app_context():
        ines = db.session.scalar(select(User.id).where(User.username == "ines"))
    otto = make_user(role="instructor", username="otto")
    own = cohort_with(app, otto.id, "Otto's own", [])
    with app.app_context():
        class_id = cohorts.cohorts_of(ines)[0].id
        cohort_admin.add_co_teacher(ines, class_id, "otto")
    data = _export(runner, "otto")
    assert [(c["name"], c["relation"]) for c in data["cohorts"]] == [
        ("Class", "co-teacher"), ("Otto's own", "owner")]
    assert [c["id"] for c in data["cohorts"]] == [class_id, own.id]
    assert all(c["since"] and c["until"] is None for c in data["cohorts"])
    assert data["labels"]["cohorts"] == {str(class_id): "Class", str(own.id): "Otto's own"}
    assert [(c["name"], c["relation"]) for c in _export(runner, "amal")["cohorts"]] == [
        ("Class", "member")]
    assert [(c["name"], c["relation"]) for c in _export(runner, "ines")["cohorts"]] == [
        ("Class", "owner")]
