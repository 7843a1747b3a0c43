"""Importing content: versions by content hash, retirement, all-or-nothing."""

import shutil

from sqlalchemy import func, select

from quizapp.content import ContentError, load_bank
from quizapp.extensions import db
from quizapp.models import Lesson, Question, QuestionVersion, Quiz
from quizapp.services.authoring import importer
from tests.helpers.data import DEMO_BANK
from tests.helpers.web import KEYS, start, submit


def copy_bank(tmp_path):
    target = tmp_path / "bank"
    shutil.copytree(DEMO_BANK, target)
    return target


def run_import(app, path):
    with app.app_context():
        return importer.import_bank(*load_bank(path))


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count(Question.id))),
                db.session.scalar(select(func.count(QuestionVersion.id))),
                db.session.scalar(select(func.count(Lesson.id))),
                db.session.scalar(select(func.count(Quiz.id))))


def test_first_import_adds_everything_and_reimport_changes_nothing(app, tmp_path):
    bank = copy_bank(tmp_path)
    first = run_import(app, bank)
    assert sorted(first.added) == sorted(KEYS) + ["more-detail", "more-strict"]
    assert counts(app) == (5, 5, 2, 3)  # 2 lesson quizzes + the final exam
    again = run_import(app, bank)
    assert (again.added, again.changed, again.retired) == ([], [], [])
    assert len(again.unchanged) == 5
    assert counts(app) == (5, 5, 2, 3)


def test_edit_makes_a_new_version_and_old_attempts_keep_theirs(app, client, auth, make_user,
                                                                tmp_path):
    bank = copy_bank(tmp_path)
    run_import(app, bank)
    make_user(username="amal")
    auth.login("amal")
    old_attempt = start(client)
    submit(client, old_attempt, KEYS)
    lesson_file = bank / "demo" / "01-basics.yaml"
    lesson_file.write_text(lesson_file.read_text()
                           .replace("How many parts does the demo have?",
                                    "How many parts does the demo really have?")
                           .replace("      key: b\n", "      key: c\n"))
    summary = run_import(app, bank)
    assert summary.changed == ["basics-count"]
    with app.app_context():
        versions = db.session.scalars(select(QuestionVersion.number).where(
            QuestionVersion.question_id == "basics-count")).all()
        assert sorted(versions) == [1, 2]
    old = client.get(f"/attempts/{old_attempt}/result").get_data(as_text=True)
    assert "How many parts does the demo have?" in old and "3 / 3 marks" in old
    new_attempt = start(client)
    html = client.get(f"/attempts/{new_attempt}").get_data(as_text=True)
    assert "How many parts does the demo really have?" in html


def test_reverting_an_edit_reuses_the_earlier_version(app, tmp_path):
    bank = copy_bank(tmp_path)
    run_import(app, bank)
    lesson_file = bank / "demo" / "01-basics.yaml"
    original = lesson_file.read_text()
    lesson_file.write_text(original.replace("      key: b\n", "      key: c\n"))
    run_import(app, bank)
    lesson_file.write_text(original)
    summary = run_import(app, bank)
    assert summary.changed == ["basics-count"]
    with app.app_context():
        question = db.session.get(Question, "basics-count")
        current = db.session.get(QuestionVersion, question.current_version_id)
        assert current.number == 1
        assert db.session.scalar(select(func.count(QuestionVersion.id))) == 6


def test_removed_question_is_retired_kept_for_history_and_not_drawn(app, client, auth,
                                                                     make_user, tmp_path):
    bank = copy_bank(tmp_path)
    run_import(app, bank)
    make_user(username="amal")
    auth.login("amal")
    old_attempt = start(client, "more-quiz")
    submit(client, old_attempt, {"more-detail": ["a"], "more-strict": ["a", "b"]})
    more = bank / "demo" / "02-more.yaml"
    text = more.read_text()
    more.write_text(text[:text.index("    - id: more-strict")])
    module = bank / "demo" / "module.yaml"
    module.write_text(module.read_text().replace("draw_per_lesson: 2", "draw_per_lesson: 1"))
    summary = run_import(app, bank)
    assert summary.retired == ["more-strict"]
    stem = "Which words appear in the second lesson?"
    assert stem in client.get(f"/attempts/{old_attempt}/result").get_data(as_text=True)
    new_attempt = start(client, "more-quiz")
    assert "more-strict" not in client.get(f"/attempts/{new_attempt}").get_data(as_text=True)


def test_a_bad_file_among_good_ones_leaves_the_database_unchanged(app, tmp_path):
    bank = copy_bank(tmp_path)
    run_import(app, bank)
    before = counts(app)
    lesson_file = bank / "demo" / "01-basics.yaml"
    lesson_file.write_text(lesson_file.read_text().replace(
        "How many parts does the demo have?", "Changed stem?"))
    (bank / "demo" / "03-bad.yaml").write_text("lesson:\n  id: Bad Id\n")
    with app.app_context():
        try:
            importer.import_bank(*load_bank(bank))
        except ContentError as exc:
            assert any("03-bad.yaml" in p.file for p in exc.problems)
        else:
            raise AssertionError("import of a broken bank must fail")
        snapshot = db.session.get(Question, "basics-count")
        version = db.session.get(QuestionVersion, snapshot.current_version_id)
        assert version.snapshot["stem"] == "How many parts does the demo have?"
    assert counts(app) == before


def test_a_failure_midway_rolls_back_everything(app, tmp_path, monkeypatch):
    bank = copy_bank(tmp_path)
    calls = {"n": 0}
    real = importer._upsert_quiz

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "_upsert_quiz", failing)
    with app.app_context():
        try:
            importer.import_bank(*load_bank(bank))
        except RuntimeError:
            pass
    assert counts(app) == (0, 0, 0, 0)
