"""One simulated student's three weeks, replayed through the real services on the simulated
clock: read a lesson, take its quiz (saving part-way, moving through a case study's stages,
submitting), retake a failed quiz after practising what they missed, now and then a
practice-mode retake, the day's spaced review, and the final exam at the end.

Events run in time order from a queue, because what comes next depends on what happened (a
failed quiz is retaken, review cards fall due), and the services read the clock: a review
started at a given time sees only the cards due by then.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from ...content.model import Question as QuestionContent
from ...models import Attempt
from ...simulation import Simulation
from ..attempts import advance_stage, attempt_questions, save_answers, start_attempt
from ..attempts import practice as practice_mode
from ..attempts.stages import stage_of
from ..attempts.submit import submit_attempt
from ..errors import Conflict, NothingToPractise
from ..learning import progress, retakes
from .answers import answer_for
from .course import Course, Step
from .model import PRACTICE_GAIN, Student, confidence

DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    run: Callable[[], None] = field(compare=False)


class StudentActivity:
    """Replays `student`'s activity between `start` and `end` as user `user_id`."""

    def __init__(self, student: Student, user_id: int, course: Course, simulation: Simulation,
                 rng: random.Random, start: datetime, end: datetime) -> None:
        self.student, self.user_id, self.course = student, user_id, course
        self.sim, self.rng, self.start, self.end = simulation, rng, start, end
        self.seen: set[str] = set()  # questions met before: practice helps
        self.queue: list[_Event] = []
        self.order = 0

    def run(self) -> None:
        """Plan the lessons, then play every event in time order (follow-ups included)."""
        pace = 15 / max(1, len(self.course.steps))  # the class's pace, in days per lesson
        lessons = self.course.steps[:self.student.lessons]
        last = self.start
        for n, step in enumerate(lessons):
            when = self.start + (n * pace + self.student.lag_days
                                 + self.rng.uniform(0, 0.8)) * DAY
            last = max(last, self._daytime(when))
            self._at(last, partial(self._lesson, step))
        for _ in range(self.student.reviews):
            when = self.start + self.rng.uniform(6, 20) * DAY
            self._at(self._daytime(when), self._review)
        for module_id, final in self.course.finals.items():
            reached = sum(1 for s in lessons if s.module_id == module_id)
            if self.student.sits_final and reached == self.course.lessons_of(module_id):
                when = max(self.start + self.rng.uniform(17.5, 20.2) * DAY, last + DAY)
                self._at(self._daytime(when), partial(self._final, final, first=True))
        self.sim.set_time(self.start)
        while self.queue:
            event = heapq.heappop(self.queue)
            # An event planned while an earlier one was still going on starts after it: the
            # student's own timeline never runs backwards.
            when = max(event.at, self._now())
            if when < self.end:
                self.sim.set_time(when)
                event.run()

    def _at(self, when: datetime, run: Callable[[], None]) -> None:
        self.order += 1
        heapq.heappush(self.queue, _Event(when, self.order, run))

    def _daytime(self, when: datetime) -> datetime:
        """The same day between 08:00 and 22:00 UTC (students study while awake)."""
        day = when.replace(hour=0, minute=0, second=0, microsecond=0)
        return day + timedelta(minutes=self.rng.randrange(8 * 60, 22 * 60))

    def _now(self) -> datetime:
        assert self.sim.now is not None
        return self.sim.now

    # --- what a student does ---

    def _lesson(self, step: Step) -> None:
        if step.lesson_id is not None:
            progress.mark_read(self.user_id, step.lesson_id, self._now())
        if step.quiz_id is not None:
            after = self._now() + self.rng.randrange(10, 45) * MINUTE
            self._at(after, lambda: self._quiz(step, retake=False))

    def _quiz(self, step: Step, *, retake: bool) -> None:
        assert step.quiz_id is not None
        attempt = self._sit(step.quiz_id, None)
        if attempt is None:
            return
        if not attempt.passed and self.rng.random() < self.student.retakes_failed:
            if self.rng.random() < 0.4:  # practise what they missed first
                soon = self._now() + self.rng.randrange(5, 30) * MINUTE
                self._at(soon, lambda: self._missed(step.quiz_id))
            if step.lesson_id is not None and self.rng.random() < 0.5:  # read it again
                later = self._now() + self.rng.uniform(0.3, 1.0) * DAY
                self._at(later, lambda: progress.mark_read(self.user_id, step.lesson_id or 0,
                                                           self._now()))
            if not retake:
                again = self._now() + self.rng.uniform(0.6, 2.5) * DAY
                self._at(again, lambda: self._quiz(step, retake=True))
        elif attempt.passed and not retake and self.rng.random() < 0.06:
            again = self._now() + self.rng.uniform(0.5, 3) * DAY
            self._at(again, lambda: self._practice_retake(step.quiz_id or 0))

    def _final(self, quiz_id: int, *, first: bool) -> None:
        attempt = self._sit(quiz_id, None)
        if attempt is not None and first and not attempt.passed and self.rng.random() < 0.6:
            self._at(self._now() + self.rng.uniform(0.8, 1.5) * DAY,
                     lambda: self._final(quiz_id, first=False))

    def _practice_retake(self, quiz_id: int) -> None:
        self._sit(quiz_id, "practice")

    def _missed(self, quiz_id: int | None) -> None:
        try:
            attempt = retakes.start_missed(self.user_id, quiz_id=quiz_id)
        except NothingToPractise:
            return
        self._check_each(attempt)

    def _review(self) -> None:
        for module_id in dict.fromkeys(s.module_id for s in self.course.steps):
            try:
                attempt = retakes.start_review(self.user_id, module_id, self._now())
            except NothingToPractise:
                continue
            self._check_each(attempt)

    # --- answering ---

    def _answer(self, question: QuestionContent) -> tuple[Any, str | None]:
        ability = self.student.ability + (PRACTICE_GAIN if question.id in self.seen else 0.0)
        chance = self.course.item(question).chance(ability)
        self.seen.add(question.id)
        answer = answer_for(question, chance, self.rng)
        sure = (confidence(self.rng, self.student, chance)
                if self.student.rates_confidence else None)
        return answer, sure

    def _sit(self, quiz_id: int, mode: str | None) -> Attempt | None:
        """Take one attempt at a quiz; None when the quiz refuses a new one (closed, no
        attempts left)."""
        try:
            attempt = start_attempt(self.user_id, quiz_id, mode)
        except Conflict:
            return None
        if attempt.mode == "practice":
            self._check_each(attempt)
            return attempt
        return self._test(attempt.id)

    def _check_each(self, attempt: Attempt) -> None:
        """A practice attempt: each question checked (graded) on its own, a minute or two
        apart; the last check submits it."""
        attempt_id = attempt.id
        for _, question in attempt_questions(attempt_id):
            self.sim.set_time(self._now() + self.rng.randrange(40, 150) * timedelta(seconds=1))
            answer, sure = self._answer(question)
            practice_mode.check_answer(self.user_id, attempt_id, question.id, answer, sure,
                                       self._now())

    def _test(self, attempt_id: int) -> Attempt:
        """A test-mode attempt: about half the plain items saved part-way (the page's
        autosave), each case study answered stage by stage, the rest sent with the submit."""
        items = [q for _, q in attempt_questions(attempt_id)]
        answers: dict[str, Any] = {}
        sure: dict[str, str] = {}
        for question in items:
            answers[question.id], level = self._answer(question)
            if level is not None:
                sure[question.id] = level
        plain, cases = _split(items)

        def part(ids: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
            return ({i: answers[i] for i in ids}, {i: sure[i] for i in ids if i in sure})

        first = plain[:len(plain) // 2]
        if first:
            self._spend(len(first))
            save_answers(self.user_id, attempt_id, *part(first), via="autosave")
        last: list[str] = plain[len(plain) // 2:]
        for case_id, stages in cases.items():
            for stage in stages[:-1]:  # reading the record again takes longer
                self._spend(len(stage) * 2)
                advance_stage(self.user_id, attempt_id, case_id, *part(stage))
            last += stages[-1]
        self._spend(len(last))
        return submit_attempt(self.user_id, attempt_id, *part(last), now=self._now())

    def _spend(self, questions: int) -> None:
        """Move the clock on by the time `questions` take to read and answer."""
        seconds = sum(self.rng.randrange(35, 110) for _ in range(questions))
        self.sim.set_time(self._now() + timedelta(seconds=seconds))


def _split(items: list[QuestionContent]) -> tuple[list[str], dict[str, list[list[str]]]]:
    """The ids of the plain items, and of each unfolding case's items stage by stage."""
    plain = [q.id for q in items if stage_of(q) is None]
    staged: dict[str, dict[int, list[str]]] = {}
    for q in items:
        if (where := stage_of(q)) is not None:
            staged.setdefault(where[0], {}).setdefault(where[1], []).append(q.id)
    return plain, {case: [ids for _, ids in sorted(stages.items())]
                   for case, stages in staged.items()}
