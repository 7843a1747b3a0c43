"""Roster sync (NRPS): the LMS course's members into its cohort, page after page; leavers are
marked, never deleted; on demand and after a launch."""

from __future__ import annotations

from html import unescape

import responses
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import CohortInstructor, CohortMember, LtiContext, LtiUser, User
from quizapp.services.lti import roster
from tests.helpers.lti import INSTRUCTOR, MEMBERS, member, members_page
from tests.helpers.web import post

PAGE_2 = f"{MEMBERS}?page=2&Bookmark=AbCdEf"  # URLs are case-sensitive: followed as sent


def serve_roster(lms, first, second=None):
    headers = {"Link": f'<{PAGE_2}>; rel="next", <{MEMBERS}>; rel="first"'} if second else {}
    lms.add(responses.GET, MEMBERS, json=members_page(first), headers=headers,
            match=[responses.matchers.query_string_matcher("")])
    if second is not None:
        lms.add(responses.GET, PAGE_2, json=members_page(second),
                match=[responses.matchers.query_string_matcher("page=2&Bookmark=AbCdEf")])


def people(app) -> dict[str, tuple[str, str, bool]]:
    """sub -> (role in the course, LMS name, left)."""
    with app.app_context():
        course = db.session.scalar(select(LtiContext))
        out = {}
        for model, role in ((CohortMember, "student"), (CohortInstructor, "instructor")):
            for sub, name, left in db.session.execute(
                    select(LtiUser.sub, LtiUser.name, model.left_at)
                    .join(model, model.user_id == LtiUser.user_id)
                    .where(model.cohort_id == course.cohort_id)):
                out[sub] = (role, name, left is not None)
        return out


def sync(app):
    with app.app_context():
        course_id = db.session.scalar(select(LtiContext.id))
        return roster.sync_now(course_id, app.config["SECRET_KEY"])


def test_a_sync_follows_next_links_and_makes_the_missing_accounts(app, client, registered,
                                                                  lms):
    registered.launch(client, roles=INSTRUCTOR, sub="teacher-1")
    serve_roster(lms, [member("teacher-1", "Dr Ada Okafor", INSTRUCTOR),
                       member("s-1", "Bea Ng")],
                 [member("s-2", "Carl Diaz"),
                  member("observer-1", "A Parent",
                         ["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"])])
    report = sync(app)
    assert (report.members, report.added, report.left, report.skipped) == (3, 2, 0, 1)
    assert people(app) == {"teacher-1": ("instructor", "Dr Ada Okafor", False),
                           "s-1": ("student", "Bea Ng", False),
                           "s-2": ("student", "Carl Diaz", False)}
    tokens = [c for c in lms.calls if c.request.url == registered.token_url]
    assert len(tokens) == 1  # one access token for both pages


def test_leavers_are_marked_not_deleted_and_come_back(app, client, registered, lms):
    registered.launch(client, roles=INSTRUCTOR, sub="teacher-1")
    serve_roster(lms, [member("teacher-1", "T", INSTRUCTOR), member("s-1", "Bea"),
                       member("s-2", "Carl")])
    sync(app)
    lms.remove(responses.GET, MEMBERS)
    serve_roster(lms, [member("teacher-1", "T", INSTRUCTOR), member("s-1", "Bea"),
                       member("s-2", "Carl", status="Inactive")])
    assert sync(app).left == 1
    assert people(app)["s-2"] == ("student", "Carl", True)
    lms.remove(responses.GET, MEMBERS)
    serve_roster(lms, [member("teacher-1", "T", INSTRUCTOR), member("s-2", "Carl")])
    report = sync(app)
    assert (report.returned, report.left) == (1, 1)
    assert people(app)["s-1"][2] and not people(app)["s-2"][2]
    with app.app_context():
        assert db.session.scalar(select(User.id).join(LtiUser, LtiUser.user_id == User.id)
                                 .where(LtiUser.sub == "s-1")) is not None


