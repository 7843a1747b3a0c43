"""Build one question from a YAML snippet, as the loader would, for unit tests."""

from __future__ import annotations

import textwrap
from functools import cache

from quizapp.content import Bank, load_bank
from quizapp.content.model import Question
from quizapp.content.problems import Problem
from quizapp.content.questions import parse_question
from quizapp.content.reader import FileReader
from quizapp.content.yamlpos import load_positioned
from tests.helpers.data import NGN_BANK

COMMON = """
source: s
difficulty: easy
bloom: apply
client_need: management-of-care
"""


def parse(text: str, *, common: bool = True) -> tuple[Question | None, list[Problem]]:
    """Parse one question mapping; the common metadata is added unless `common` is False."""
    body = textwrap.dedent(text).strip() + "\n" + (COMMON.lstrip() if common else "")
    problems: list[Problem] = []
    reader = FileReader("item.yaml", load_positioned(body), problems)
    return parse_question(reader, ()), problems


def item(text: str) -> Question:
    """A question that must parse cleanly."""
    question, problems = parse(text)
    assert not problems, [str(p) for p in problems]
    assert question is not None
    return question


@cache
def ngn_bank() -> Bank:
    """The test bank with one item of every type, parsed once per run (it is immutable)."""
    bank, problems = load_bank(NGN_BANK)
    assert not problems, [str(p) for p in problems]
    return bank


def ngn_questions() -> dict[str, Question]:
    """The test bank's questions by id."""
    return {q.id: q for q in ngn_bank().questions()}
