"""The instructor's pages run a fixed number of SQL queries, however many students, attempts
or responses there are (templates never query)."""

from __future__ import annotations

from quizapp.services.accounts import cohorts
from tests.helpers.history import RIGHT, WRONG, cohort_with, take
from tests.helpers.web import queries_for

PAGES = ("/instructor/", "/instructor/stats", "/instructor/stats/demo/basics-quiz",
         "/instructor/results", "/instructor/export/grades.csv",
         "/instructor/export/responses.csv")


def test_query_counts_do_not_grow_with_students_or_attempts(app, client, auth, make_user,
                                                           imported):
    teacher = make_user(role="instructor", username="ines")
    first = make_user(username="first")
    info = cohort_with(app, teacher.id, "Class", [first.id])
    take(app, first.id, "basics-quiz", RIGHT)
    auth.login("ines")
    before = {p: queries_for(app, client, p) for p in PAGES}
    student_page = queries_for(app, client, f"/instructor/students/{first.id}")
    assert all(n >= 2 for n in before.values()) and student_page > 2, (before, student_page)

    for i in range(4):
        user = make_user(username=f"more{i}")
        with app.app_context():
            cohorts.join_cohort(user.id, info.code)
        take(app, user.id, "basics-quiz", WRONG)
        take(app, user.id, "basics-quiz", RIGHT)
    take(app, first.id, "basics-quiz", WRONG)
    assert {p: queries_for(app, client, p) for p in PAGES} == before
    assert queries_for(app, client, f"/instructor/students/{first.id}") == student_page
