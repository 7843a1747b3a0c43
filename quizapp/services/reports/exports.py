"""CSV exports of grades and of responses, safe to open in a spreadsheet.

A cell that starts with = + - @, a tab or a carriage return would be read as a formula by
Excel, LibreOffice or Google Sheets; such cells get a leading apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, TextIO

from sqlalchemy import func, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptItem, QuestionVersion, Quiz, Response, User
from ...scoring.marks import item_marks, mark_value, show
from ...scoring.responses import answer_text
from ..accounts.cohorts import Scope, cohort_names
from ..progress import Progress, Ticker
from . import gradebook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GRADE_HEADER = ("username", "cohorts", "module", "quiz", "kind", "title", "attempts",
                "grading", "grade_percent", "grade_marks", "marks_possible", "passed",
                "lesson_read", "complete", "last_activity")
RESPONSE_HEADER = ("username", "attempt_id", "module", "quiz", "attempt_number",
                   "submitted_at", "position", "question_id", "question_version", "answer",
                   "earned", "possible", "mark", "marks")


def spreadsheet_safe(value: Any) -> Any:
    """The value, with a leading apostrophe if a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a header and rows as CSV (every cell made spreadsheet-safe); returns the row count."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([spreadsheet_safe("" if v is None else v) for v in row])
        count += 1
    return count


def to_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV as one string (for a download)."""
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def _decimal(value: Fraction) -> str:
    """An exact fraction as a decimal with at most four places (rounded half to even once)."""
    return show(value, places=4)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def grade_rows(scope: Scope, progress: Progress | None = None) -> Iterator[tuple[Any, ...]]:
    """One row per student in scope and quiz: the gradebook, in long form. `progress` hears
    (students written, students in scope) once the grades are worked out."""
    cols = gradebook.columns()
    names = cohort_names(scope)
    rows = gradebook.rows(scope, cols)
    ticker = Ticker(progress, len(rows))
    for row in rows:
        ticker.tick()
        for col, cell in zip(cols, row.cells, strict=True):
            module, quiz = col.key.split(":", 1)
            grade = cell.grade
            yield (row.username, "; ".join(names.get(row.user_id, ())), module, quiz, col.kind,
                   col.title, cell.attempts, col.grading, _decimal(grade.ratio * 100)
                   if grade and grade.ratio is not None else None,
                   _decimal(grade.marks) if grade and grade.marks is not None else None,
                   _decimal(grade.marks_possible) if grade else None,
                   _yes(cell.passed), _yes(cell.read) if col.kind == "lesson" else "",
                   _yes(cell.complete), cell.last.isoformat() if cell.last else None)


def _part_orders(scope: Scope) -> dict[int, tuple[str, ...]]:
    """The part ids, in the question's order, of every version answered in scope (one query)."""
    answered = (select(Response.question_version_id)
                .join(Attempt, Attempt.id == Response.attempt_id)
                .where(Attempt.user_id.in_(scope.student_ids())))
    rows = db.session.execute(select(QuestionVersion.id, QuestionVersion.snapshot)
                              .where(QuestionVersion.id.in_(answered)))
    out = {}
    for version_id, snapshot in rows:
        detail = QuestionContent.from_snapshot(snapshot).detail
        out[version_id] = tuple(p.id for p in detail.parts) if detail else ()
    return out


def response_rows(scope: Scope, progress: Progress | None = None
                  ) -> Iterator[tuple[Any, ...]]:
    """One row per response of every submitted attempt by a student in scope; the answer as
    `scoring.answer_text` writes it (documented in docs/instructors.md). `progress` hears
    (responses written, responses to write)."""
    orders = _part_orders(scope)
    query = (
        select(User.username, Attempt.id, Attempt.user_id, Quiz.module_id, Quiz.slug,
               Attempt.submitted_at, AttemptItem.position, Response.question_id,
               QuestionVersion.id, QuestionVersion.number, Response.answer, Response.earned,
               Response.possible, AttemptItem.mark_hundredths)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .join(Quiz, Quiz.id == Attempt.quiz_id)
        .join(AttemptItem, (AttemptItem.attempt_id == Response.attempt_id)
              & (AttemptItem.question_id == Response.question_id))
        .join(QuestionVersion, QuestionVersion.id == Response.question_version_id)
        .where(Attempt.status == "submitted", Attempt.counts_toward_grade,
               Attempt.user_id.in_(scope.student_ids())))
    # The count only when someone listens: it is a second pass over the same join.
    ticker = Ticker(progress, db.session.scalar(select(func.count()).select_from(
        query.subquery())) or 0 if progress is not None else 0)
    query = query.order_by(User.username, Attempt.id, AttemptItem.position) \
        .execution_options(yield_per=2000)
    numbers: dict[tuple[int, str, str], set[int]] = {}
    for (username, attempt_id, user_id, module, slug, submitted, position, qid, version_id,
         version, answer, earned, possible, hundredths) in db.session.execute(query):
        ticker.tick()
        seen = numbers.setdefault((user_id, module, slug), set())
        seen.add(attempt_id)
        yield (username, attempt_id, module, slug, len(seen),
               submitted.isoformat() if submitted else None, position + 1, qid, version,
               answer_text(answer, orders.get(version_id, ())), earned, possible,
               _decimal(mark_value(hundredths)),
               _decimal(item_marks(hundredths, earned, possible)))
