"""Importing the newer item types: versions, max scores, and a stable re-import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from quizapp.content import load_bank
from quizapp.extensions import db
from quizapp.models import QuestionVersion
from quizapp.services.authoring import importer
from tests.helpers.items import ngn_bank

COURSE = Path(__file__).parents[2] / "questions"


def test_new_types_import_with_their_max_scores_and_reimport_unchanged(app):
    with app.app_context():
        first = importer.import_bank(ngn_bank(), [])
        again = importer.import_bank(ngn_bank(), [])
        versions = {v.question_id: v for v in db.session.scalars(select(QuestionVersion))}
    assert len(first.added) == len(ngn_bank().questions()) and not again.changed
    assert versions["w-bow-tie"].max_score == 5
    assert versions["w-matrix-mr"].max_score == 4
    assert versions["w-select-n"].max_score == 2
    assert versions["w-case-two"].snapshot["case"]["id"] == "mr-b"
    assert "detail" not in versions["w-case-two"].snapshot


def test_the_course_validates_and_has_a_case_study_of_newer_types(runner):
    result = runner.invoke(args=["quiz", "validate", str(COURSE)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 problem(s)") or "0 problem(s)" in result.output
    bank, _ = load_bank(COURSE)
    cases: dict[str, list[str]] = {}
    for question in bank.questions():
        if question.case:
            cases.setdefault(question.case.id, []).append(question.type)
    assert cases, "the course has no case study"
    classic = {"single_choice", "true_false", "select_all"}
    assert any(len([t for t in types if t not in classic]) >= 3 for types in cases.values())
