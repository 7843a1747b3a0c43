"""What the browser sites hold before the first page is opened, written through the services as
the pages would write it (call these inside an app context).

A test-mode attempt shows an unfolding case one stage at a time: an item of a stage not yet
reached, or of one left, refuses an answer (StageClosed). So answers are given the way a
student gives them: a stage's answers with the move to the next stage (`advance_stage`), the
rest with the final save or submit (`give_answers`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from quizapp.content.model import Question
from quizapp.content.types import key_answer
from quizapp.models.types import utcnow
from quizapp.services import attempts
from quizapp.services.accounts import cohorts, users
from quizapp.services.attempts import practice, quizzes
from quizapp.services.attempts.stages import current_stages, stage_of
from quizapp.services.learning import course, progress, retakes

from .course import case_quiz, module, quiz_of, quiz_with

CHOICE_TYPES = ("single_choice", "true_false", "select_all")
LEVELS = ("high", "low", "medium")
LAST = 10_000  # a stage past any case's last: give_answers stops at each case's own last


def questions(attempt_id: int) -> list[Question]:
    """The attempt's questions in its order (every stage of its cases)."""
    return [q for _, q in attempts.attempt_questions(attempt_id)]


def keys(attempt_id: int) -> dict[str, Any]:
    """Every question of the attempt answered with its key, in the attempt's order."""
    return {q.id: key_answer(q) for q in questions(attempt_id)}


def give_answers(user_id: int, attempt_id: int, answers: dict[str, Any],
                 confidence: dict[str, str] | None = None, *, stage: int = LAST
                 ) -> tuple[dict[str, Any], dict[str, str]]:
    """Move each unfolding case of the attempt on to `stage` (or its last), giving each stage
    left its answers from `answers` and `confidence`. Returns the answers and confidence that
    are still to give, for the caller's save or submit: those of the other items and of the
    stage each case is on now. Answers to stages already closed or still ahead are dropped."""
    confidence = confidence or {}
    staged: dict[str, list[Question]] = {}
    for q in questions(attempt_id):
        if (where := stage_of(q)) is not None:
            staged.setdefault(where[0], []).append(q)
    for case_id, items in staged.items():
        last = items[0].case.stage_count - 1 if items[0].case else 0
        for at in range(current_stages(attempt_id).get(case_id, 0), min(stage, last)):
            ids = [q.id for q in items if q.case is not None and q.case.stage == at]
            attempts.advance_stage(user_id, attempt_id, case_id,
                                   {i: answers[i] for i in ids if i in answers},
                                   {i: confidence[i] for i in ids if i in confidence} or None)
    reached = current_stages(attempt_id)
    open_now = {q.id for q in questions(attempt_id)
                if (where := stage_of(q)) is None or where[1] == reached.get(where[0], 0)}
    return ({i: a for i, a in answers.items() if i in open_now},
            {i: c for i, c in confidence.items() if i in open_now})


def submit(user_id: int, attempt_id: int, answers: dict[str, Any],
           confidence: dict[str, str] | None = None, **options: Any) -> None:
    """Answer through every stage, then submit (options: submit_attempt's, e.g. now)."""
    rest, sure = give_answers(user_id, attempt_id, answers, confidence)
    attempts.submit_attempt(user_id, attempt_id, rest, confidence=sure or None, **options)


def save(user_id: int, attempt_id: int, answers: dict[str, Any], *, stage: int = 0) -> None:
    """Answer up to `stage` of each case and save the rest of what is on the page."""
    rest, _ = give_answers(user_id, attempt_id, answers, stage=stage)
    if rest:
        attempts.save_answers(user_id, attempt_id, rest)


