"""docs/authoring.md's complete lesson file validates and lints clean, so the doc stays true."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.content.lint import lint_bank
from quizapp.content.validation import validate_bank

DOC = Path(__file__).parent.parent.parent / "docs" / "authoring.md"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Two scans</title>'
       '<rect width="10" height="10"/></svg>')


def test_the_complete_example_is_valid_and_lint_clean(tmp_path: Path) -> None:
    text = DOC.read_text()
    match = re.search(r"<!-- complete-example -->\n```yaml\n(.*?)```", text, re.S)
    assert match, "docs/authoring.md lost its complete example"
    (tmp_path / "module.yaml").write_text("id: demo\ntitle: Demo\n")
    (tmp_path / "01-mri.yaml").write_text(match.group(1))
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "mri.svg").write_text(SVG)
    bank, problems = validate_bank(tmp_path)
    assert problems == []
    questions = bank.questions()
    assert {q.type for q in questions} == {"single_choice", "select_all", "true_false"}
    assert sum(len(q.examples) for q in questions) == 8
    assert lint_bank(bank) == []



def _block(text: str, marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\n```yaml\n(.*?)```", text, re.S)
    assert match, f"docs/authoring.md lost its {marker}"
    return match.group(1)


def test_the_unfolding_case_and_exam_examples_are_valid_and_lint_clean(tmp_path: Path) -> None:
    text = DOC.read_text()
    lesson = _block(text, "complete-example") + _block(text, "unfolding-example")
    (tmp_path / "module.yaml").write_text(_block(text, "exam-module-example"))
    (tmp_path / "exam-pool.yaml").write_text(_block(text, "exam-pool-example"))
    (tmp_path / "01-mri.yaml").write_text(lesson)
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "mri.svg").write_text(SVG)
    bank, problems = validate_bank(tmp_path)
    assert problems == []
    assert lint_bank(bank) == []
    module = bank.modules[0]
    case_items = [q for q in module.quizzes[0].questions if q.case is not None]
    assert len(case_items) == 6 and {q.case.stage for q in case_items if q.case} == {0, 1, 2}
    final = module.final_exam
    assert final is not None and final.blueprint is not None
    singles = sum(c.draw for c in final.blueprint.cells)
    assert singles + 6 * final.blueprint.case_studies == 9  # "9 marks", as the doc says
