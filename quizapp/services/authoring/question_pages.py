"""Read models for the instructor's question pages: every question by quiz, and one question
previewed as a student would see it after submitting, with its key, rationales, source file
and versions. A fixed number of queries per page, whatever the size of the bank."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from ...content.model import Question as QuestionContent
from ...content.types import TYPES, grade, key_answer
from ...extensions import db
from ...models import Attempt, Lesson, Module, Question, QuestionVersion, Quiz, Response
from ...text import excerpt
from ..errors import NotFound
from ..questions.build import item_view
from ..questions.views import ItemView


@dataclass(frozen=True)
class QuestionRow:
    id: str
    type_label: str
    stem_start: str
    versions: int
    retired: bool
    source_file: str
    source_line: int


@dataclass(frozen=True)
class QuizQuestions:
    module_title: str
    quiz_title: str
    retired: bool
    questions: tuple[QuestionRow, ...]


def question_catalog() -> tuple[QuizQuestions, ...]:
    """Every question (retired ones too) grouped by quiz, in course order, in three queries."""
    quizzes = db.session.execute(
        select(Quiz, Module.title).join(Module, Module.id == Quiz.module_id)
        .where(Quiz.kind == "lesson").order_by(Module.position, Module.id, Quiz.position)).all()
    counts = dict(db.session.execute(select(QuestionVersion.question_id, func.count())
                                     .group_by(QuestionVersion.question_id)).all())
    by_quiz: dict[int, list[QuestionRow]] = {}
    for q, snapshot in db.session.execute(
            select(Question, QuestionVersion.snapshot)
            .join(QuestionVersion, QuestionVersion.id == Question.current_version_id)
            .order_by(Question.retired, Question.position, Question.id)):
        by_quiz.setdefault(q.quiz_id, []).append(QuestionRow(
            q.id, _type_label(snapshot["type"]),
            excerpt(snapshot["stem"], 110), counts.get(q.id, 0), q.retired, q.source_file,
            q.source_line))
    return tuple(QuizQuestions(module_title, quiz.title, quiz.retired,
                               tuple(by_quiz.get(quiz.id, ())))
                 for quiz, module_title in quizzes if by_quiz.get(quiz.id))


@dataclass(frozen=True)
class VersionRow:
    number: int
    imported_at: str
    content_hash: str
    current: bool
    responses: int


@dataclass(frozen=True)
class QuestionPreview:
    id: str
    number: int  # the version shown
    current: bool
    retired: bool
    type_label: str
    scoring: str
    item: ItemView  # as the result page shows it to a student who answered with the key
    shuffled: bool
    details: tuple[tuple[str, str], ...]  # (label, value): difficulty, Bloom level, ...
    changes: tuple[str, ...]  # what differs from the version before the one shown
    quiz_title: str
    module_id: str
    lesson_slug: str | None
    source_section: str
    source_file: str
    source_line: int
    versions: tuple[VersionRow, ...]
    pending_regrade: int  # submitted responses still scored against an older version


def question_preview(question_id: str, number: int | None = None) -> QuestionPreview:
    """One question as the result page shows it (key and every rationale), at its current
    version or at version `number`. NotFound when either does not exist."""
    question = db.session.get(Question, question_id)
    if question is None or question.current_version_id is None:
        raise NotFound(f"There is no question '{question_id}'.")
    versions = db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.question_id == question_id).order_by(QuestionVersion.number)).all()
    wanted = number if number is not None else next(
        v.number for v in versions if v.id == question.current_version_id)
    shown = next((v for v in versions if v.number == wanted), None)
    if shown is None:
        raise NotFound(f"Question '{question_id}' has no version {wanted}.")
    quiz, lesson_slug = db.session.execute(
        select(Quiz, Lesson.slug).outerjoin(Lesson, Lesson.id == Quiz.lesson_id)
        .where(Quiz.id == question.quiz_id)).one()
    answered = _responses_per_version(question_id)
    previous = next((v for v in versions if v.number == wanted - 1), None)
    content = QuestionContent.from_snapshot(shown.snapshot)
    full_marks = grade(content, key_answer(content))
    item = item_view(1, 0, replace(content, shuffle=False), key_answer(content), True,
                     (full_marks.earned, full_marks.possible), None)
    return QuestionPreview(
        id=question.id, number=shown.number, current=shown.id == question.current_version_id,
        retired=question.retired, type_label=_type_label(content.type),
        scoring=content.scoring, item=item, shuffled=content.shuffle, details=_details(content),
        changes=_changes(previous.snapshot, shown.snapshot) if previous else (),
        quiz_title=quiz.title, module_id=quiz.module_id, lesson_slug=lesson_slug,
        source_section=content.source, source_file=question.source_file,
        source_line=question.source_line,
        versions=tuple(VersionRow(v.number, v.created_at.strftime("%Y-%m-%d %H:%M UTC"),
                                  v.content_hash[:12], v.id == question.current_version_id,
                                  answered.get(v.id, 0)) for v in versions),
        pending_regrade=sum(n for vid, n in answered.items()
                            if vid != question.current_version_id))


def _responses_per_version(question_id: str) -> dict[int, int]:
    return dict(db.session.execute(
        select(Response.question_version_id, func.count())
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.question_id == question_id, Attempt.status == "submitted")
        .group_by(Response.question_version_id)).all())


def _type_label(name: str) -> str:
    spec = TYPES.get(name)
    return spec.label if spec else name


def _details(q: QuestionContent) -> tuple[tuple[str, str], ...]:
    rows = [("Scoring", q.scoring.replace("_", " ")), ("Difficulty", q.difficulty),
            ("Bloom level", q.bloom), ("Client need", q.client_need.replace("-", " "))]
    if q.clinical_judgement:
        rows.append(("Clinical judgement", q.clinical_judgement.replace("-", " ")))
    return tuple(rows)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    """Plain-language differences between two snapshots, for "what changed in this version"."""
    changes = []
    if before.get("key") != after.get("key"):
        changes.append(f"key: {', '.join(before['key'])} → {', '.join(after['key'])}")
    old_options = {o[0]: o for o in before.get("options", [])}
    new_options = {o[0]: o for o in after.get("options", [])}
    for oid in sorted(old_options.keys() - new_options.keys()):
        changes.append(f"option {oid} removed")
    for oid in sorted(new_options.keys() - old_options.keys()):
        changes.append(f"option {oid} added")
    for oid in sorted(old_options.keys() & new_options.keys()):
        for index, what in ((1, "text"), (2, "rationale")):
            if old_options[oid][index] != new_options[oid][index]:
                changes.append(f"option {oid}: {what} edited")
    for field in sorted(after.keys() - {"key", "options", "id"}):
        if before.get(field) != after.get(field):
            changes.append(f"{field.replace('_', ' ')} edited")
    return tuple(changes)
