"""The authoring tools on every item type: examples scored by each type's grader, lint, and the
preview page drawn with the result page's widgets."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from quizapp.content import load_bank
from quizapp.content.lint import lint_bank
from quizapp.content.types import key_answer, max_score
from quizapp.content.validation import validate_bank
from quizapp.services.authoring import importer

WARD = Path(__file__).parent.parent / "data" / "ngn" / "ward"


def with_examples(tmp_path: Path, extra: int = 0) -> tuple[Path, list[str]]:
    """A copy of the ward bank where every question has an example: its key, scoring full
    marks (plus `extra`, to make each one wrong)."""
    bank, _ = load_bank(WARD)
    target = tmp_path / "ward"
    shutil.copytree(WARD, target)
    lesson = target / "01-ward.yaml"
    lines = lesson.read_text().splitlines(keepends=True)
    for q in bank.questions():
        start = next(i for i, line in enumerate(lines) if re.match(rf"\s*- id: {q.id}$", line))
        indent = len(lines[start]) - len(lines[start].lstrip(" -"))
        end = next(i for i in range(start, len(lines))
                   if lines[i].startswith(" " * indent + "client_need:"))
        example = json.dumps(key_answer(q))
        lines.insert(end + 1, f"{' ' * indent}examples:\n{' ' * indent}  - {{response: {example}, "
                              f"score: {max_score(q) + extra}}}\n")
    lesson.write_text("".join(lines))
    return target, [q.id for q in bank.questions()]


def test_every_type_scores_its_key_in_an_example(tmp_path):
    root, ids = with_examples(tmp_path)
    bank, problems = validate_bank(root)
    assert problems == []
    assert {q.type for q in bank.questions()} >= {"matrix_multiple_response", "bow_tie",
                                                   "numeric", "short_text", "ordered_response"}
    assert all(len(q.examples) == 1 for q in bank.questions()) and len(ids) >= 14


def test_every_type_reports_a_wrong_example(tmp_path):
    root, ids = with_examples(tmp_path, extra=1)
    _, problems = validate_bank(root)
    assert len(problems) == len(ids)
    assert all("but the example expects" in p.message for p in problems)


def test_typed_answers_and_part_maps_can_be_written_plainly(tmp_path):
    root, _ = with_examples(tmp_path)
    lesson = root / "01-ward.yaml"
    text = lesson.read_text()
    bank, _ = load_bank(WARD)
    numeric = next(q for q in bank.questions() if q.type == "numeric")
    matrix = next(q for q in bank.questions() if q.type == "matrix_multiple_choice")
    key = key_answer(matrix)
    plain = "{" + ", ".join(f"{row}: {ids[0]}" for row, ids in key.items()) + "}"
    text = text.replace(json.dumps(key_answer(numeric)), json.dumps(key_answer(numeric)[0]), 1)
    text = text.replace(json.dumps(key), plain, 1)
    lesson.write_text(text)
    assert validate_bank(root)[1] == []


def test_lint_reads_every_type(tmp_path):
    bank, problems = load_bank(WARD)
    assert problems == []
    for warning in lint_bank(bank):
        assert warning.severity == "warning" and warning.line > 0


@pytest.fixture
def ward(app, auth, make_user):
    with app.app_context():
        importer.import_bank(*load_bank(WARD))
    make_user(role="instructor", username="ines")
    auth.login("ines")
    return [q for q in load_bank(WARD)[0].questions()]


def test_every_type_previews_with_its_key(client, ward):
    for q in ward:
        page = client.get(f"/instructor/questions/{q.id}").get_data(as_text=True)
        assert f"<code>{q.id}</code>" in page, q.id
        points = max_score(q)
        assert f"{points} point{'' if points == 1 else 's'} for the key" in page, q.id
        assert "tag-wrong-answer" not in page, q.id  # no part judged wrong: the key is given
    case_item = next(q for q in ward if q.case is not None)
    page = client.get(f"/instructor/questions/{case_item.id}").get_data(as_text=True)
    assert case_item.case.title in page
