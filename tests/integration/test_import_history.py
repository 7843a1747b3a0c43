"""quiz import: all or nothing, versions by content hash, retiring, and history kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.content import ContentError, load_bank
from quizapp.content.validation import validate_bank
from quizapp.extensions import db
from quizapp.models import AttemptItem, Question, QuestionVersion
from quizapp.services.authoring import importer
from tests.helpers.authoring import copy_bank, dump, edit, take_quiz

BROKEN_FILE = Path(__file__).parent.parent / "data" / "broken" / "key-names-no-option" / \
    "01-basics.yaml"


def import_path(runner, path: Path):
    return runner.invoke(args=["quiz", "import", str(path)])


def test_import_prints_a_summary_and_reimporting_unchanged_files_changes_nothing(
        app, runner, tmp_path):
    bank = copy_bank(tmp_path)
    first = import_path(runner, bank)
    assert first.exit_code == 0, first.output
    assert f"Imported {bank}: 5 added, 0 changed, 0 retired, 0 unchanged." in first.output
    assert "  added: basics-count, basics-check, basics-purpose, more-detail, more-strict" \
        in first.output
    with app.app_context():
        before = dump()
    again = import_path(runner, bank)
    assert again.exit_code == 0
    assert "0 added, 0 changed, 0 retired, 5 unchanged." in again.output
    with app.app_context():
        assert dump() == before


def test_a_bad_file_among_good_ones_leaves_the_database_unchanged(app, runner, tmp_path):
    bank = copy_bank(tmp_path)
    assert import_path(runner, bank).exit_code == 0
    with app.app_context():
        before = dump()
    # A good edit (which alone would make a new version) and a new file with a mistake.
    edit(bank / "demo" / "01-basics.yaml", "How many parts", "How many distinct parts")
    (bank / "demo" / "03-broken.yaml").write_text(
        BROKEN_FILE.read_text().replace("id: basics", "id: broken").replace("q-count", "q-x"))
    result = import_path(runner, bank)
    assert result.exit_code == 1
    assert "03-broken.yaml:29:12: key 'e' names no option of quiz.questions[0]" in result.output
    assert "Nothing imported: 1 error(s)." in result.output
    with app.app_context():
        assert dump() == before


def test_a_bad_bank_into_an_empty_database_stores_nothing(app, runner, tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "02-more.yaml", "key: a\n", "key: z\n")
    assert import_path(runner, bank).exit_code == 1
    with app.app_context():
        assert all(rows == [] for rows in dump().values())


def test_a_failure_half_way_through_rolls_everything_back(app, tmp_path, monkeypatch):
    bank = copy_bank(tmp_path)
    with app.app_context():
        importer.import_bank(*load_bank(bank))
        before = dump()
    edit(bank / "demo" / "01-basics.yaml", "How many parts", "How many distinct parts")
    edit(bank / "demo" / "02-more.yaml", "What does the second", "What does lesson two")

    calls = []

    def fail_on_second(qid: str) -> int:
        calls.append(qid)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return 2

    monkeypatch.setattr(importer, "_next_number", fail_on_second)
    with app.app_context(), pytest.raises(RuntimeError):
        importer.import_bank(*load_bank(bank))
    with app.app_context():
        assert calls == ["basics-count", "more-detail"]
        assert dump() == before


def test_import_refuses_examples_that_disagree_with_the_key(app, tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "02-more.yaml", "      key: [a, b]\n",
         "      key: [a, b]\n      examples:\n        - {response: [a], score: 1}\n")
    loaded, problems = validate_bank(bank)
    assert [p.message for p in problems] == [
        "example response [a] scores 0 of 1 under all_or_nothing, but the example expects 1"]
    with app.app_context(), pytest.raises(ContentError):
        importer.import_bank(loaded, problems)


def test_an_edit_makes_a_new_version_and_old_attempts_keep_theirs(
        app, client, auth, make_user, runner, tmp_path):
    bank = copy_bank(tmp_path)
    assert import_path(runner, bank).exit_code == 0
    student = make_user(username="amal")
    with app.app_context():
        old_attempt = take_quiz(student.id, "basics-quiz", {
            "basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"]})
    edit(bank / "demo" / "01-basics.yaml", "How many parts does the demo have?",
         "How many parts does the demo have in total?")
    # Adding an example is authoring metadata: it does not make a new version.
    edit(bank / "demo" / "01-basics.yaml", "      key: [a, b, d]\n",
         "      key: [a, b, d]\n      examples:\n        - {response: [a, c], score: 0}\n")
    result = import_path(runner, bank)
    assert "0 added, 1 changed, 0 retired, 4 unchanged." in result.output
    assert "  changed: basics-count" in result.output
    with app.app_context():
        numbers = db.session.scalars(select(QuestionVersion.number).where(
            QuestionVersion.question_id == "basics-count").order_by(QuestionVersion.number))
        assert list(numbers) == [1, 2]
        new_attempt = take_quiz(student.id, "basics-quiz", {"basics-count": ["b"]})
        versions = dict(db.session.execute(
            select(AttemptItem.attempt_id, QuestionVersion.number)
            .join(QuestionVersion, QuestionVersion.id == AttemptItem.question_version_id)
            .where(AttemptItem.question_id == "basics-count")).all())
        assert versions == {old_attempt: 1, new_attempt: 2}
    auth.login("amal")
    old_page = client.get(f"/attempts/{old_attempt}/result").get_data(as_text=True)
    assert "How many parts does the demo have?" in old_page
    assert "in total" not in old_page
    assert "3 / 3 marks" in old_page
    new_page = client.get(f"/attempts/{new_attempt}/result").get_data(as_text=True)
    assert "How many parts does the demo have in total?" in new_page


def test_a_removed_question_is_retired_and_comes_back_as_changed(
        app, client, auth, make_user, runner, tmp_path):
    bank = copy_bank(tmp_path)
    import_path(runner, bank)
    student = make_user(username="amal")
    with app.app_context():
        attempt = take_quiz(student.id, "basics-quiz", {"basics-purpose": ["true"]})
    lesson = bank / "demo" / "01-basics.yaml"
    original = lesson.read_text()
    lesson.write_text(original[:original.index("    - id: basics-purpose")])
    result = import_path(runner, bank)
    assert "0 added, 0 changed, 1 retired, 4 unchanged." in result.output
    assert "  retired: basics-purpose" in result.output
    with app.app_context():
        assert db.session.get(Question, "basics-purpose").retired
        fresh = take_quiz(student.id, "basics-quiz", {})
        drawn = db.session.scalars(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == fresh)).all()
        assert sorted(drawn) == ["basics-check", "basics-count"]
    auth.login("amal")
    page = client.get(f"/attempts/{attempt}/result").get_data(as_text=True)
    assert "The demo matters because tests need it." in page  # history keeps it
    lesson.write_text(original)
    back = import_path(runner, bank)
    assert "0 added, 1 changed, 0 retired, 4 unchanged." in back.output
    with app.app_context():
        assert not db.session.get(Question, "basics-purpose").retired
        assert db.session.scalar(select(QuestionVersion.number).where(
            QuestionVersion.question_id == "basics-purpose")) == 1  # same content, same version


def test_a_question_moved_to_another_lesson_keeps_its_versions(app, runner, tmp_path):
    bank = copy_bank(tmp_path)
    import_path(runner, bank)
    basics, more = bank / "demo" / "01-basics.yaml", bank / "demo" / "02-more.yaml"
    text = basics.read_text()
    start, end = text.index("    - id: basics-purpose"), len(text)
    moved = text[start:end].replace("source: purpose", "source: detail")
    basics.write_text(text[:start])
    more.write_text(more.read_text() + moved)
    result = import_path(runner, bank)
    assert result.exit_code == 0, result.output
    assert "0 added, 1 changed, 0 retired, 4 unchanged." in result.output  # source changed
    with app.app_context():
        row = db.session.get(Question, "basics-purpose")
        assert row.source_file.endswith("02-more.yaml")
        assert db.session.scalar(select(db.func.count()).select_from(QuestionVersion).where(
            QuestionVersion.question_id == "basics-purpose")) == 2


def test_a_database_refusal_is_reported_not_a_traceback(app, runner, tmp_path, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    def refuse(*_args, **_kwargs):
        raise IntegrityError("INSERT", {}, Exception("duplicate key value"))

    monkeypatch.setattr(importer, "import_bank", refuse)
    result = import_path(runner, copy_bank(tmp_path))
    assert result.exit_code == 1
    assert ("Nothing imported: the database refused a change (duplicate key value). Was another "
            "import running? Run this again.") in result.output
