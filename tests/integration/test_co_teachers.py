"""Co-teachers: the owner adds another instructor to a cohort; they see that cohort (and only
that one) as the owner does, may make a new join code and move or remove students, and lose
it all when the owner removes them. LMS course cohorts, and open attempts after a move."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.database import write_transaction
from quizapp.extensions import db
from quizapp.models import Attempt, AuditEvent, CohortInstructor, CohortMember, Quiz
from quizapp.services.accounts import cohort_admin, cohorts
from quizapp.services.errors import Forbidden
from quizapp.services.policy import window_admin
from tests.helpers.history import cohort_with
from tests.helpers.web import post
from tests.integration.exam_helpers import attempt_row, later, start_quiz


@pytest.fixture
def school(app, make_user):
    """ines owns A (sam) and B (ben); otto owns O (uma); aide is an instructor, stu a student."""
    ines = make_user(role="instructor", username="ines")
    otto = make_user(role="instructor", username="otto")
    aide = make_user(role="instructor", username="aide")
    make_user(username="stu")
    sam, ben, uma = (make_user(username=n) for n in ("sam", "ben", "uma"))
    a = cohort_with(app, ines.id, "Group A", [sam.id])
    b = cohort_with(app, ines.id, "Group B", [ben.id])
    o = cohort_with(app, otto.id, "Otto's", [uma.id])
    return {"ines": ines, "otto": otto, "aide": aide, "sam": sam, "ben": ben, "uma": uma,
            "a": a.id, "b": b.id, "o": o.id}


def _add(client, cohort_id, username):
    return post(client, f"/instructor/cohorts/{cohort_id}/teachers",
                {"teacher-username": username})


def _events(app):
    with app.app_context():
        return [(e.actor_id, e.action, e.cohort_id, e.user_id)
                for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def _as(client, auth, username):
    auth.logout()
    auth.login(username)
    return client


def test_a_co_teacher_sees_the_shared_cohort_and_nothing_else(app, client, auth, school):
    auth.login("ines")
    assert _add(client, school["a"], " aide ").status_code == 302
    assert _events(app) == [(school["ines"].id, "added_co_teacher", school["a"],
                             school["aide"].id)]
    _as(client, auth, "aide")
    a, b = school["a"], school["b"]
    shared = client.get(f"/instructor/?cohort={a}").get_data(as_text=True)
    assert ">sam<" in shared
    everything = client.get("/instructor/").get_data(as_text=True)
    assert ">sam<" in everything and ">ben<" not in everything and ">uma<" not in everything
    assert client.get(f"/instructor/?cohort={b}").status_code == 404
    assert client.get(f"/instructor/?cohort={school['o']}").status_code == 404
    assert client.get(f"/instructor/students/{school['sam'].id}").status_code == 200
    assert client.get(f"/instructor/students/{school['ben'].id}").status_code == 404
    listing = client.get("/instructor/cohorts").get_data(as_text=True)
    assert "Group A" in listing and "Group B" not in listing
    page = client.get(f"/instructor/cohorts/{a}").get_data(as_text=True)
    assert "You co-teach it; its owner is ines." in page
    assert "added aide as a co-teacher" in page  # the cohort's log, by the owner
    assert "rename-name" not in page and "Archive this cohort" not in page
    assert "Make a new join code" in page and "Move or remove" in page


def test_a_co_teacher_cannot_rename_archive_or_choose_co_teachers(app, client, auth, school):
    auth.login("ines")
    _add(client, school["a"], "aide")
    _as(client, auth, "aide")
    a = school["a"]
    refused = [post(client, f"/instructor/cohorts/{a}/rename", {"rename-name": "Mine"}),
               post(client, f"/instructor/cohorts/{a}/archive"),
               client.get(f"/instructor/cohorts/{a}/archive"),
               _add(client, a, "otto"),
               client.get(f"/instructor/cohorts/{a}/teachers/{school['aide'].id}/remove")]
    assert [r.status_code for r in refused] == [403] * 5
    texts = [r.get_data(as_text=True) for r in refused]
    assert [t.count("Only the cohort&#39;s owner can") for t in texts] == [1] * 5, texts[0]
    assert len(_events(app)) == 1  # only the owner's adding


def test_a_co_teacher_makes_a_new_code_and_moves_students_within_what_they_teach(
        app, client, auth, school):
    auth.login("ines")
    _add(client, school["a"], "aide")
    _as(client, auth, "aide")
    a, b, sam = school["a"], school["b"], school["sam"].id
    assert post(client, f"/instructor/cohorts/{a}/new-code").status_code == 302
    # B is ines's but aide does not teach it: not offered, and refused if sent
    page = client.get(f"/instructor/cohorts/{a}/students/{sam}").get_data(as_text=True)
    assert "Group B" not in page
    assert post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
                {"move-target": str(b)}).status_code == 404
    _as(client, auth, "ines")
    _add(client, b, "aide")
    _as(client, auth, "aide")
    assert post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
                {"move-target": str(b)}).status_code == 302
    assert [e[1] for e in _events(app)] == ["added_co_teacher", "new_join_code",
                                            "added_co_teacher", "moved_student"]
    assert _events(app)[-1] == (school["aide"].id, "moved_student", a, sam)


@pytest.mark.parametrize("username, status, message", [
    ("nobody", 404, "No account is called &#39;nobody&#39;."),
    ("stu", 400, "&#39;stu&#39; is a student account: only instructors can co-teach"),
    ("ines", 400, "&#39;ines&#39; owns this cohort already."),
    ("aide", 400, "&#39;aide&#39; already co-teaches this cohort."),
    ("", 400, "Give the instructor&#39;s username."),
])
def test_a_bad_co_teacher_is_refused_on_the_page(app, client, auth, school, username, status,
                                                 message):
    auth.login("ines")
    _add(client, school["a"], "aide")
    response = _add(client, school["a"], username)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html and 'role="alert"' in html and 'aria-invalid="true"' in html
    assert len(_events(app)) == 1
    with app.app_context():
        assert len(db.session.scalars(select(CohortInstructor)).all()) == 1


def test_the_owner_removes_a_co_teacher_who_then_sees_nothing(app, client, auth, school):
    auth.login("ines")
    a, aide = school["a"], school["aide"].id
    _add(client, a, "aide")
    ask = client.get(f"/instructor/cohorts/{a}/teachers/{aide}/remove")
    assert ask.status_code == 200 and "Remove aide as co-teacher?" in ask.get_data(True)
    assert post(client, f"/instructor/cohorts/{a}/teachers/{aide}/remove").status_code == 302
    assert post(client, f"/instructor/cohorts/{a}/teachers/{aide}/remove").status_code == 404
    assert _events(app)[-1] == (school["ines"].id, "removed_co_teacher", a, aide)
    _as(client, auth, "aide")
    assert client.get(f"/instructor/cohorts/{a}").status_code == 404
    assert client.get(f"/instructor/?cohort={a}").status_code == 404
    assert client.get(f"/instructor/students/{school['sam'].id}").status_code == 404
    _as(client, auth, "ines")
    assert _add(client, a, "aide").status_code == 302  # back again: the same row
    with app.app_context():
        (row,) = db.session.scalars(select(CohortInstructor)).all()
        assert row.left_at is None


def test_an_lms_course_cohort_takes_its_name_and_people_from_the_lms(app, school):
    with app.app_context():
        with write_transaction():
            cohort = cohorts.new_unowned_cohort("Nursing 101 (Canvas)")
            db.session.add(CohortInstructor(cohort_id=cohort.id, user_id=school["ines"].id))
            db.session.add(CohortMember(cohort_id=cohort.id, user_id=school["sam"].id))
        ines, sam = school["ines"].id, school["sam"].id
        for change in (lambda: cohort_admin.rename_cohort(ines, cohort.id, "Mine"),
                       lambda: cohort_admin.set_archived(ines, cohort.id, True),
                       lambda: cohort_admin.add_co_teacher(ines, cohort.id, "aide"),
                       lambda: cohort_admin.remove_student(ines, cohort.id, sam)):
            with pytest.raises(Forbidden, match="mirrors an LMS course"):
                change()
        assert cohort_admin.new_join_code(ines, cohort.id)  # a code can still be replaced
        assert [e.action for e in db.session.scalars(select(AuditEvent))] == ["new_join_code"]


def test_a_moved_students_open_attempt_takes_the_new_cohorts_close(app, client, auth, school,
                                                                  clinic):
    quiz_id = clinic["relapse-quiz"]
    with app.app_context():
        closes = later(60).replace(second=0, microsecond=0)
        window_admin.set_window(school["ines"].id, school["a"], quiz_id, None, closes)
    auth.login("sam")
    attempt_id = start_quiz(client, "relapse-quiz")
    assert attempt_row(app, attempt_id).closes_at == closes
    _as(client, auth, "ines")
    assert post(client, f"/instructor/cohorts/{school['a']}/students/{school['sam'].id}/move",
                {"move-target": str(school["b"])}).status_code == 302
    with app.app_context():  # the quiz's own close: B has no window of its own
        own = db.session.get_one(Quiz, quiz_id).closes_at
        assert own != closes and db.session.get_one(Attempt, attempt_id).closes_at == own
