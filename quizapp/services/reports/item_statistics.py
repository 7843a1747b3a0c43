"""Item statistics for one quiz: feeds quizapp.stats from a handful of grouped SQL queries.

The attempts read are chosen by attempt_choice.py (each student's first by default); only
students in the scope count. Every question version the attempts used is pooled under its
question id; options are counted per part (option_counts.py) and listed as in the newest
version seen. A drawn exam is also reported per slot, and its alpha taken over slots
(slots.py), as Moodle does with random questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, Text, cast, func, select

from ...content.model import Question as QuestionContent
from ...extensions import db
from ...models import Attempt, AttemptItem, Question, QuestionVersion, Quiz, Response
from ...stats import Bin, ItemStats, OptionGroup, Period, QuizSummary, never_chosen
from ...stats import items as item_math
from ...stats.distribution import cumulative_by_period, histogram
from ...text import excerpt
from ..accounts.cohorts import Scope
from ..errors import BadInput, NotFound
from ..grades.scaled import attempt_units, item_units, max_units, scale_for
from ..progress import Progress, Ticker
from .attempt_choice import DEFAULT_ATTEMPTS, WHICH_ATTEMPTS, chosen_attempts
from .option_counts import is_blank, option_groups
from .slots import SlotReport, slot_marks, slot_reports


@dataclass(frozen=True)
class ItemReport:
    number: int
    question_id: str
    type: str
    versions: tuple[int, ...]
    stem: str  # plain-text excerpt
    stats: ItemStats
    groups: tuple[OptionGroup, ...]  # one per part; one for a choice item
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
    which: str  # which attempts: first, highest, last or all (attempt_choice.py)
    summary: QuizSummary
    items: tuple[ItemReport, ...]
    histogram: tuple[Bin, ...]
    completion: tuple[Period, ...]
    slots: tuple[SlotReport, ...] = ()  # a drawn exam's slots

    @property
    def needs_checking(self) -> int:
        return sum(1 for item in self.items if item.flags)

    @property
    def all_attempts(self) -> bool:
        return self.which == "all"

    @property
    def which_text(self) -> str:
        return WHICH_ATTEMPTS[self.which]


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


# The steps quiz_stats reports: responses grouped, item figures, attempt totals, the test's
# figures, the per-question reports, the days students passed.
STATS_STEPS = 6

def quiz_stats(scope: Scope, quiz: Quiz, which: str = DEFAULT_ATTEMPTS,
               progress: Progress | None = None) -> QuizStatsReport:
    """The statistics report for `quiz` over the students in scope and the attempts `which`
    names. The database groups the responses into a histogram of (question, answer, mark,
    attempt total) in one query; a few small queries add attempt totals, the questions, the
    days students passed and, for a drawn exam, the marks per slot. `progress` hears (steps
    done, STATS_STEPS): the work is a few set-wide queries, not a loop over students."""
    ticker = Ticker(progress, STATS_STEPS)
    chosen = chosen_attempts(scope, quiz.id, which)
    scale = scale_for(chosen)  # marks, as whole units in SQL (services/grades/scaled.py)
    grouped = _grouped_responses(chosen, scale)
    ticker.tick()
    items = item_math.item_statistics(grouped.cells())
    ticker.tick()
    per_attempt = attempt_units(chosen, scale)
    totals = [(int(earned), int(possible), n) for earned, possible, n in db.session.execute(
        select(per_attempt.c.earned, per_attempt.c.possible, func.count())
        .group_by(per_attempt.c.earned, per_attempt.c.possible))]
    ticker.tick()
    slots = slot_marks(chosen, scale) if quiz.kind != "lesson" else None
    columns = slots.columns() if slots is not None else grouped.by_question()
    summary = item_math.quiz_summary(totals, items, columns)
    ticker.tick()
    reports = [_item_report(number, qid, meta, items, grouped.answers_of(qid))
               for number, (qid, meta) in enumerate(
                   _questions(quiz, grouped.versions).items(), start=1)]
    ticker.tick()
    passes = _first_passes(scope, quiz.id)
    ticker.tick()
    return QuizStatsReport(
        quiz.id, quiz.module_id, quiz.slug, quiz.title, quiz.kind, which, summary,
        tuple(reports), histogram((100 * e / p if p else 0.0, n) for e, p, n in totals),
        cumulative_by_period(passes),
        slot_reports(slots) if slots is not None else ())


def _item_report(number: int, qid: str, meta: dict[str, Any], items: dict[str, ItemStats],
                 answers: dict[str | None, int]) -> ItemReport:
    stats = items.get(qid) or ItemStats(qid, 0, meta["max"], None, None, None, None)
    groups = option_groups(meta["question"], answers, stats.attempts)
    unanswered = sum(n for text, n in answers.items() if is_blank(text))
    return ItemReport(number, qid, meta["type"], tuple(sorted(meta["versions"])), meta["stem"],
                      stats, groups, unanswered,
                      item_math.flags(stats, never_chosen(groups)), meta["file"], meta["line"])


@dataclass
class _Grouped:
    # (question, mark, rest of test, possible, attempt's possible) -> responses
    marks: dict[tuple[str, int, int, int, int], int]
    answers: dict[str, dict[str | None, int]]  # question -> answer as JSON text -> responses
    versions: set[int]

    def cells(self) -> list[tuple[str, int, int, int, int]]:
        return [(q, x, r, p, n) for (q, x, r, p, _), n in self.marks.items()]

    def by_question(self) -> list[tuple[object, int, int, int]]:
        return [(q, x, ap, n) for (q, x, _, _, ap), n in self.marks.items()]

    def answers_of(self, qid: str) -> dict[str | None, int]:
        return self.answers.get(qid, {})


def _grouped_responses(chosen: Select[int], scale: int) -> _Grouped:
    """Responses of the chosen attempts, counted per (question, version, answer, mark,
    possible, rest of test, attempt's possible), all in marks (whole 1/(100 D) units): a few
    hundred rows however many responses. Answers stay JSON text, parsed once each."""
    per_attempt = attempt_units(chosen, scale)
    x_units = item_units(scale)
    keys = (Response.question_id, Response.question_version_id, cast(Response.answer, Text),
            x_units, max_units(scale), per_attempt.c.earned - x_units, per_attempt.c.possible)
    out = _Grouped({}, {}, set())
    for qid, vid, text, x, possible, rest, attempt_possible, n in db.session.execute(
            select(*keys, func.count())
            .join(AttemptItem, (AttemptItem.attempt_id == Response.attempt_id)
                  & (AttemptItem.question_id == Response.question_id))
            .join(per_attempt, per_attempt.c.attempt_id == Response.attempt_id)
            .where(Response.attempt_id.in_(chosen)).group_by(*keys)):
        x, possible, rest, attempt_possible = (int(x), int(possible), int(rest),
                                               int(attempt_possible))
        key = (qid, x, rest, possible, attempt_possible)
        out.marks[key] = out.marks.get(key, 0) + n
        per = out.answers.setdefault(qid, {})
        per[text] = per.get(text, 0) + n
        out.versions.add(vid)
    return out


def _questions(quiz: Quiz, used: set[int]) -> dict[str, dict[str, Any]]:
    """The quiz's live questions and every question version the attempts used, in course
    order, with the newest version seen (its options label the counts) and where to fix
    them."""
    current = select(Question.current_version_id).where(Question.quiz_id == quiz.id,
                                                        ~Question.retired)
    rows = db.session.execute(
        select(QuestionVersion.question_id, QuestionVersion.number, QuestionVersion.snapshot,
               QuestionVersion.max_score, Question.source_file, Question.source_line)
        .join(Question, Question.id == QuestionVersion.question_id)
        .join(Quiz, Quiz.id == Question.quiz_id)
        .where(QuestionVersion.id.in_(sorted(used)) | QuestionVersion.id.in_(current))
        .order_by(Quiz.position, Question.position, QuestionVersion.number)).all()
    out: dict[str, dict[str, Any]] = {}
    for qid, number, snap, max_score, file, line in rows:
        meta = out.setdefault(qid, {"versions": set(), "file": file, "line": line})
        meta["versions"].add(number)
        meta.update(type=snap.get("type", ""), max=max_score,
                    stem=excerpt(snap.get("stem", ""), 140),
                    question=QuestionContent.from_snapshot(snap))
    return out


def _first_passes(scope: Scope, quiz_id: int) -> list[date]:
    """The day each student in scope first passed the quiz."""
    return [when.date() for (when,) in db.session.execute(
        select(func.min(Attempt.submitted_at)).where(
            Attempt.quiz_id == quiz_id, Attempt.status == "submitted", Attempt.passed.is_(True),
            Attempt.counts_toward_grade,
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
        .where(Attempt.status == "submitted", Attempt.counts_toward_grade,
               Attempt.user_id.in_(scope.student_ids(anonymised=True)))
        .group_by(Attempt.quiz_id))}
    quizzes = db.session.scalars(select(Quiz).where(~Quiz.retired)
                                 .order_by(Quiz.module_id, Quiz.kind.desc(), Quiz.position))
    return [QuizLine(q.module_id, q.slug, q.title, q.kind, *counts.get(q.id, (0, 0)))
            for q in quizzes]