def seed_course(password: str) -> dict[str, object]:
    """Rosa is in the teacher's cohort, has read lessons 1-2, passed quiz 1 and failed quiz 2
    three days ago (saying how sure she was), so reviews are due today; she has a second go at
    quiz 2 open with three answers saved, a graded attempt at the case quiz and an open one
    moved on to the case's second stage, an open attempt showing ordered response and cloze,
    and a "retake what I missed" practice set with a choice question checked (wrongly, with
    high confidence). Returns the Site's fields (see conftest.py)."""
    earlier = utcnow() - timedelta(days=3)
    first, second = module().lessons[:2]
    rosa = users.create_user("rosa", password, "student").id
    teacher = users.create_user("teacher", password, "instructor").id
    join_code = cohorts.create_cohort(teacher, "Spring 2026").code
    _seed_lms_course(teacher, rosa)
    cohorts.join_cohort(rosa, join_code)
    for lesson in (first, second):
        progress.mark_read(rosa, course.lesson_page(module().id, lesson.id).lesson_id)
    quiz_1, quiz_2 = (quizzes.find_quiz(module().id, quiz_of(lesson).id).id
                      for lesson in (first, second))
    passed = attempts.start_attempt(rosa, quiz_1).id
    submit(rosa, passed, keys(passed), now=earlier)
    failed = attempts.start_attempt(rosa, quiz_2).id
    # The first option of the first half's choice items: a result with right, wrong and
    # unanswered items, each answered one with a stated confidence (the calibration page).
    half = questions(failed)[: len(questions(failed)) // 2]
    chosen = [q for q in half if q.type in CHOICE_TYPES]
    submit(rosa, failed, {q.id: [q.options[0].id] for q in chosen},
           {q.id: LEVELS[n % 3] for n, q in enumerate(chosen)}, now=earlier)
    open_ = attempts.start_attempt(rosa, quiz_2).id
    save(rosa, open_, dict(list(keys(open_).items())[:3]))
    return {"student": "rosa", "instructor": "teacher", "join_code": join_code,
            "attempts": {"open_attempt": open_, "submitted_attempt": failed,
                         **_case_attempts(rosa), **_missed(rosa, quiz_2)}}


def _seed_lms_course(teacher: int, student: int) -> None:
    """An LMS course (course 1) that the teacher teaches and rosa takes, for its page."""
    from quizapp.database import write_transaction
    from quizapp.lti.claims import Context
    from quizapp.services.lti import courses, platforms

    lms = "https://lms.example.edu"
    platform = platforms.add_platform(platforms.PlatformSettings(
        "school-lms", lms, "client-1", f"{lms}/auth", f"{lms}/token", f"{lms}/jwks",
        deployment_ids=("1:deployment",)))
    with write_transaction():
        course, _ = courses.course_for(platform.id, Context("course-1", "NUR 301 Adult Health"),
                                       "1:deployment", f"{lms}/members")
        courses.enrol(course.cohort_id, teacher, "instructor")
        courses.enrol(course.cohort_id, student, "student")


def _case_attempts(rosa: int) -> dict[str, int]:
    """A graded attempt at the case quiz with right, wrong and unanswered items in each kind
    of widget, every highlight item answered (its result marks the student's own choices); an
    open one at the second stage of its cases; an open attempt with ordered response and
    cloze."""
    case = quizzes.find_quiz(module().id, case_quiz().id).id
    result = attempts.start_attempt(rosa, case).id
    graded = {q.id: key_answer(q) for n, q in enumerate(questions(result))
              if n % 2 or q.type == "highlight"}
    submit(rosa, result, graded)
    opened = attempts.start_attempt(rosa, case).id
    save(rosa, opened, keys(opened), stage=1)
    ordered = quiz_with("ordered_response", "drop_down_cloze")
    return {"case_result": result, "case_attempt": opened,
            "ordered_attempt": attempts.start_attempt(
                rosa, quizzes.find_quiz(module().id, ordered.id).id).id}


def _missed(rosa: int, quiz: int) -> dict[str, int]:
    """The practice set of what she missed on quiz 2, its first choice question checked
    wrongly with high confidence: the attempt and that question's number."""
    missed = retakes.start_missed(rosa, quiz_id=quiz).id
    first = next((q for q in questions(missed) if q.type in CHOICE_TYPES), None)
    assert first is not None, "the missed set of lesson 2's quiz has no choice question"
    wrong = next(o.id for o in first.options if o.id not in first.key)
    number = practice.check_answer(rosa, missed, first.id, [wrong], "high")  # a confident error
    return {"practice_attempt": missed, "practice_checked": number}


def seed_ngn(password: str, student: str) -> dict[str, int]:
    """`student` has a graded attempt at the test bank's quiz (one item of every type: every
    other one answered with its key) and an open one with three answers saved."""
    user = users.create_user(student, password, "student").id
    quiz = quizzes.find_quiz("ward", "ward-quiz").id
    result = attempts.start_attempt(user, quiz).id
    submit(user, result, {i: a for n, (i, a) in enumerate(keys(result).items()) if n % 2})
    opened = attempts.start_attempt(user, quiz).id
    save(user, opened, dict(list(keys(opened).items())[:3]))
    return {"every_type_result": result, "every_type_attempt": opened}


def seed_clinic(password: str, students: tuple[str, ...]) -> tuple[int, int, int]:
    """The clinic module (tests/data/exam): `cara` in tutor's cohort, with a graded attempt at
    the relapse quiz (its case moved through all three stages, the last stage answered with the
    key) and an open one at stage 2; the other `students` with nothing yet.
    Returns (the open attempt, the graded one, the quiz)."""
    cara = users.create_user("cara", password, "student").id
    for name in students:
        users.create_user(name, password, "student")
    tutor = users.create_user("tutor", password, "instructor").id
    cohorts.join_cohort(cara, cohorts.create_cohort(tutor, "Ward 4").code)
    quiz = quizzes.find_quiz("clinic", "relapse-quiz").id
    done = attempts.start_attempt(cara, quiz).id
    key = keys(done)
    give_answers(cara, done, {})
    attempts.submit_attempt(cara, done, {k: key[k] for k in ("rl-case-action",
                                                             "rl-case-evaluate")})
    opened = attempts.start_attempt(cara, quiz).id
    give_answers(cara, opened, {"rl-case-cues": ["weak"], "rl-case-analyze": ["a"]}, stage=1)
    return opened, done, quiz


def seed_demo_class() -> dict[str, object]:
    """The demo class as `quiz demo-class` makes it (the same service, its default size and
    seed): the demo instructor (with the published demo password) and the cohort of simulated
    students. Returns the Site's fields but `student`; `attempts` holds the cohort's id
    (`demo_cohort`), the first simulated student's (`demo_student`) and the first quiz whose
    statistics flag an item with a negative discrimination (`flagged_quiz`: "module/slug")."""
    from quizapp.services import demo
    from quizapp.services.accounts.users import DEMO_ACCOUNTS
    from quizapp.services.demo.identity import demo_instructor_id, simulated_student_ids
    from quizapp.services.reports import item_statistics

    made = demo.create_demo_class()
    instructor, password = next((name, secret) for role, name, secret in DEMO_ACCOUNTS
                                if role == "instructor")
    owner = demo_instructor_id()
    assert owner is not None, "the demo class was made without the demo instructor"
    scope = cohorts.instructor_scope(owner, str(made.cohort_id))
    flagged = next((f"{line.module_id}/{line.slug}" for line in item_statistics.quiz_overview(scope)
                    if _negative_discrimination(item_statistics.quiz_stats(
                        scope, quizzes.find_quiz(line.module_id, line.slug)))), None)
    assert flagged, "no quiz of the demo class flags an item with a negative discrimination"
    return {"instructor": instructor, "password": password, "join_code": made.join_code,
            "attempts": {"demo_cohort": made.cohort_id, "flagged_quiz": flagged,
                         "demo_student": simulated_student_ids(made.cohort_id)[0]}}


def _negative_discrimination(report: Any) -> bool:
    return any(flag.startswith("Negative discrimination")
               for item in report.items for flag in item.flags)
