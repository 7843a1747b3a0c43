"""Who may reach what: every route in the app, for every role, in one table.

A route added without an entry here fails `test_the_matrix_covers_every_route`, so nobody adds
a page without deciding who may see it. Expected values are HTTP statuses, or LOGIN for the
"log in first" redirect (to /login?next=...). "owner" owns the attempts in the URLs; "other"
is another student.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Attempt, AuditEvent, Cohort, Quiz
from quizapp.services.accounts import cohort_admin
from tests.helpers.data import PASSWORD
from tests.helpers.history import cohort_with
from tests.helpers.web import KEYS, csrf_token, post, start, submit

LOGIN = "login"
ROLES = ("anonymous", "owner", "other", "instructor")
LESSON = {"module_id": "demo", "slug": "basics"}
QUIZ = {"module_id": "demo", "slug": "basics-quiz"}
A = {"cohort_id": "cohort_id"}
B = {"cohort_id": "cohort_b_id"}

# (endpoint, method): (URL arguments, POST data, expected for anonymous, owner, other, instructor)
MATRIX: dict[tuple[str, str], tuple[dict, dict | None, tuple]] = {
    ("static", "GET"): ({"filename": "app.css"}, None, (200, 200, 200, 200)),
    ("healthz", "GET"): ({}, None, (200, 200, 200, 200)),
    ("auth.signup", "GET"): ({}, None, (200, 200, 200, 200)),
    ("auth.signup", "POST"): ({}, {}, (400, 400, 400, 400)),
    ("auth.login", "GET"): ({}, None, (200, 302, 302, 302)),
    ("auth.login", "POST"): ({}, {"username": "owner", "password": "wrong-password"},
                             (400, 302, 302, 302)),
    ("auth.logout", "POST"): ({}, {}, (LOGIN, 302, 302, 302)),
    ("auth.logout_everywhere", "POST"): ({}, {}, (LOGIN, 302, 302, 302)),
    ("auth.account", "GET"): ({}, None, (LOGIN, 200, 200, 200)),
    ("auth.change_password", "GET"): ({}, None, (LOGIN, 200, 200, 200)),
    ("auth.change_password", "POST"): ({}, {"current": "wrong-password", "password": "x",
                                            "confirm": "x"}, (LOGIN, 400, 400, 400)),
    ("learner.dashboard", "GET"): ({}, None, (LOGIN, 200, 200, 200)),
    ("learner.lesson", "GET"): (LESSON, None, (LOGIN, 200, 200, 200)),
    ("learner.figure", "GET"): ({**LESSON, "section_id": "parts"}, None,
                                (LOGIN, 200, 200, 200)),
    ("learner.quiz", "GET"): (QUIZ, None, (LOGIN, 200, 200, 200)),
    ("learner.media_image", "GET"): ({"digest": "0" * 64}, None, (LOGIN, 404, 404, 404)),
    ("learner.start", "POST"): (QUIZ, {}, (LOGIN, 302, 302, 302)),
    ("learner.attempt", "GET"): ({"attempt_id": "open"}, None, (LOGIN, 200, 404, 404)),
    ("learner.attempt", "POST"): ({"attempt_id": "open"}, {"action": "save"},
                                  (LOGIN, 302, 404, 404)),
    ("learner.answers", "POST"): ({"attempt_id": "open"}, {"sequence": "current"},
                                  (401, 200, 404, 404)),
    ("learner.result", "GET"): ({"attempt_id": "submitted"}, None, (LOGIN, 200, 404, 404)),
    ("instructor.gradebook", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    # practice mode, retakes, spaced review, calibration (the open attempt is in test mode)
    ("learner.attempt_practice", "GET"): ({"attempt_id": "open"}, None, (LOGIN, 404, 404, 404)),
    ("learner.attempt_practice", "POST"): ({"attempt_id": "open"}, {"question": "basics-count",
                                            "q-basics-count": "b"}, (LOGIN, 404, 404, 404)),
    ("learner.attempt_practice_feedback", "GET"): ({"attempt_id": "open", "number": 1}, None,
                                                   (LOGIN, 404, 404, 404)),
    ("learner.attempt_practice_finish", "POST"): ({"attempt_id": "open"}, {},
                                                  (LOGIN, 404, 404, 404)),
    ("learner.retake_missed_quiz", "POST"): (QUIZ, {}, (LOGIN, 302, 302, 302)),
    ("learner.retake_missed_module", "POST"): ({"module_id": "demo"}, {}, (LOGIN, 302, 302, 302)),
    ("learner.start_review", "POST"): ({"module_id": "demo"}, {}, (LOGIN, 302, 302, 302)),
    ("learner.calibration_view", "GET"): ({}, None, (LOGIN, 200, 200, 200)),
    # cohorts
    ("learner.join", "GET"): ({}, None, (LOGIN, 200, 200, 403)),
    ("learner.join", "POST"): ({}, {"code": "NOPE"}, (LOGIN, 400, 400, 403)),
    ("instructor.cohorts", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.cohorts", "POST"): ({}, {"name": ""}, (LOGIN, 403, 403, 400)),
    # instructor reports (owner is in the instructor's cohort; other is not)
    ("instructor.student", "GET"): ({"student_id": "owner_id"}, None, (LOGIN, 403, 403, 200)),
    ("instructor.reset_password", "GET"): ({"student_id": "owner_id"}, None,
                                           (LOGIN, 403, 403, 200)),
    # (spare is in the instructor's cohort; resetting owner would lock the matrix out)
    ("instructor.reset_password", "POST"): ({"student_id": "spare_id"}, {},
                                            (LOGIN, 403, 403, 200)),
    ("instructor.export_grades", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.export_responses", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.stats_index", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.quiz_stats", "GET"): (QUIZ, None, (LOGIN, 403, 403, 200)),
    ("instructor.results", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.questions", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.question", "GET"): ({"question_id": "basics-count"}, None,
                                     (LOGIN, 403, 403, 200)),
    # quiz settings: cohort windows and extra attempts (issue 13)
    ("instructor.quizzes", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.quiz_settings_view", "GET"): ({"quiz_id": "quiz_id"}, None,
                                               (LOGIN, 403, 403, 200)),
    ("instructor.quiz_window", "POST"): ({"quiz_id": "quiz_id", "cohort_id": "cohort_id"},
                                         {"action": "clear"}, (LOGIN, 403, 403, 302)),
    # the demo quiz allows unlimited attempts: nothing to grant there (400), but the gate holds
    ("instructor.grant_attempts", "POST"): ({"student_id": "owner_id"},
                                            {"quiz": "1", "extra": "1"}, (LOGIN, 403, 403, 400)),
    # question bank downloads for other systems
    ("instructor.bank_exports_page", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.bank_export_download", "GET"): ({"module_id": "demo", "fmt": "moodle"}, None,
                                                 (LOGIN, 403, 403, 200)),
    ("instructor.bank_export_report", "GET"): ({"module_id": "demo", "fmt": "qti21"}, None,
                                               (LOGIN, 403, 403, 200)),
    ("instructor.bank_export_report_json", "GET"): ({"module_id": "demo", "fmt": "canvas-qti"},
                                                    None, (LOGIN, 403, 403, 200)),
    # LTI: the LMS's door is open to anyone (the launch itself is the credential); a login
    # first checks that the browser keeps cookies (303), a launch without state is a 400.
    ("lms.login", "GET"): ({}, None, (303, 303, 303, 303)),
    ("lms.login", "POST"): ({}, {}, (303, 303, 303, 303)),
    ("lms.launch", "POST"): ({}, {}, (400, 400, 400, 400)),
    ("lms.launch_get", "GET"): ({}, None, (405, 405, 405, 405)),
    ("lms.jwks", "GET"): ({}, None, (200, 200, 200, 200)),
    ("lms.canvas_config", "GET"): ({}, None, (200, 200, 200, 200)),
    # a deep linking choice lives in the session of the instructor the LMS launched
    ("lms.deep_link", "GET"): ({"token": "not-yours"}, None, (LOGIN, 404, 404, 404)),
    ("lms.deep_link", "POST"): ({"token": "not-yours"}, {}, (LOGIN, 404, 404, 404)),
    # an instructor's LMS courses (course 1 is nobody's here)
    ("instructor.lms_courses", "GET"): ({}, None, (LOGIN, 403, 403, 200)),
    ("instructor.lms_course", "GET"): ({"course_id": 1}, None, (LOGIN, 403, 403, 404)),
    ("instructor.lms_sync_roster", "POST"): ({"course_id": 1}, {}, (LOGIN, 403, 403, 404)),
    ("instructor.lms_retry", "POST"): ({"course_id": 1}, {}, (LOGIN, 403, 403, 404)),
    # managing a cohort (issue 16): "teach" owns Group A (owner, spare, extra; co-teacher
    # aide) and the empty Group B. Another instructor and co-teachers: test_cohort_admin.py
    ("instructor.cohort", "GET"): (A, None, (LOGIN, 403, 403, 200)),
    ("instructor.cohort_rename", "POST"): (A, {"rename-name": "Group A"},
                                           (LOGIN, 403, 403, 302)),
    ("instructor.cohort_archive", "GET"): (B, None, (LOGIN, 403, 403, 200)),
    ("instructor.cohort_archive", "POST"): (B, {}, (LOGIN, 403, 403, 302)),
    ("instructor.cohort_unarchive", "POST"): (B, {}, (LOGIN, 403, 403, 302)),
    ("instructor.cohort_new_code", "GET"): (A, None, (LOGIN, 403, 403, 200)),
    ("instructor.cohort_new_code", "POST"): (A, {}, (LOGIN, 403, 403, 302)),
    ("instructor.cohort_member", "GET"): ({**A, "student_id": "spare_id"}, None,
                                          (LOGIN, 403, 403, 200)),
    # (no cohort chosen: 400; Group B may be archived by then)
    ("instructor.cohort_move", "POST"): ({**A, "student_id": "spare_id"}, {"move-target": "0"},
                                         (LOGIN, 403, 403, 400)),
    ("instructor.cohort_remove", "POST"): ({**A, "student_id": "extra_id"}, {},
                                           (LOGIN, 403, 403, 302)),
    ("instructor.cohort_add_teacher", "POST"): (A, {"teacher-username": "aide2"},
                                                (LOGIN, 403, 403, 302)),
    ("instructor.cohort_remove_teacher", "GET"): ({**A, "teacher_id": "aide_id"}, None,
                                                  (LOGIN, 403, 403, 200)),
    ("instructor.cohort_remove_teacher", "POST"): ({**A, "teacher_id": "aide_id"}, {},
                                                   (LOGIN, 403, 403, 302)),
}


def routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_the_matrix_covers_every_route(app):
    assert routes(app) == set(MATRIX), "add the new route to MATRIX with who may reach it"


@pytest.fixture
def world(app, client, auth, make_user, imported):
    """owner has a submitted and an open attempt at the basics quiz."""
    owner = make_user(username="owner")
    make_user(username="other")
    spare = make_user(username="spare")
    extra = make_user(username="extra")
    teach = make_user(role="instructor", username="teach")
    aide = make_user(role="instructor", username="aide")
    make_user(role="instructor", username="aide2")
    cohort = cohort_with(app, teach.id, "Group A", [owner.id, spare.id, extra.id])
    group_b = cohort_with(app, teach.id, "Group B", [])
    with app.app_context():
        cohort_admin.add_co_teacher(teach.id, cohort.id, "aide")
    auth.login("owner")
    done = start(client)
    submit(client, done, KEYS)
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "basics-quiz"))
    return {"submitted": done, "open": start(client), "owner_id": owner.id,
            "spare_id": spare.id, "extra_id": extra.id, "quiz_id": quiz_id,
            "cohort_id": cohort.id, "cohort_b_id": group_b.id, "aide_id": aide.id}


def _url(app, endpoint, args, world):
    values = {k: world.get(v, v) if k in ("attempt_id", "student_id", "quiz_id", "cohort_id",
                                          "teacher_id")
              else v for k, v in args.items()}
    with app.test_request_context():
        from flask import url_for
        return url_for(endpoint, **values)


def _request(app, role, method, url, data, world):
    client = app.test_client()
    username = {"owner": "owner", "other": "other", "instructor": "teach"}.get(role)
    if username:
        assert post(client, "/login", {"username": username, "password": PASSWORD}).status_code \
            == 302
    if method == "GET":
        return client.get(url, headers={"Accept": "text/html"})
    payload = dict(data)
    if payload.get("sequence") == "current":
        with app.app_context():
            payload["sequence"] = db.session.scalar(
                select(Attempt.sequence).where(Attempt.id == world["open"]))
    payload["csrf_token"] = csrf_token(client)
    headers = {"X-CSRFToken": payload["csrf_token"]}
    if url.endswith("/answers"):
        headers["Accept"] = "application/json"
    return client.post(url, data=payload, headers=headers)


def test_each_role_gets_what_the_matrix_says(app, world):
    """One pass over the table; every mismatch is reported at once."""
    wrong = {}
    for (endpoint, method), (args, data, expected) in sorted(MATRIX.items()):
        url = _url(app, endpoint, args, world)
        got = []
        for role in ROLES:
            with _request(app, role, method, url, data, world) as response:
                location = response.headers.get("Location", "")
                got.append(LOGIN if response.status_code == 302
                           and location.startswith("/login?next=") else response.status_code)
        if tuple(got) != expected:
            wrong[f"{method} {url}"] = dict(zip(ROLES, got, strict=True))
    assert wrong == {}


def test_every_instructor_form_is_refused_without_its_csrf_token(app, world):
    """A forged POST (no CSRF token) to any instructor route is a 400 that changes nothing."""
    client = app.test_client()
    assert post(client, "/login", {"username": "teach", "password": PASSWORD}).status_code \
        == 302
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        codes = dict(db.session.execute(select(Cohort.id, Cohort.join_code)).all())
    refused = {}
    for (endpoint, method), (args, data, _) in sorted(MATRIX.items()):
        if method == "POST" and endpoint.startswith("instructor."):
            url = _url(app, endpoint, args, world)
            refused[url] = client.post(url, data=data or {}).status_code
    assert refused and set(refused.values()) == {400}, refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
        assert dict(db.session.execute(select(Cohort.id, Cohort.join_code)).all()) \
            == codes
