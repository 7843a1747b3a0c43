"""Property tests over every item type (hypothesis): a score is always within 0..max, the key
gives max, nothing gives 0, and no response whatever its shape gets past the reader unchecked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.content.model import Question
from quizapp.content.types import grade, key_answer, max_score, read_answer
from quizapp.scoring import InvalidResponse
from quizapp.scoring.score import Score
from tests.helpers.items import ngn_questions

property_test = settings(database=None, deadline=None, max_examples=60)
json_test = settings(database=None, deadline=None, max_examples=30)
QUESTIONS = ngn_questions()
CASES = pytest.mark.parametrize("question", QUESTIONS.values(), ids=lambda q: q.id)
LIMITS = {"single_choice": 1, "true_false": 1}
TYPED = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=32)  # fits both


def _subset(ids: list[str], limit: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(ids), unique=True, max_size=limit or len(ids))


def valid_answers(q: Question) -> st.SearchStrategy:
    """Any answer the question's widget could send."""
    ids = [o.id for o in q.options]
    if q.type == "numeric":
        number = st.decimals(min_value=-1000, max_value=1000, places=2).map(str)
        return st.lists(st.one_of(number, TYPED), max_size=1)
    if q.type == "short_text":
        return st.lists(st.one_of(st.sampled_from(q.key), TYPED), max_size=1)
    if q.type == "ordered_response":
        positions = [str(i) for i in range(1, len(q.key) + 1)]
        return st.dictionaries(st.sampled_from(positions), _subset(ids, 1))
    if q.parts:
        return st.fixed_dictionaries({
            p.id: _subset([o.id for o in (p.options or q.options)], p.picks) for p in q.parts})
    limit = q.detail.picks if q.type == "select_n" else LIMITS.get(q.type, 0)
    return _subset(ids, limit)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8)
    | st.sampled_from(["a", "b", "1", "glucose", "hyper", "thirst", "2"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["1", "2", "actions", "condition", "what", "sugar", "thirst", "x"]),
        inner, max_size=4),
    max_leaves=10)


@CASES
def test_the_key_scores_full_marks_and_nothing_scores_zero(question):
    top = max_score(question)
    assert top > 0
    assert grade(question, key_answer(question)) == Score(top, top)
    assert grade(question, None) == Score(0, top)
    empty = {} if isinstance(key_answer(question), dict) else []
    assert grade(question, empty) == Score(0, top)


@CASES
def test_any_valid_answer_scores_within_range_and_reads_stably(question):
    top = max_score(question)

    @property_test
    @given(valid_answers(question))
    def check(answer):
        score = grade(question, answer)
        assert score.possible == top
        assert 0 <= score.earned <= top
        stored = read_answer(question, answer)
        assert read_answer(question, stored) == stored
        assert grade(question, stored) == score

    check()


@CASES
def test_any_json_is_graded_in_range_or_refused(question):
    top = max_score(question)

    @json_test
    @given(JSON)
    def check(raw):
        try:
            score = grade(question, raw)
        except InvalidResponse:
            return
        assert score.possible == top and 0 <= score.earned <= top

    check()
