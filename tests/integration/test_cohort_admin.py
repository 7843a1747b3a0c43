"""Running a cohort from its page: rename, archive, a new join code, students removed or
moved; every change audited, nothing half-done, and nobody else's cohort touched.
(Co-teachers: test_co_teachers.py.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent, Cohort, CohortMember, User
from quizapp.services.accounts import cohorts
from tests.helpers.history import cohort_with
from tests.helpers.web import post, queries_for, writes_for


@pytest.fixture
def classes(app, make_user):
    """ines owns A (sam, tia) and B (empty); otto owns O (uma)."""
    ines = make_user(role="instructor", username="ines")
    otto = make_user(role="instructor", username="otto")
    sam, tia, uma = (make_user(username=n) for n in ("sam", "tia", "uma"))
    a = cohort_with(app, ines.id, "Group A", [sam.id, tia.id])
    b = cohort_with(app, ines.id, "Group B", [])
    o = cohort_with(app, otto.id, "Otto's", [uma.id])
    return {"ines": ines, "otto": otto, "sam": sam, "tia": tia, "uma": uma,
            "a": a.id, "b": b.id, "o": o.id, "code_a": a.code}


def _audit(app):
    with app.app_context():
        return [(e.actor_id, e.action, e.cohort_id, e.user_id, e.detail)
                for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def _names(app):
    with app.app_context():
        return dict(db.session.execute(select(Cohort.id, Cohort.name)).all())


def _members(app, cohort_id):
    with app.app_context():
        return set(db.session.scalars(select(CohortMember.user_id).where(
            CohortMember.cohort_id == cohort_id)))


def _join(app, client, auth, username, code):
    auth.logout()
    auth.login(username)
    response = post(client, "/join", {"code": code})
    auth.logout()
    return response


def test_the_cohort_page_lists_who_joined_when(client, auth, classes):
    auth.login("ines")
    page = client.get(f"/instructor/cohorts/{classes['a']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Students (2)" in html and ">sam</a>" in html and ">tia</a>" in html
    assert "uma" not in html  # otto's student
    assert html.count(" UTC</td>") == 2  # a joined-at time per student
    assert classes["code_a"] in html and "Nothing has been changed yet." in html


def test_owner_renames_and_the_change_is_audited(app, client, auth, classes):
    auth.login("ines")
    response = post(client, f"/instructor/cohorts/{classes['a']}/rename",
                    {"rename-name": "  Spring   2026 A "})
    assert response.status_code == 302
    assert _names(app)[classes["a"]] == "Spring 2026 A"
    assert _audit(app) == [(classes["ines"].id, "renamed_cohort", classes["a"], None,
                            {"before": "Group A", "after": "Spring 2026 A"})]
    html = client.get(f"/instructor/cohorts/{classes['a']}").get_data(as_text=True)
    assert "renamed the cohort from “Group A” to “Spring 2026 A”" in html


@pytest.mark.parametrize("name, status, message", [
    ("", 400, "Give the cohort a name."),
    ("   ", 400, "A cohort name needs 1-100 characters."),
    ("x" * 101, 400, "Field must be between 1 and 100 characters long."),
    ("Group B", 400, "You already have a cohort called &#39;Group B&#39;."),
    ("bad\u200bname", 400, "cannot contain control or invisible characters"),
])
def test_a_bad_name_is_refused_on_the_page_and_nothing_changes(app, client, auth, classes,
                                                               name, status, message):
    auth.login("ines")
    response = post(client, f"/instructor/cohorts/{classes['a']}/rename", {"rename-name": name})
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html and 'role="alert"' in html and 'aria-invalid="true"' in html
    assert _names(app)[classes["a"]] == "Group A" and _audit(app) == []


def test_another_instructor_cannot_see_or_change_the_cohort(app, client, auth, classes):
    auth.login("otto")
    a, sam, b = classes["a"], classes["sam"].id, classes["b"]
    refused = {
        "page": client.get(f"/instructor/cohorts/{a}").status_code,
        "member page": client.get(f"/instructor/cohorts/{a}/students/{sam}").status_code,
        "rename": post(client, f"/instructor/cohorts/{a}/rename",
                       {"rename-name": "Mine"}).status_code,
        "archive": post(client, f"/instructor/cohorts/{a}/archive").status_code,
        "new code": post(client, f"/instructor/cohorts/{a}/new-code").status_code,
        "remove": post(client, f"/instructor/cohorts/{a}/students/{sam}/remove").status_code,
        "move": post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
                     {"move-target": str(b)}).status_code,
        "add teacher": post(client, f"/instructor/cohorts/{a}/teachers",
                            {"teacher-username": "otto"}).status_code,
        "gradebook": client.get(f"/instructor/?cohort={a}").status_code,
    }
    assert refused == dict.fromkeys(refused, 404)
    assert _audit(app) == [] and _names(app)[a] == "Group A"
    assert _members(app, a) == {sam, classes["tia"].id}


def test_archived_cohort_refuses_joins_leaves_default_filters_and_keeps_its_data(
        app, client, auth, make_user, classes):
    auth.login("ines")
    a = classes["a"]
    ask = client.get(f"/instructor/cohorts/{a}/archive")
    assert ask.status_code == 200 and "Archive Group A?" in ask.get_data(as_text=True)
    assert post(client, f"/instructor/cohorts/{a}/archive").status_code == 302
    assert [e[1:3] for e in _audit(app)] == [("archived_cohort", a)]
    everyone = client.get("/instructor/").get_data(as_text=True)
    assert ">sam<" not in everyone and "All my current cohorts" in everyone
    assert 'optgroup label="Archived' in everyone
    chosen = client.get(f"/instructor/?cohort={a}").get_data(as_text=True)
    assert ">sam<" in chosen and ">tia<" in chosen  # still viewable when chosen
    listing = client.get("/instructor/cohorts").get_data(as_text=True)
    assert "Archived cohorts" in listing and classes["code_a"] not in listing
    # archived is read-only: no rename, no new code, no member changes
    assert post(client, f"/instructor/cohorts/{a}/rename",
                {"rename-name": "Later"}).status_code == 409
    assert post(client, f"/instructor/cohorts/{a}/new-code").status_code == 409
    assert post(client, f"/instructor/cohorts/{a}/students/{classes['sam'].id}/remove"
                ).status_code == 409
    make_user(username="vic")
    refused = _join(app, client, auth, "vic", classes["code_a"])
    assert refused.status_code == 400
    assert "Group A is archived and takes no new students" in refused.get_data(as_text=True)
    # a member already in it is told so, not refused
    assert _join(app, client, auth, "sam", classes["code_a"]).status_code == 302
    auth.login("ines")
    assert post(client, f"/instructor/cohorts/{a}/unarchive").status_code == 302
    assert _join(app, client, auth, "vic", classes["code_a"]).status_code == 302
    assert [e[1] for e in _audit(app)] == ["archived_cohort", "unarchived_cohort"]


def test_a_new_join_code_works_and_the_old_one_does_not(app, client, auth, make_user,
                                                       classes):
    make_user(username="vic")
    make_user(username="wes")
    auth.login("ines")
    a = classes["a"]
    assert client.get(f"/instructor/cohorts/{a}/new-code").status_code == 200
    assert post(client, f"/instructor/cohorts/{a}/new-code").status_code == 302
    with app.app_context():
        new = db.session.get_one(Cohort, a).join_code
    assert new != classes["code_a"].replace("-", "")
    old = _join(app, client, auth, "vic", classes["code_a"])
    assert old.status_code == 400 and "No cohort has this join code" in old.get_data(True)
    assert _join(app, client, auth, "wes", new).status_code == 302
    assert _members(app, a) == {classes["sam"].id, classes["tia"].id, _id(app, "wes")}
    (event,) = _audit(app)
    assert event[:3] == (classes["ines"].id, "new_join_code", a) and event[4] == {}


def _id(app, username):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.username == username))


def test_removing_a_student_keeps_their_attempts_out_of_sight(app, client, auth, classes):
    auth.login("ines")
    a, sam = classes["a"], classes["sam"].id
    page = client.get(f"/instructor/cohorts/{a}/students/{sam}")
    assert page.status_code == 200 and "Remove sam from Group A" in page.get_data(True)
    assert post(client, f"/instructor/cohorts/{a}/students/{sam}/remove").status_code == 302
    assert _members(app, a) == {classes["tia"].id}
    (event,) = _audit(app)
    assert event[:4] == (classes["ines"].id, "removed_student", a, sam)
    assert set(event[4]) == {"joined_at"}
    assert client.get(f"/instructor/students/{sam}").status_code == 404
    log = client.get(f"/instructor/cohorts/{a}").get_data(as_text=True)
    assert "removed sam from the cohort" in log
    again = post(client, f"/instructor/cohorts/{a}/students/{sam}/remove")
    assert again.status_code == 404 and "no such student in Group A" in again.get_data(True)
    uma = post(client, f"/instructor/cohorts/{a}/students/{classes['uma'].id}/remove")
    assert uma.status_code == 404 and len(_audit(app)) == 1


def test_moving_a_student_between_your_own_cohorts(app, client, auth, classes):
    auth.login("ines")
    a, b, sam = classes["a"], classes["b"], classes["sam"].id
    page = client.get(f"/instructor/cohorts/{a}/students/{sam}").get_data(as_text=True)
    assert f'<option value="{b}">Group B</option>' in page
    assert f'value="{classes["o"]}"' not in page  # otto's cohort is not offered
    response = post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
                    {"move-target": str(b)})
    assert response.status_code == 302
    assert _members(app, a) == {classes["tia"].id} and _members(app, b) == {sam}
    (event,) = _audit(app)
    assert event[:4] == (classes["ines"].id, "moved_student", a, sam)
    assert event[4]["to_cohort_id"] == b and event[4]["after"] == "Group B"
    for cohort in (a, b):  # both cohorts' logs show the move
        log = client.get(f"/instructor/cohorts/{cohort}").get_data(as_text=True)
        assert "moved sam from Group A to Group B" in log


@pytest.mark.parametrize("target, status, message", [
    ("other", 404, "Students move only between cohorts of the same owner"),
    ("same", 400, "sam is already in Group A."),
    ("none", 400, "Choose the cohort to move them to, from the list."),
    ("junk", 400, "Choose the cohort to move them to, from the list."),
    ("twice", 400, "sam is already in Group B; remove them from Group A instead."),
    ("archived", 409, "Group B is archived and takes no new students."),
])
def test_a_bad_move_is_refused_on_the_page_and_nothing_changes(app, client, auth, classes,
                                                               target, status, message):
    a, b, sam = classes["a"], classes["b"], classes["sam"].id
    if target == "twice":  # sam joins B too, by its code
        with app.app_context():
            code = db.session.get_one(Cohort, b).join_code
        _join(app, client, auth, "sam", code)
    auth.login("ines")
    if target == "archived":
        assert post(client, f"/instructor/cohorts/{b}/archive").status_code == 302
    value = {"other": classes["o"], "same": a, "none": 0, "junk": "x", "twice": b,
             "archived": b}[target]
    before = (_members(app, a), _members(app, b), len(_audit(app)))
    response = post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
                    {"move-target": str(value)})
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in html and 'role="alert"' in html
    assert (_members(app, a), _members(app, b), len(_audit(app))) == before


def test_the_cohort_pages_cost_fixed_queries_and_write_nothing(app, client, auth, make_user,
                                                               classes):
    auth.login("ines")
    a, sam = classes["a"], classes["sam"].id
    pages = (f"/instructor/cohorts/{a}", f"/instructor/cohorts/{a}/students/{sam}",
             "/instructor/cohorts")
    before = {p: queries_for(app, client, p) for p in pages}
    for name in ("vic", "wes", "xan"):
        with app.app_context():
            cohorts.join_cohort(make_user(username=name).id, classes["code_a"])
    make_user(role="instructor", username="aide")
    post(client, f"/instructor/cohorts/{a}/teachers", {"teacher-username": "aide"})
    for name in ("One", "Two"):  # log events, and a move out (sam then joins again)
        post(client, f"/instructor/cohorts/{a}/rename", {"rename-name": name})
    post(client, f"/instructor/cohorts/{a}/students/{sam}/move",
         {"move-target": str(classes["b"])})
    with app.app_context():
        cohorts.join_cohort(sam, db.session.get_one(Cohort, a).join_code)
    assert len(_audit(app)) == 4
    assert {p: queries_for(app, client, p) for p in pages} == before
    assert {p: writes_for(app, client, p) for p in pages} == {p: [] for p in pages}
