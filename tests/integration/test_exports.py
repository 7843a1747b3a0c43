"""CSV exports of grades and responses: from the page and the command line, read back, and
safe from formula injection."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from quizapp.content.types.registry import TYPES
from quizapp.extensions import db
from quizapp.models import Response
from quizapp.services import attempts
from quizapp.services.attempts import quizzes
from quizapp.services.authoring import importer
from quizapp.services.reports.exports import (
    GRADE_HEADER,
    RESPONSE_HEADER,
    spreadsheet_safe,
    to_text,
)
from tests.helpers.history import RIGHT, WRONG, cohort_with, take
from tests.helpers.items import ngn_bank


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (5, 5), (None, None),
])
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_round_trip_of_awkward_cells():
    rows = [("=HYPERLINK(\"http://x\")", "comma, quote \" and\nnewline", 3, None, "naïve")]
    back = list(csv.reader(io.StringIO(to_text(("a", "b", "c", "d", "e"), rows), newline="")))
    assert back == [["a", "b", "c", "d", "e"],
                    ["'=HYPERLINK(\"http://x\")", "comma, quote \" and\nnewline", "3", "", "naïve"]]


@pytest.fixture
def exported(app, make_user, imported):
    teacher = make_user(role="instructor", username="ines")
    evil, amal = make_user(username="-evil"), make_user(username="amal")
    info = cohort_with(app, teacher.id, "=cmd|' /C calc'!A0", [evil.id, amal.id])
    take(app, amal.id, "basics-quiz", WRONG)
    take(app, amal.id, "basics-quiz", RIGHT)
    take(app, evil.id, "basics-quiz", RIGHT)
    return info


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_grades_csv_from_the_page(client, auth, exported):
    auth.login("ines")
    response = client.get(f"/instructor/export/grades.csv?cohort={exported.id}")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.splitlines()[0] == ",".join(GRADE_HEADER)
    rows = _read(text)
    assert len(rows) == 2 * 3  # two students x (two lessons + final exam)
    basics = {r["username"]: r for r in rows if r["quiz"] == "basics-quiz"}
    # grading: highest (the default) over WRONG (0 of 3 marks) then RIGHT (3 of 3)
    assert basics["amal"]["attempts"] == "2" and basics["amal"]["grade_percent"] == "100"
    assert (basics["amal"]["grading"], basics["amal"]["grade_marks"],
            basics["amal"]["marks_possible"]) == ("highest", "3", "3")
    assert basics["amal"]["passed"] == "yes" and basics["amal"]["lesson_read"] == "no"
    assert "'-evil" in basics and basics["'-evil"]["cohorts"] == "'=cmd|' /C calc'!A0"
    final = next(r for r in rows if r["kind"] == "final" and r["username"] == "amal")
    assert final["attempts"] == "0" and final["grade_percent"] == "" and final["lesson_read"] == ""


def test_responses_csv_from_the_page(client, auth, exported):
    auth.login("ines")
    rows = _read(client.get("/instructor/export/responses.csv").get_data(as_text=True))
    assert [r["username"] for r in rows] == ["'-evil"] * 3 + ["amal"] * 6
    amal = [r for r in rows if r["username"] == "amal"]
    assert [r["attempt_number"] for r in amal] == ["1"] * 3 + ["2"] * 3
    assert [r["question_id"] for r in amal[:3]] == ["basics-count", "basics-check",
                                                     "basics-purpose"]
    assert {r["question_version"] for r in rows} == {"1"}
    assert [(r["answer"], r["earned"], r["possible"]) for r in amal[3:]] == [
        ("b", "1", "1"), ("a b d", "3", "3"), ("true", "1", "1")]
    assert amal[1]["answer"] == "c" and amal[1]["earned"] == "0"


def _invoke(app, runner, *args):
    """Run a `quiz` command as `flask --app quizapp` would, inside an app context."""
    with app.app_context():
        return runner.invoke(args=["quiz", *args])


def test_cli_exports_write_files_that_read_back(app, runner, exported, tmp_path):
    grades, responses = tmp_path / "g.csv", tmp_path / "r.csv"
    result = _invoke(app, runner, "export-grades", "--cohort", exported.code.lower(),
                     "--output", str(grades))
    assert result.exit_code == 0, result.output
    assert "Wrote 6 row(s)" in result.output
    with open(grades, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["username"] for r in rows} == {"'-evil", "amal"}
    result = _invoke(app, runner, "export-responses", "--output", str(responses))
    assert result.exit_code == 0, result.output
    with open(responses, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[0] == list(RESPONSE_HEADER)
    to_stdout = _invoke(app, runner, "export-responses")
    assert to_stdout.exit_code == 0 and len(_read(to_stdout.output)) == 9


def test_cli_refuses_an_unknown_cohort(app, runner, exported):
    result = _invoke(app, runner, "export-grades", "--cohort", "22222-22222")
    assert result.exit_code == 1 and "No cohort has the join code" in result.output
    result = _invoke(app, runner, "export-grades", "--cohort", "nope")
    assert result.exit_code == 1 and "A join code has 10" in result.output


# Every item type: the answer as stored, and the cell responses.csv must show for it
# (the format in docs/instructors.md, written out by hand here).
EVERY_TYPE = [
    ("single_choice", "w-case-one", ["a"], "a"),
    ("true_false", "w-case-two", ["false"], "false"),
    ("select_all", "w-select-all", ["a", "b", "d"], "a b d"),
    ("select_n", "w-select-n", ["a", "c"], "a c"),
    ("ordered_response", "w-ordered",
     {"1": ["check"], "2": ["identify"], "3": ["give"], "4": ["record"]},
     "1=check; 2=identify; 3=give; 4=record"),
    ("matching", "w-matching", {"sugar": ["glucose"], "infection": ["weight"]},
     "sugar=glucose; infection=weight"),
    ("drop_down_cloze", "w-cloze", {"what": ["a"]}, "what=a"),
    ("drop_down_rationale", "w-dyad", {"action": ["a"], "reason": ["b"]}, "action=a; reason=b"),
    ("matrix_multiple_choice", "w-matrix-mc",
     {"fluids": ["indicated"], "glucose": ["indicated"], "temp": ["not-indicated"]},
     "glucose=indicated; fluids=indicated; temp=not-indicated"),
    ("matrix_multiple_response", "w-matrix-mr",
     {"thirst": ["glucose", "infection"], "wound": ["glucose"]},
     "thirst=glucose infection; wound=glucose"),
    ("highlight", "w-highlight", ["sleep", "thirst"], "sleep thirst"),
    ("bow_tie", "w-bow-tie",
     {"actions": ["glucose", "stop"], "condition": ["hyper"], "parameters": ["bg", "thirst"]},
     "actions=glucose stop; condition=hyper; parameters=bg thirst"),
    ("numeric", "w-numeric", ["2,0 mL"], "2,0 mL"),
    ("short_text", "w-short-text", ["Capillary  BLOOD; really"], "Capillary  BLOOD; really"),
]


@pytest.fixture
def every_type_export(app, make_user, client, auth):
    """A student in ines's cohort submitted the ward quiz (one item of every type) with the
    answers above; ines is logged in. Returns the response rows by question id."""
    with app.app_context():
        importer.import_bank(ngn_bank(), [])
    teacher = make_user(role="instructor", username="ines")
    noor = make_user(username="noor")
    cohort_with(app, teacher.id, "Ward", [noor.id])
    answers = {qid: answer for _, qid, answer, _ in EVERY_TYPE}
    with app.app_context():
        quiz_id = quizzes.find_quiz("ward", "ward-quiz").id
        attempt = attempts.start_attempt(noor.id, quiz_id)
        attempts.submit_attempt(noor.id, attempt.id, answers)
    with app.app_context():
        stored = {r.question_id: r.answer for r in db.session.scalars(select(Response))}
    assert {qid: stored[qid] for qid in answers} == answers
    auth.login("ines")
    rows = _read(client.get("/instructor/export/responses.csv").get_data(as_text=True))
    return {r["question_id"]: r for r in rows}


def test_every_item_type_is_in_the_model_export_cases():
    assert {kind for kind, *_ in EVERY_TYPE} == set(TYPES)


@pytest.mark.parametrize("kind, qid, answer, cell", EVERY_TYPE, ids=[c[0] for c in EVERY_TYPE])
def test_responses_csv_shows_every_answer_of_every_type(every_type_export, kind, qid, answer,
                                                        cell):
    assert every_type_export[qid]["answer"] == cell
    assert _parse_cell(cell, isinstance(answer, dict), kind) == answer


def _parse_cell(cell: str, parts: bool, kind: str):  # type: ignore[no-untyped-def]
    """Read a cell back as the documented format says (the round trip a school's script does)."""
    if parts:
        return {name: ids.split(" ") for name, ids in
                (pair.split("=", 1) for pair in cell.split("; "))}
    return [cell] if kind in ("numeric", "short_text") else cell.split(" ")
