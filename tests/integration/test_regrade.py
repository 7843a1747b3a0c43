"""quiz regrade: rescoring on purpose after a corrected key, with a record, exactly once."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptItem, QuestionVersion, Quiz, RegradeRecord, Response
from quizapp.services import attempts
from tests.helpers.authoring import copy_bank, dump, edit, take_quiz

# basics-purpose (1 point, key true); pass mark 50%.
ALL_RIGHT = {"basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"]}
CHOSE_C = {"basics-count": ["c"], "basics-check": ["a"], "basics-purpose": ["true"]}


def corrected_key_bank(app, runner, make_user, tmp_path):
    """Two students submit under key b; the author then corrects the key to c and imports."""
    bank = copy_bank(tmp_path)
    assert runner.invoke(args=["quiz", "import", str(bank)]).exit_code == 0
    amal, ben = make_user(username="amal"), make_user(username="ben")
    with app.app_context():
        first = take_quiz(amal.id, "basics-quiz", ALL_RIGHT)  # 5/5, passed
        second = take_quiz(ben.id, "basics-quiz", CHOSE_C)  # 2/5 = 40%, not passed
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: c\n")
    result = runner.invoke(args=["quiz", "import", str(bank)])
    assert "0 added, 1 changed, 0 retired, 4 unchanged." in result.output
    assert ("note: 2 submitted response(s) to 'basics-count' keep the older version they were "
            "scored against; to rescore them on purpose run `flask --app quizapp quiz regrade "
            "basics-count`") in result.output
    return bank, first, second


def scores(app) -> dict[int, tuple[int, int, bool]]:
    with app.app_context():
        return {a.id: (a.earned, a.possible, a.passed) for a in db.session.scalars(
            select(Attempt).where(Attempt.status == "submitted"))}


def test_importing_a_corrected_key_does_not_rescore_anything(app, runner, make_user, tmp_path):
    _, first, second = corrected_key_bank(app, runner, make_user, tmp_path)
    assert scores(app) == {first: (5, 5, True), second: (2, 5, False)}


def test_dry_run_shows_the_changes_and_saves_nothing(app, runner, make_user, tmp_path):
    _, first, second = corrected_key_bank(app, runner, make_user, tmp_path)
    with app.app_context():
        before = dump()
    result = runner.invoke(args=["quiz", "regrade", "basics-count", "--dry-run", "--by", "dr-x"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Regrading 'basics-count' against version 2 (dry run: nothing saved):",
        f"  attempt {first} by amal (Basics quiz): 5/5 -> 4/5 points, passed -> passed",
        f"  attempt {second} by ben (Basics quiz): 2/5 -> 3/5 points, not passed -> passed",
        "Rescored 2 response(s) in 2 attempt(s); 2 attempt score(s) changed.",
    ]
    with app.app_context():
        assert dump() == before


def test_regrade_rescores_keeps_a_record_and_a_second_run_changes_nothing(
        app, client, auth, runner, make_user, tmp_path):
    _, first, second = corrected_key_bank(app, runner, make_user, tmp_path)
    result = runner.invoke(args=["quiz", "regrade", "basics-count", "--by", "dr-x"])
    assert result.exit_code == 0, result.output
    assert f"  attempt {second} by ben (Basics quiz): 2/5 -> 3/5 points, not passed -> passed" \
        in result.output
    assert scores(app) == {first: (4, 5, True), second: (3, 5, True)}
    with app.app_context():
        v1, v2 = db.session.scalars(select(QuestionVersion.id).where(
            QuestionVersion.question_id == "basics-count").order_by(QuestionVersion.number))
        records = {(r.attempt_id, r.old_version_id, r.new_version_id, r.old_earned,
                    r.new_earned, r.old_possible, r.new_possible, r.regraded_by)
                   for r in db.session.scalars(select(RegradeRecord))}
        assert records == {(first, v1, v2, 1, 0, 1, 1, "dr-x"),
                           (second, v1, v2, 0, 1, 1, 1, "dr-x")}
        response = db.session.scalar(select(Response).where(
            Response.attempt_id == second, Response.question_id == "basics-count"))
        assert (response.earned, response.question_version_id, response.answer) == (1, v2, ["c"])
        item = db.session.scalar(select(AttemptItem).where(
            AttemptItem.attempt_id == second, AttemptItem.question_id == "basics-count"))
        assert item.question_version_id == v2
        before = dump()
    again = runner.invoke(args=["quiz", "regrade", "basics-count"])
    assert again.exit_code == 0
    assert again.output == ("Nothing to regrade: no submitted response to 'basics-count' was "
                            "scored against an older version.\n")
    with app.app_context():
        assert dump() == before
    auth.login("ben")
    page = client.get(f"/attempts/{second}/result").get_data(as_text=True)
    # 1 + 1/3 (one of three keys ticked) + 1 = 7/3 of 3 marks (the CLI reports points: 3/5)
    assert "2.33 / 3 marks · 78%" in page
    assert "Passed (pass mark 50%)." in page


def test_other_questions_and_open_attempts_are_left_alone(app, runner, make_user, tmp_path):
    bank, first, second = corrected_key_bank(app, runner, make_user, tmp_path)
    carol = make_user(username="carol")
    with app.app_context():
        quiz_id = db.session.scalar(select(Quiz.id).where(Quiz.slug == "basics-quiz"))
        open_attempt = attempts.start_attempt(carol.id, quiz_id).id
    edit(bank / "demo" / "01-basics.yaml", "      key: c\n", "      key: a\n")  # version 3
    runner.invoke(args=["quiz", "import", str(bank)])
    result = runner.invoke(args=["quiz", "regrade", "basics-count"])
    assert "Regrading 'basics-count' against version 3:" in result.output
    assert ("Note: 1 open attempt(s) still use an older version; run this again after they are "
            "submitted.") in result.output
    assert scores(app) == {first: (4, 5, True), second: (2, 5, False)}
    with app.app_context():
        item = db.session.scalar(select(AttemptItem).where(
            AttemptItem.attempt_id == open_attempt, AttemptItem.question_id == "basics-count"))
        assert db.session.get(QuestionVersion, item.question_version_id).number == 2
        assert db.session.scalar(select(db.func.count()).select_from(RegradeRecord).where(
            RegradeRecord.question_id != "basics-count")) == 0


def test_a_response_naming_a_removed_option_is_skipped_and_reported(
        app, runner, make_user, tmp_path):
    bank = copy_bank(tmp_path)
    runner.invoke(args=["quiz", "import", str(bank)])
    dana = make_user(username="dana")
    with app.app_context():
        attempt = take_quiz(dana.id, "basics-quiz", CHOSE_C)
    edit(bank / "demo" / "01-basics.yaml",
         "        - {id: c, text: Four, rationale: Too many; the demo is made of three parts.}"
         "\n", "")
    runner.invoke(args=["quiz", "import", str(bank)])
    result = runner.invoke(args=["quiz", "regrade", "basics-count"])
    assert result.exit_code == 1
    assert (f"skipped attempt {attempt}: question 'basics-count' has no option c; left as it was"
            in result.output)
    assert scores(app) == {attempt: (2, 5, False)}


def test_an_unknown_question_is_an_error(app, runner):
    result = runner.invoke(args=["quiz", "regrade", "no-such-question"])
    assert result.exit_code == 1
    assert "error: There is no question 'no-such-question'." in result.output
