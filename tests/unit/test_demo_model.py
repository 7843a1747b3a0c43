"""The demo class's pure parts: what a simulated student answers to every question type (the
key when right, a plausible slip the reader accepts when wrong) and the IRT model behind it."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from quizapp.content import load_bank
from quizapp.content.model import Question
from quizapp.content.types import TYPES, grade, key_answer, max_score, read_answer
from quizapp.services.demo.answers import answer_for
from quizapp.services.demo.model import item_model, make_class, pick_misfits
from tests.helpers.items import ngn_questions

COURSE = Path(__file__).parent.parent.parent / "questions"


@cache
def course_questions() -> list[Question]:
    bank, problems = load_bank(COURSE)
    assert not problems
    return list(bank.questions())


def every_question() -> list[Question]:
    return list(ngn_questions().values()) + course_questions()


def test_the_test_banks_cover_every_question_type():
    assert {q.type for q in every_question()} == set(TYPES)


@pytest.mark.parametrize("question", every_question(), ids=lambda q: q.id)
def test_a_sure_student_gives_the_key_and_a_lost_one_a_readable_slip(question):
    rng = random.Random(question.id)
    right = answer_for(question, 1.0, rng)
    assert read_answer(question, right) == read_answer(question, key_answer(question))
    top = max_score(question)
    for _ in range(5):
        wrong = answer_for(question, 0.0, rng)
        stored = read_answer(question, wrong)  # the widget could have sent it
        assert stored not in ([], {})  # a wrong answer is an answer, not a blank
        assert grade(question, wrong).earned < top


@pytest.mark.parametrize("question", every_question(), ids=lambda q: q.id)
def test_answers_in_between_read_and_score_in_range(question):
    rng = random.Random(f"between:{question.id}")
    top = max_score(question)
    for chance in (0.3, 0.6, 0.9):
        answer = answer_for(question, chance, rng)
        assert 0 <= grade(question, read_answer(question, answer)).earned <= top


def test_partial_knowledge_earns_partial_credit_on_a_many_part_item():
    (matrix,) = [q for q in every_question() if q.type == "matrix_multiple_choice"][:1]
    rng = random.Random(3)
    scores = {grade(matrix, answer_for(matrix, 0.6, rng)).earned for _ in range(60)}
    assert len(scores) > 2  # not all-or-nothing


def test_the_class_is_the_same_for_the_same_seed_and_spread_in_ability():
    one, again, other = make_class(40, 7, 13), make_class(40, 7, 13), make_class(40, 8, 13)
    assert one == again and one != other
    assert [s.username for s in one[:2]] == ["demo-student-01", "demo-student-02"]
    abilities = sorted(s.ability for s in one)
    assert abilities[0] < -1 and abilities[-1] > 1
    assert all(3 <= s.lessons <= 13 for s in one)
    assert any(s.lessons == 13 and s.sits_final for s in one)
    assert any(s.rates_confidence for s in one) and not all(s.rates_confidence for s in one)


def test_items_follow_a_logistic_curve_and_misfits_run_backwards():
    question = course_questions()[0]
    sound, misfit = item_model(question, 1), item_model(question, 1, misfit=True)
    assert item_model(question, 1) == sound  # the same item, the same parameters
    weak, strong = sound.chance(-1.5), sound.chance(1.5)
    assert 0 <= weak < sound.chance(0) < strong <= 1
    assert misfit.chance(-1.5) > misfit.chance(1.5)


def test_hard_items_are_harder_than_easy_ones_on_average():
    by = {"easy": [], "hard": []}
    for q in course_questions():
        if q.difficulty in by:
            by[q.difficulty].append(item_model(q, 1).chance(0.0))
    assert sum(by["easy"]) / len(by["easy"]) > sum(by["hard"]) / len(by["hard"]) + 0.2


def test_misfits_are_plain_single_choice_items_of_the_first_two_quizzes():
    questions = course_questions()
    first, second = ([q for q in questions if q.id.startswith(p)] for p in ("intro-", "ums-"))
    misfits = pick_misfits([first, second, questions], 1)
    assert len(misfits) == 2
    assert all(q.type == "single_choice" and q.case is None
               for q in questions if q.id in misfits)
    assert misfits == pick_misfits([first, second, questions], 1)
