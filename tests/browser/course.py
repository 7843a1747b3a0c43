"""What the browser tests know about the real course, read from questions/ rather than written
down: the course is rewritten as evidence changes, and a test that hard-codes "11 lessons" or a
question id breaks on every rewrite. Each fact below is chosen from the loaded bank by what a
test needs (a lesson with a figure, a quiz with an unfolding case and a highlight item, ...).

The widgets a course quiz happens to hold change with it; tests that need one of each kind run
on the stable test banks instead (tests/data/ngn: one item of every type, the `ngn_site`
fixture; tests/data/exam: unfolding cases, `clinic_site`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from quizapp.content import load_bank
from quizapp.content.model import Lesson, Module, Question, Quiz

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "questions"


@cache
def module() -> Module:
    """The course's module (the first, if there are ever several); it must load cleanly."""
    bank, problems = load_bank(COURSE)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, "questions/ does not load:\n" + "\n".join(errors[:10])
    return bank.modules[0]


def lesson_quizzes() -> tuple[Quiz, ...]:
    """The quizzes that belong to a lesson, in lesson order (not the final exam)."""
    return tuple(q for q in module().quizzes if q.lesson_id is not None)


def quiz_of(lesson: Lesson) -> Quiz:
    return next(q for q in module().quizzes if q.lesson_id == lesson.id)


def types_of(quiz: Quiz) -> set[str]:
    return {q.type for q in quiz.questions}


def has_unfolding_case(quiz: Quiz) -> bool:
    return any(q.case is not None and q.case.unfolding for q in quiz.questions)


def figure_lesson() -> Lesson:
    """The first lesson with a figure (the first lesson if none has one: the figure screens
    then fail on the missing figure, not at collection)."""
    lessons = module().lessons
    return next((lesson for lesson in lessons
                 if any(section.figure is not None for section in lesson.sections)), lessons[0])


def case_quiz() -> Quiz:
    """The lesson quiz that shows the most of an unfolding case study: one with an unfolding
    case and a highlight item (its result shows the student's own highlights), and the most
    kinds of item among such quizzes; failing those, the closest there is."""
    return max(lesson_quizzes(), key=lambda q: (has_unfolding_case(q), "highlight" in types_of(q),
                                                len(types_of(q))))  # max keeps the first


def quiz_with(*types: str) -> Quiz:
    """The lesson quiz holding the most of `types` (the first such in lesson order)."""
    return max(lesson_quizzes(), key=lambda q: len(types_of(q) & set(types)))


def covering_quizzes() -> tuple[Quiz, ...]:
    """A few lesson quizzes that between them hold every type of item the course uses: the
    case quiz first, then greedily the quiz that adds the most types not yet covered."""
    chosen = [case_quiz()]
    wanted = set().union(*(types_of(q) for q in lesson_quizzes()))
    missing = wanted - types_of(chosen[0])
    while missing:
        best = max(lesson_quizzes(), key=lambda q: len(types_of(q) & missing))
        chosen.append(best)
        missing -= types_of(best)
    return tuple(chosen)


def first_of_type(types: Iterable[str]) -> Question:
    """The first question of the course, in lesson order, whose type is the first of `types`
    the course has (a preview screen wants the richest widget there is)."""
    questions = [q for quiz in lesson_quizzes() for q in quiz.questions]
    for wanted in types:
        found = next((q for q in questions if q.type == wanted), None)
        if found is not None:
            return found
    return questions[0]


# A Markdown table: a row of cells, then the row of dashes under the header.
_TABLE = re.compile(r"^\s*\|.*\|\s*\n\s*\|[\s:|-]*-[\s:|-]*\|\s*$", re.MULTILINE)


def record_table_quiz() -> Quiz:
    """The first lesson quiz whose unfolding case shows a table in its client record on the
    attempt's first page (the starting record or the first stage's additions); failing that,
    the case quiz (the table checks then fail on finding no table, not at collection)."""
    def first_page_tables(quiz: Quiz) -> bool:
        cases = [q.case for q in quiz.questions if q.case is not None and q.case.unfolding]
        return any(_TABLE.search(text) for case in cases
                   for record in (case.record, case.stages[0].record)
                   for text in record.tabs().values())
    return next((q for q in lesson_quizzes() if first_page_tables(q)), case_quiz())
