"""The YAML examples in docs/authoring.md parse cleanly, and every item type has one."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from quizapp.content.questions import parse_question
from quizapp.content.reader import FileReader
from quizapp.content.types import TYPES, grade, key_answer, max_score
from quizapp.content.yamlpos import load_positioned

DOC = Path(__file__).parents[2] / "docs" / "authoring.md"
CLASSIC = {"single_choice", "select_all"}  # shown inside the lesson-file example


def examples() -> list:
    blocks = re.findall(r"```yaml\n(    - id:.*?)```", DOC.read_text(), re.DOTALL)
    questions = []
    for block in blocks:
        problems: list = []
        reader = FileReader("authoring.md", load_positioned(textwrap.dedent(block)), problems)
        for path in reader.items(()):
            questions.append(parse_question(reader, path))
        assert not problems, [str(p) for p in problems]
    return questions


def test_every_example_parses_and_its_key_scores_full_marks():
    questions = examples()
    assert None not in questions
    for question in questions:
        top = max_score(question)
        assert grade(question, key_answer(question)).earned == top > 0


def test_every_type_has_an_example():
    assert {q.type for q in examples()} | CLASSIC == set(TYPES)
