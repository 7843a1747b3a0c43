"""quiz validate and quiz lint from the command line: output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.authoring import copy_bank, edit

BROKEN = Path(__file__).parent.parent / "data" / "broken"


def test_validate_a_clean_bank_exits_0(runner):
    result = runner.invoke(args=["quiz", "validate"])  # QUESTIONS_PATH: the demo bank
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "0 problem(s); 1 module(s), 5 question(s) read.\n"


def test_validate_prints_every_error_and_exits_1(runner, monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = runner.invoke(args=["quiz", "validate", "unknown-option-key"])
    assert result.exit_code == 1
    assert result.stdout == ("unknown-option-key/01-basics.yaml:22:11: unknown key 'rational' "
                             "in quiz.questions[0].options[0] (did you mean 'rationale'?)\n")


def test_validate_json(runner, monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = runner.invoke(args=["quiz", "validate", "--format", "json", "duplicate-question-id"])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {"file": "duplicate-question-id/01-basics.yaml", "line": 16, "col": 7,
         "message": "duplicate question id 'q-count' (also at "
                    "duplicate-question-id/02-more.yaml:16)", "severity": "error"},
        {"file": "duplicate-question-id/02-more.yaml", "line": 16, "col": 7,
         "message": "duplicate question id 'q-count' (also at "
                    "duplicate-question-id/01-basics.yaml:16)", "severity": "error"},
    ]


def test_validate_a_missing_path(runner, tmp_path):
    result = runner.invoke(args=["quiz", "validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "nowhere:0:0: no such file or folder" in result.stdout


def test_warnings_alone_do_not_fail_validate(runner, monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = runner.invoke(args=["quiz", "validate", "lesson-file-ends-in-yml"])
    assert result.exit_code == 0
    assert "02-more.yml:1:1: warning: ignored: lesson files end in .yaml" in result.stdout


def flawed_bank(tmp_path: Path) -> Path:
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "01-basics.yaml", "How many parts does the demo have?",
         "Which count of parts is not correct?")
    edit(bank / "demo" / "02-more.yaml", "rationale: It does not appear.", "rationale: Incorrect.")
    return bank


def test_lint_warns_and_exits_0(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(flawed_bank(tmp_path))
    result = runner.invoke(args=["quiz", "lint", "."])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "demo/01-basics.yaml:34:7: warning: question 'basics-count': the stem asks a negative "
        "question ('not'); write the negative word in capitals (NOT) or ask positively",
        "demo/02-more.yaml:26:7: warning: question 'more-strict': the rationale for option 'c' "
        "only says \"Incorrect.\"; explain why",
    ]
    assert result.stderr == "2 warning(s), 0 error(s) in 5 question(s).\n"


def test_lint_strict_fails_on_warnings(runner, tmp_path):
    result = runner.invoke(args=["quiz", "lint", "--strict", str(flawed_bank(tmp_path))])
    assert result.exit_code == 1
    assert runner.invoke(args=["quiz", "lint", "--strict"]).exit_code == 0  # the clean demo


def test_lint_json(runner, tmp_path):
    result = runner.invoke(args=["quiz", "lint", "--format", "json", str(flawed_bank(tmp_path))])
    found = json.loads(result.stdout)
    assert [(w["line"], w["col"], w["severity"]) for w in found] == [(34, 7, "warning"),
                                                                     (26, 7, "warning")]


def test_lint_reports_errors_and_exits_1(runner, monkeypatch):
    monkeypatch.chdir(BROKEN)
    result = runner.invoke(args=["quiz", "lint", "key-names-no-option"])
    assert result.exit_code == 1
    assert "01-basics.yaml:29:12: key 'e' names no option" in result.stdout
