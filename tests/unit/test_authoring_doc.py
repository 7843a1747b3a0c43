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

