"""Item statistics for one quiz: feeds quizapp.stats from a handful of grouped SQL queries.

Attempts are the students' first submitted attempts (Moodle's default) or all submitted ones;
only students in the scope count. Every question version the attempts used is pooled under
its question id; options are listed as in the newest version seen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Text, cast, func, select

from ...extensions import db
from ...models import Attempt, AttemptItem, Question, QuestionVersion, Quiz, Response
from ...stats import Bin, ItemStats, OptionStat, Period, QuizSummary
from ...stats import items as item_math
from ...stats.distribution import cumulative_by_period, histogram
from ..accounts.cohorts import Scope
from ..errors import BadInput, NotFound


@dataclass(frozen=True)
class ItemReport:
    number: int
    question_id: str
    type: str
    versions: tuple[int, ...]
    stem: str  # plain-text excerpt
    stats: ItemStats
    options: tuple[OptionStat, ...]
    unanswered: int
    flags: tuple[str, ...]
    source_file: str
    source_line: int

    @property
    def source(self) -> str:
        return f"{self.source_file}:{self.source_line}" if self.source_file else ""


@dataclass(frozen=True)
class QuizStatsReport:
    quiz_id: int
    module_id: str
    slug: str
    title: str
    kind: str
    all_attempts: bool
    summary: QuizSummary
    items: tuple[ItemReport, ...]
    histogram: tuple[Bin, ...]
    completion: tuple[Period, ...]

    @property
    def needs_checking(self) -> int:
        return sum(1 for item in self.items if item.flags)


def quiz_by_ref(ref: str) -> Quiz:
    """A live quiz by 'module/slug', or by its slug alone when that is unambiguous."""
    module_id, _, slug = ref.rpartition("/")
    query = select(Quiz).where(Quiz.slug == slug, ~Quiz.retired)
    if module_id:
        query = query.where(Quiz.module_id == module_id)
    found = db.session.scalars(query).all()
    if not found:
        raise NotFound(f"There is no quiz '{ref[:100]}'.")
    if len(found) > 1:
        names = ", ".join(f"{q.module_id}/{q.slug}" for q in found)
        raise BadInput(f"'{ref[:100]}' names several quizzes; use one of: {names}.")
    return found[0]


def quiz_stats(scope: Scope, quiz: Quiz, all_attempts: bool = False) -> QuizStatsReport:
    """The statistics report for `quiz` over the students in scope. The database groups the
    responses into a histogram of (question, answer, mark, attempt total) in one query; a few
    small queries add attempt totals, the questions, and the days students passed."""
    chosen = _attempt_ids(scope, quiz.id, all_attempts)
    grouped = _grouped_responses(chosen)
    items = item_math.item_statistics(grouped.cells())
    totals = db.session.execute(
        select(Attempt.earned, Attempt.possible, func.count()).where(Attempt.id.in_(chosen))
        .group_by(Attempt.earned, Attempt.possible)).all()
    totals = [(earned or 0, possible, n) for earned, possible, n in totals]
    columns = grouped.by_question() if quiz.kind == "lesson" else _by_position(chosen)
    summary = item_math.quiz_summary(totals, items, columns)
    counts, unanswered = _option_counts(grouped.answers)
    reports = []
    for number, (qid, meta) in enumerate(_questions(quiz, grouped.versions).items(), start=1):
        stats = items.get(qid) or ItemStats(qid, 0, meta["max"], None, None, None, None)
        options = item_math.option_stats(meta["options"], counts.get(qid, {}), stats.attempts)
        reports.append(ItemReport(
            number, qid, meta["type"], tuple(sorted(meta["versions"])), meta["stem"], stats,
            options, unanswered.get(qid, 0), item_math.flags(stats, options), meta["file"],
            meta["line"]))
    return QuizStatsReport(
        quiz.id, quiz.module_id, quiz.slug, quiz.title, quiz.kind, all_attempts, summary,
        tuple(reports), histogram((100 * e / p if p else 0.0, n) for e, p, n in totals),
        cumulative_by_period(_first_passes(scope, quiz.id)))


def _attempt_ids(scope: Scope, quiz_id: int, all_attempts: bool):  # type: ignore[no-untyped-def]
    where = (Attempt.quiz_id == quiz_id, Attempt.status == "submitted",
             Attempt.purpose == "quiz", Attempt.user_id.in_(scope.student_ids(anonymised=True)))
    if all_attempts:
        return select(Attempt.id).where(*where)
    return select(func.min(Attempt.id)).where(*where).group_by(Attempt.user_id)


@dataclass
class _Grouped:
    # (question, mark, rest of test, possible, attempt's possible) -> responses
    marks: dict[tuple[str, int, int, int, int], int]
    answers: dict[tuple[str, str | None], int]  # (question, answer as JSON text) -> responses
    versions: set[int]

    def cells(self) -> list[tuple[str, int, int, int, int]]:
        return [(q, x, r, p, n) for (q, x, r, p, _), n in self.marks.items()]

    def by_question(self) -> list[tuple[object, int, int, int]]:
        return [(q, x, ap, n) for (q, x, _, _, ap), n in self.marks.items()]


def _grouped_responses(chosen) -> _Grouped:  # type: ignore[no-untyped-def]
    """Responses of the chosen attempts, counted per (question, version, answer, mark,
    possible, rest of test, attempt's possible): a few hundred rows however many responses.
    Answers stay JSON text, so each distinct value is parsed once."""
    earned = func.coalesce(Response.earned, 0)
    keys = (Response.question_id, Response.question_version_id, cast(Response.answer, Text),
            earned, Response.possible, func.coalesce(Attempt.earned, 0) - earned,
            Attempt.possible)
    out = _Grouped({}, {}, set())
    for qid, vid, text, x, possible, rest, attempt_possible, n in db.session.execute(
            select(*keys, func.count()).join(Attempt, Attempt.id == Response.attempt_id)
            .where(Response.attempt_id.in_(chosen)).group_by(*keys)):
        key = (qid, x, rest, possible, attempt_possible)
        out.marks[key] = out.marks.get(key, 0) + n
        out.answers[(qid, text)] = out.answers.get((qid, text), 0) + n
        out.versions.add(vid)
    return out


def _by_position(chosen) -> list[tuple[object, int, int, int]]:  # type: ignore[no-untyped-def]
    """Marks per position shown (Moodle's slots), for alpha on a drawn exam."""
    earned = func.coalesce(Response.earned, 0)
    keys = (AttemptItem.position, earned, Attempt.possible)
    return [tuple(row) for row in db.session.execute(
        select(*keys, func.count())
        .join(AttemptItem, (AttemptItem.attempt_id == Response.attempt_id)
              & (AttemptItem.question_id == Response.question_id))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.attempt_id.in_(chosen)).group_by(*keys))]


def _option_counts(answers: dict[tuple[str, str | None], int]
                   ) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """How many responses chose each option, and how many gave no answer, per question."""
    counts: dict[str, dict[str, int]] = {}
    unanswered: dict[str, int] = {}
    for (qid, text), n in answers.items():
        picked = json.loads(text) if text else None
        if not picked or not isinstance(picked, list):
            unanswered[qid] = unanswered.get(qid, 0) + n
            continue
        per = counts.setdefault(qid, {})
        for option_id in set(map(str, picked)):
            per[option_id] = per.get(option_id, 0) + n
    return counts, unanswered


def _questions(quiz: Quiz, used: set[int]) -> dict[str, dict]:
    """The quiz's live questions and every question version the attempts used, in course
    order, with the options of the newest version seen and where to fix them."""
    current = select(Question.current_version_id).where(Question.quiz_id == quiz.id,
                                                        ~Question.retired)
    rows = db.session.execute(
        select(QuestionVersion.question_id, QuestionVersion.number, QuestionVersion.snapshot,
               QuestionVersion.max_score, Question.source_file, Question.source_line)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .where(QuestionVersion.id.in_(sorted(used)) | QuestionVersion.id.in_(current))
        .order_by(Quiz.position, Question.position, QuestionVersion.number)).all()
    out: dict[str, dict] = {}
    for qid, number, snap, max_score, file, line in rows:
        meta = out.setdefault(qid, {"versions": set(), "file": file, "line": line})
        meta["versions"].add(number)
        key = set(snap.get("key", ()))
        meta.update(type=snap.get("type", ""), max=max_score, stem=_excerpt(snap.get("stem", "")),
                    options=[(o[0], o[1], o[0] in key) for o in snap.get("options", ())])
    return out


def _excerpt(text: str, limit: int = 140) -> str:
    flat = " ".join(text.replace("*", "").replace("`", "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _first_passes(scope: Scope, quiz_id: int) -> list[date]:
    """The day each student in scope first passed the quiz."""
    return [when.date() for (when,) in db.session.execute(
        select(func.min(Attempt.submitted_at)).where(
            Attempt.quiz_id == quiz_id, Attempt.status == "submitted", Attempt.passed,
            Attempt.purpose == "quiz",
            Attempt.user_id.in_(scope.student_ids(anonymised=True)))
        .group_by(Attempt.user_id)) if when]


@dataclass(frozen=True)
class QuizLine:
    module_id: str
    slug: str
    title: str
    kind: str
    students: int
    attempts: int


def quiz_overview(scope: Scope) -> list[QuizLine]:
    """Every live quiz with how many students in scope submitted it, and how many times."""
    counts = {quiz_id: (students, attempts) for quiz_id, students, attempts in db.session.execute(
        select(Attempt.quiz_id, func.count(func.distinct(Attempt.user_id)), func.count())
        .where(Attempt.status == "submitted", Attempt.purpose == "quiz",
               Attempt.user_id.in_(scope.student_ids(anonymised=True)))
        .group_by(Attempt.quiz_id))}
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)
                                 .order_by(Quiz.module_id, Quiz.kind.desc(), Quiz.position))
    return [QuizLine(q.module_id, q.slug, q.title, q.kind, *counts.get(q.id, (0, 0)))
            for q in quizzes]
