"""`time_limit_minutes` in quiz YAML and module.yaml's final exam: optional, a whole number of
minutes from 1 to 600, reported as file:line:col when wrong."""

import shutil
from pathlib import Path

import pytest

from quizapp.content import load_bank

BANK = Path(__file__).parent.parent / "data" / "bank"


@pytest.fixture
def bank(tmp_path):
    copy = tmp_path / "bank"
    shutil.copytree(BANK, copy)
    return copy


def add_limits(bank, quiz_value, final_value):
    lesson = bank / "demo" / "01-basics.yaml"
    lesson.write_text(lesson.read_text().replace(
        "  title: Basics quiz\n", f"  title: Basics quiz\n  time_limit_minutes: {quiz_value}\n", 1))
    module = bank / "demo" / "module.yaml"
    module.write_text(module.read_text().replace(
        "  draw_per_lesson: 2\n", f"  draw_per_lesson: 2\n  time_limit_minutes: {final_value}\n"))


def test_untimed_by_default():
    parsed, problems = load_bank(BANK)
    assert problems == []
    (module,) = parsed.modules
    assert [q.time_limit_minutes for q in module.quizzes] == [None, None]
    assert module.final_exam.time_limit_minutes is None


def test_limits_are_read_for_lesson_quizzes_and_the_final_exam(bank):
    add_limits(bank, 20, 90)
    parsed, problems = load_bank(bank)
    assert problems == []
    (module,) = parsed.modules
    assert [q.time_limit_minutes for q in module.quizzes] == [20, None]
    assert module.final_exam.time_limit_minutes == 90


@pytest.mark.parametrize("value, message", [
    (0, "must be between 1 and 600, found 0"),
    (601, "must be between 1 and 600, found 601"),
    ("ten", "must be a whole number, found text"),
    (1.5, "must be a whole number"),
])
def test_bad_limits_are_reported_with_their_position(bank, value, message):
    add_limits(bank, value, value)
    parsed, problems = load_bank(bank)
    assert parsed.modules == ()
    located = sorted(str(p) for p in problems)
    assert len(located) == 2, located
    assert "01-basics.yaml:" in located[0] and message in located[0]
    assert "module.yaml:" in located[1] and message in located[1]
    assert "time_limit_minutes" in located[0]
