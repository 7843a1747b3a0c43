"""Marks against hand-computed cases, including partial credit and items worth 2 marks:
the result page, the stored pass, the grade function, the gradebook and the exports agree."""

from __future__ import annotations

import csv
import io
from fractions import Fraction

from quizapp.models import AttemptItem
from quizapp.services.accounts.cohorts import Scope
from quizapp.services.grades import attempt_marks, quiz_grade
from quizapp.services.reports import exports, gradebook
from tests.helpers.history import cohort_with
from tests.helpers.web import post, sequence_on_page
from tests.integration.exam_helpers import (
    RELAPSE_KEYS,
    attempt_row,
    form_data,
    start_quiz,
)

# The relapse quiz: rl-fever-symptoms (single choice, 1 point, worth 2 marks), then the case:
#   rl-case-cues      highlight, plus-minus, 2 points, 1 mark
#   rl-case-analyze   single choice, 1 point, 1 mark
#   rl-case-hypothesis single choice, 1 point, 1 mark
#   rl-case-solutions select all, plus-minus, 2 points, 1 mark
#   rl-case-action    single choice, 1 point, worth 2 marks
#   rl-case-evaluate  true/false, 1 point, 1 mark
# Marks possible: 2 + 1 + 1 + 1 + 1 + 2 + 1 = 9. Points possible: 1 + 2 + 1 + 1 + 2 + 1 + 1 = 9.
PARTIAL = {
    "rl-fever-symptoms": ["a"],          # right: 2 of 2 marks (1 of 1 point)
    "rl-case-cues": ["weak"],            # 1 of 2 points: 1/2 mark
    "rl-case-analyze": ["b"],            # wrong: 0
    "rl-case-hypothesis": ["a"],         # right: 1
    "rl-case-solutions": ["a"],          # 1 of 2 points: 1/2 mark
    "rl-case-action": ["a"],             # right: 2 marks
    "rl-case-evaluate": ["false"],       # wrong: 0
}
# Marks: 2 + 1/2 + 0 + 1 + 1/2 + 2 + 0 = 6 of 9 = 66.7%: passed at 60%.
# Points: 1 + 1 + 0 + 1 + 1 + 1 + 0 = 5 of 9 = 55.6%: it would have failed on points.


def take_relapse(client, answers) -> int:  # type: ignore[no-untyped-def]
    attempt_id = start_quiz(client, "relapse-quiz")
    stages = [("rl-fever-symptoms", "rl-case-cues", "rl-case-analyze"),
              ("rl-case-hypothesis", "rl-case-solutions"),
              ("rl-case-action", "rl-case-evaluate")]
    for n, qids in enumerate(stages):
        page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        action = "submit" if n == len(stages) - 1 else "advance:rl-haddad"
        given = {q: answers[q] for q in qids if q in answers}
        response = post(client, f"/attempts/{attempt_id}", form_data(
            given, action=action, sequence=sequence_on_page(page)))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return attempt_id


def test_partial_credit_is_scaled_to_each_items_mark(app, client, auth, make_user, clinic):
    amal = make_user(username="amal")
    teacher = make_user(role="instructor", username="ines")
    cohort_with(app, teacher.id, "Ward 4", [amal.id])
    auth.login("amal")
    attempt_id = take_relapse(client, PARTIAL)
    row = attempt_row(app, attempt_id)
    assert (row.earned, row.possible, row.passed) == (5, 9, True)  # points stored; pass on marks
    with app.app_context():
        assert attempt_marks([attempt_id])[attempt_id].earned == 6
        assert attempt_marks([attempt_id])[attempt_id].possible == 9
        grade = quiz_grade(amal.id, clinic["relapse-quiz"])
        assert (grade.ratio, grade.percent, grade.passed) == (Fraction(2, 3), 67, True)
    page = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "6 / 9 marks · 67%" in page and "Passed (pass mark 60%)" in page
    assert "0.5 of 1 mark <span class=\"muted\">(1/2 points)" in page  # the highlight
    assert "2 of 2 marks</h2>" in page  # the 2-mark single choice
    auth.logout()
    auth.login("ines")
    book = client.get("/instructor/").get_data(as_text=True)
    assert "<strong>67%</strong>" in book
    with app.app_context():
        rows = list(csv.DictReader(io.StringIO(exports.to_text(
            exports.GRADE_HEADER, exports.grade_rows(Scope(teacher.id))))))
        answers = list(csv.DictReader(io.StringIO(exports.to_text(
            exports.RESPONSE_HEADER, exports.response_rows(Scope(teacher.id))))))
    relapse = next(r for r in rows if r["quiz"] == "relapse-quiz")
    assert (relapse["grade_percent"], relapse["grade_marks"], relapse["marks_possible"]) == (
        "66.6667", "6", "9")
    by_item = {r["question_id"]: (r["mark"], r["marks"]) for r in answers}
    assert by_item["rl-case-cues"] == ("1", "0.5") and by_item["rl-case-action"] == ("2", "2")
    assert sum(Fraction(m) for _, m in by_item.values()) == 6


def test_grading_methods_choose_what_the_gradebook_reports(app, client, auth, make_user,
                                                          clinic):
    amal = make_user(username="amal")
    teacher = make_user(role="instructor", username="ines")
    cohort_with(app, teacher.id, "Ward 4", [amal.id])
    auth.login("amal")
    take_relapse(client, PARTIAL)          # 6/9 = 2/3
    take_relapse(client, RELAPSE_KEYS)     # 9/9 = 1
    take_relapse(client, {"rl-fever-symptoms": ["b"]})  # 0/9 = 0
    quiz_id = clinic["relapse-quiz"]
    expected = {"average": Fraction(5, 9), "highest": Fraction(1), "last": Fraction(0),
                "first": Fraction(2, 3)}   # (2/3 + 1 + 0) / 3 = 5/9 for the average
    from tests.integration.exam_helpers import set_quiz
    for method, ratio in expected.items():
        set_quiz(app, quiz_id, grading=method, attempts_allowed=None)
        with app.app_context():
            assert quiz_grade(amal.id, quiz_id).ratio == ratio, method
            cell = gradebook.gradebook(Scope(teacher.id)).rows[0].cells[0]
            assert cell.grade_percent == round(100 * ratio), method


def test_items_drawn_before_marks_keep_their_points_as_marks(app, client, auth, make_user,
                                                             clinic):
    """An attempt item whose mark is its points possible (what the migration records for
    history) scores exactly what it scored in points."""
    make_user(username="amal")
    auth.login("amal")
    attempt_id = take_relapse(client, PARTIAL)
    from quizapp.extensions import db
    with app.app_context():
        for item in db.session.query(AttemptItem).filter_by(attempt_id=attempt_id):
            item.mark_hundredths = 100 * {"rl-case-cues": 2, "rl-case-solutions": 2}.get(
                item.question_id, 1)
        db.session.commit()
        assert attempt_marks([attempt_id])[attempt_id].earned == 5  # the 5 of 9 points
