"""The `quiz` command group: exit codes 0 fine, 1 content or input errors, 2 usage."""

import json
import shutil

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import User
from tests.helpers.data import DEMO_BANK


def test_validate_clean_bank_exits_0(runner):
    result = runner.invoke(args=["quiz", "validate", str(DEMO_BANK)])
    assert result.exit_code == 0, result.output
    assert "0 problem(s); 1 module(s), 5 question(s) read." in result.output


def test_validate_reports_every_error_as_file_line_col_and_exits_1(runner, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, bank)
    lesson = bank / "demo" / "01-basics.yaml"
    lesson.write_text(lesson.read_text().replace("      key: b\n", "      key: z\n")
                      .replace("      bloom: apply\n", "      bloom: memorise\n"))
    result = runner.invoke(args=["quiz", "validate", str(bank)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "01-basics.yaml:" in line]
    assert len(lines) == 2
    assert lines[0].endswith(":41:12: key 'z' names no option of quiz.questions[0] "
                             "(options: a, b, c)")
    assert ":57:14: quiz.questions[1].bloom 'memorise' is not one of" in lines[1]


def test_validate_json_format(runner, tmp_path):
    bank = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, bank)
    (bank / "demo" / "02-more.yaml").write_text("lesson: [\n")
    result = runner.invoke(args=["quiz", "validate", "--format", "json", str(bank)])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert problems[0]["file"].endswith("02-more.yaml") and problems[0]["line"] == 2
    assert problems[0]["severity"] == "error"


def test_import_prints_a_summary_and_refuses_broken_content(runner, tmp_path):
    result = runner.invoke(args=["quiz", "import", str(DEMO_BANK)])
    assert result.exit_code == 0
    assert "5 added, 0 changed, 0 retired, 0 unchanged" in result.output
    bank = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, bank)
    (bank / "demo" / "module.yaml").write_text("id: demo\n")
    result = runner.invoke(args=["quiz", "import", str(bank)])
    assert result.exit_code == 1
    assert "missing required key 'title'" in result.output
    assert "Nothing imported" in result.output


def test_create_user_and_demo_accounts(app, runner):
    result = runner.invoke(args=["quiz", "create-user", "--role", "instructor", "Teach",
                                 "--password", "long-enough-1"])
    assert result.exit_code == 0 and "Created instructor 'teach'" in result.output
    again = runner.invoke(args=["quiz", "create-user", "teach", "--password", "long-enough-1"])
    assert again.exit_code == 1 and "already taken" in again.output
    short = runner.invoke(args=["quiz", "create-user", "other", "--password", "short"])
    assert short.exit_code == 1 and "at least 8" in short.output
    usage = runner.invoke(args=["quiz", "create-user", "--role", "admin", "x"])
    assert usage.exit_code == 2
    first = runner.invoke(args=["quiz", "demo-accounts"])
    assert first.output.count("(created)") == 2
    second = runner.invoke(args=["quiz", "demo-accounts"])
    assert second.output.count("(exists)") == 2
    with app.app_context():
        roles = dict(db.session.execute(select(User.username, User.role)).all())
    assert roles == {"teach": "instructor", "student": "student", "instructor": "instructor"}
