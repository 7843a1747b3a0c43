"""Results by clinical judgement step: on the student's result page, on their progress page,
and on the instructor's results page for a cohort (marks, exact)."""

from __future__ import annotations

import re

from tests.helpers.history import cohort_with
from tests.integration.test_marks_results import PARTIAL, take_relapse

# PARTIAL by step (each step one item of the case, plus rl-fever-symptoms for analyze-cues):
#   recognize-cues  rl-case-cues 1/2 of 1 mark      analyze-cues  2 of 2 + 0 of 1 = 2 of 3
#   prioritize      rl-case-hypothesis 1 of 1        generate-solutions 1/2 of 1
#   take-action     rl-case-action 2 of 2            evaluate-outcomes  0 of 1
STEPS = [("Recognize cues", "1", "0.5 / 1", "50%"), ("Analyze cues", "2", "2 / 3", "67%"),
         ("Prioritize hypotheses", "1", "1 / 1", "100%"),
         ("Generate solutions", "1", "0.5 / 1", "50%"), ("Take action", "1", "2 / 2", "100%"),
         ("Evaluate outcomes", "1", "0 / 1", "0%")]


def _rows(page: str, heading: str) -> list[tuple[str, ...]]:
    start = page.index(heading)
    table = page[start:page.index("</table>", start)]
    return [tuple(cells) for cells in (re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
                                       for row in re.findall(r"<tr>(.*?)</tr>", table, re.S))
            if cells and cells[0] != "Step" and not cells[0].startswith("Clinical")]


def test_the_student_sees_results_by_step_on_the_result_and_progress_pages(
        client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = take_relapse(client, PARTIAL)
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert _rows(result, "By clinical judgement step") == STEPS
    progress = client.get("/").get_data(as_text=True)
    assert _rows(progress, "By clinical judgement step") == STEPS


def test_the_instructor_sees_results_by_step_per_cohort(app, client, auth, make_user, clinic):
    amal, ben = make_user(username="amal"), make_user(username="ben")
    ines = make_user(role="instructor", username="ines")
    ward = cohort_with(app, ines.id, "Ward 4", [amal.id])
    cohort_with(app, ines.id, "Ward 5", [ben.id])
    auth.login("amal")
    take_relapse(client, PARTIAL)
    auth.logout()
    auth.login("ben")
    take_relapse(client, {})  # nothing answered: 0 of everything
    auth.logout()
    auth.login("ines")
    page = client.get(f"/instructor/results?cohort={ward.id}").get_data(as_text=True)
    rows = _rows(page, "By clinical judgement step")
    assert [r[:3] for r in rows] == [s[:3] for s in STEPS]  # Ward 4 alone: amal's marks
    assert rows[1][3] == "66.7%" and rows[0][3] == "50.0%"
    both = _rows(client.get("/instructor/results").get_data(as_text=True),
                 "By clinical judgement step")
    assert both[0][1:3] == ("2", "0.5 / 2")  # both cohorts: ben's unanswered item counts