def test_an_instructor_who_left_no_longer_owns_the_course(app, client, registered, lms):
    registered.launch(client, roles=INSTRUCTOR, sub="teacher-1")
    other = app.test_client()
    registered.launch(other, roles=INSTRUCTOR, sub="teacher-2")
    serve_roster(lms, [member("teacher-1", "T", INSTRUCTOR), member("s-1", "Bea")])
    sync(app)
    assert "NUR 301" not in other.get("/instructor/lms").get_data(as_text=True)
    assert "NUR 301" in client.get("/instructor/lms").get_data(as_text=True)


def test_an_empty_or_failing_roster_changes_nothing_and_says_why(app, client, registered, lms):
    registered.launch(client)
    serve_roster(lms, [])
    report = sync(app)
    assert "empty roster" in report.error and people(app)["lms-user-1"][2] is False
    lms.replace(responses.GET, MEMBERS, status=500)
    assert "500" in sync(app).error
    with app.app_context():
        assert "500" in db.session.scalar(select(LtiContext.roster_error))


def test_the_instructors_button_syncs_now(app, client, registered, lms):
    response = registered.launch(client, roles=INSTRUCTOR, sub="teacher-1",
                                 **{"https://purl.imsglobal.org/spec/lti/claim/custom": None})
    serve_roster(lms, [member("teacher-1", "T", INSTRUCTOR), member("s-1", "Bea Ng")])
    page = response.headers["Location"]
    done = post(client, page + "/roster")
    assert done.status_code == 302
    html = unescape(client.get(page).get_data(as_text=True))
    assert "Roster synced: 2 people" in html and "Bea Ng" in html


def test_a_launch_syncs_the_roster_after_responding_at_most_hourly(app, registered, lms):
    app.config["LTI_JOBS_AFTER_RESPONSE"] = True
    serve_roster(lms, [member("lms-user-1", "Maria"), member("s-2", "Carl")])
    first = registered.launch(app.test_client())
    assert "s-2" not in people(app)  # nothing while the student waits
    first.close()
    assert set(people(app)) == {"lms-user-1", "s-2"}
    again = registered.launch(app.test_client(), sub="s-3")
    again.close()
    assert len([c for c in lms.calls if c.request.url.startswith(MEMBERS)]) == 1


def test_the_timer_command_syncs_the_due_rosters(app, client, runner, registered, lms):
    registered.launch(client)
    serve_roster(lms, [member("lms-user-1", "Maria"), member("s-2", "Carl")])
    result = runner.invoke(args=["quiz", "lti", "sync-rosters"])
    assert result.exit_code == 0 and "NUR 301 Adult Health: 2 people, 1 new" in result.output
    assert runner.invoke(args=["quiz", "lti", "sync-rosters"]).output == "No roster is due.\n"


def test_a_deleted_student_leaves_the_course_page_and_its_count(app, client, runner,
                                                                 registered, lms):
    """`quiz delete-user` keeps the account as a pseudonym in the course's cohort (for
    statistics); the course page's people and the cohort's member count leave it out."""
    from quizapp.services.accounts import cohorts
    from quizapp.services.lti import status

    registered.launch(client, roles=INSTRUCTOR, sub="teacher-1")
    serve_roster(lms, [member("teacher-1", "Dr Ada Okafor", INSTRUCTOR),
                       member("s-1", "Bea Ng"), member("s-2", "Carl Diaz")])
    sync(app)
    with app.app_context():
        def user_of(sub: str) -> User:
            return db.session.scalars(select(User).join(LtiUser, LtiUser.user_id == User.id)
                                      .where(LtiUser.sub == sub)).one()
        teacher, carl = user_of("teacher-1"), user_of("s-2")
        teacher_id, carl_id, carl_name = teacher.id, carl.id, carl.username
        course_id = db.session.scalar(select(LtiContext.id))
    assert runner.invoke(args=["quiz", "delete-user", carl_name, "--yes"]).exit_code == 0
    with app.app_context():
        assert db.session.get_one(User, carl_id).deleted_at is not None
        page = status.course_page(teacher_id, course_id)
        assert carl_id not in [p.user_id for p in page.people]
        assert sorted(p.name for p in page.people) == ["Bea Ng", "Dr Ada Okafor"]
        assert [c.members for c in cohorts.cohorts_of(teacher_id)] == [1]
