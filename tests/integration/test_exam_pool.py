"""The final exam draws from its own pool by its blueprint: exact counts per cell, whole
cases in stage order, every form worth the same marks; and its items never reach a student
outside the exam (lesson quizzes, practice sets, spaced review, retakes, weak areas,
calibration)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.content.model import Question as QuestionContent
from quizapp.extensions import db
from quizapp.models import AttemptItem, Question, QuestionVersion, Quiz, Response, ReviewCard
from quizapp.models.types import utcnow
from quizapp.services.attempts import draw as draw_module
from quizapp.services.learning import calibration, retakes, review, weak_areas
from quizapp.services.learning.retakes import NothingToPractise
from tests.helpers.web import post
from tests.integration.exam_helpers import (
    attempt_row,
    form_data,
    items_of,
    set_quiz,
    start_quiz,
)

SINGLES = {"ex-rl-steroid-glucose", "ex-rl-steroid-timing", "ex-rl-fever-legs",
           "ex-pml-new-confusion", "ex-pml-infusion-watch", "ex-pml-jcv"}
PHARM = {"ex-rl-steroid-glucose", "ex-rl-steroid-timing"}
RELAPSE = PHARM | {"ex-rl-fever-legs"}
MONITORING = {"ex-pml-new-confusion", "ex-pml-infusion-watch"}


def _pool_ids(app) -> set[str]:  # type: ignore[no-untyped-def]
    with app.app_context():
        final = db.session.scalar(select(Quiz.id).where(Quiz.slug == "clinic-final"))
        return set(db.session.scalars(select(Question.id).where(Question.quiz_id == final)))


def test_every_drawn_form_follows_the_blueprint_exactly(app, clinic):
    with app.app_context():
        quiz = db.session.get(Quiz, clinic["clinic-final"])
        forms = set()
        for seed in range(200):
            drawn = draw_module.draw(quiz, random.Random(seed))
            ids = [d.question_id for d in drawn]
            assert len(ids) == len(set(ids)) == 9  # 3 single items + one case of 6
            singles = [i for i in ids if i in SINGLES]
            # Cell 1: relapse + pharmacology (1); cell 2: any relapse item (1); cell 3: the
            # monitoring topic (1). Cells 1 and 2 draw from the same relapse items.
            assert len(singles) == 3
            assert len(set(singles) & PHARM) >= 1 and len(set(singles) & RELAPSE) == 2
            assert len(set(singles) & MONITORING) == 1
            cases = [d for d in drawn if d.content.case is not None]
            assert len({d.content.case.id for d in cases}) == 1 and len(cases) == 6
            # A case's items are together, in stage order.
            positions = [ids.index(d.question_id) for d in cases]
            assert positions == list(range(positions[0], positions[0] + 6))
            assert [d.content.case.stage for d in cases] == [0, 0, 0, 1, 1, 1]
            assert sum(d.content.mark for d in drawn) == 9  # every form: the same marks
            forms.add(tuple(sorted(ids)))
        assert len(forms) > 4  # forms differ between students


def test_a_started_exam_records_each_items_mark_and_only_pool_items(app, client, auth,
                                                                  make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    attempt_id = start_quiz(client, "clinic-final")
    assert set(items_of(app, attempt_id)) <= _pool_ids(app)
    with app.app_context():
        marks = db.session.scalars(select(AttemptItem.mark_hundredths).where(
            AttemptItem.attempt_id == attempt_id)).all()
    assert sorted(marks) == [100] * 9
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "9 questions · 9 marks" in page


def test_lesson_quizzes_never_draw_pool_items(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    pool = _pool_ids(app)
    for slug in ("relapse-quiz", "pml-quiz"):
        assert not set(items_of(app, start_quiz(client, slug))) & pool


def _take_exam_all_wrong(app, client) -> int:  # type: ignore[no-untyped-def]
    attempt_id = start_quiz(client, "clinic-final")
    with app.app_context():
        rows = db.session.execute(select(AttemptItem.question_id).where(
            AttemptItem.attempt_id == attempt_id)).scalars().all()
    # Answer only the single items and the first stage, all wrong, with high confidence.
    wrong = {qid: ["b"] for qid in rows}
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    shown = {qid: v for qid, v in wrong.items() if f'name="q-{qid}"' in page}
    conf = {f"c-{qid}": "high" for qid in shown}
    response = post(client, f"/attempts/{attempt_id}", form_data(shown, action="submit",
                                                                 **conf))
    assert response.status_code == 302
    return attempt_id


def test_exam_items_never_reach_study_tools(app, client, auth, make_user, clinic):
    user = make_user(username="amal")
    auth.login("amal")
    attempt_id = _take_exam_all_wrong(app, client)
    assert attempt_row(app, attempt_id).status == "submitted"
    pool = _pool_ids(app)
    with app.app_context():
        wrong = db.session.scalars(select(Response.question_id).where(
            Response.attempt_id == attempt_id, Response.earned == 0)).all()
        assert set(wrong) & pool  # the student missed exam items...
        # ...yet no practice set, review card, weak area or calibration entry shows them.
        assert retakes.missed_questions(user.id, module_id="clinic") == []
        with pytest.raises(NothingToPractise):
            retakes.start_missed(user.id, module_id="clinic")
        with pytest.raises(NothingToPractise):  # "retake what I missed" from the exam result
            retakes.start_missed(user.id, quiz_id=clinic["clinic-final"])
        assert not db.session.scalars(select(ReviewCard.question_id).where(
            ReviewCard.question_id.in_(pool))).all()  # grading made no card for them
        assert weak_areas.weak_areas(user.id, min_answers=1) == {}
        assert calibration.calibration(user.id).errors == ()


def test_a_review_card_for_an_exam_item_is_never_due(app, make_user, clinic):
    user = make_user(username="amal")
    with app.app_context():
        now = utcnow()
        db.session.add(ReviewCard(user_id=user.id, question_id="ex-pml-jcv", card={},
                                  due=now - timedelta(days=2), last_rating=1, reviews=1,
                                  reviewed_at=now - timedelta(days=3)))
        db.session.commit()
        assert review.due_questions(user.id, "clinic", now, 20) == []
        assert review.queues(user.id, now) == {}


def test_the_exam_cannot_be_retaken_in_practice_mode(app, client, auth, make_user, clinic):
    make_user(username="amal")
    auth.login("amal")
    set_quiz(app, clinic["clinic-final"], attempts_allowed=None)
    _take_exam_all_wrong(app, client)
    response = post(client, "/modules/clinic/quizzes/clinic-final/start", {"mode": "practice"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/modules/clinic/quizzes/clinic-final")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "can be retaken only in test mode" in page


def test_the_draw_refuses_a_pool_that_lost_items(app, clinic):
    """A pool edited after validation (items retired) cannot silently give a short form."""
    with app.app_context():
        for qid in PHARM:
            db.session.get(Question, qid).retired = True
        db.session.commit()
        quiz = db.session.get(Quiz, clinic["clinic-final"])
        with pytest.raises(Exception, match="cannot fill its blueprint"):
            draw_module.draw(quiz, random.Random(1))


def test_pool_snapshots_carry_their_lesson(app, clinic):
    with app.app_context():
        versions = {v.question_id: QuestionContent.from_snapshot(v.snapshot)
                    for v in db.session.scalars(select(QuestionVersion))}
    assert versions["ex-pml-jcv"].lesson == "pml" and versions["ex-pml-jcv"].mark == 2
    assert Counter(q.case.lesson for q in versions.values() if q.case and q.case.lesson) == {
        "relapse": 6, "pml": 6}


def test_the_front_page_counts_a_form_s_items_and_its_cases(app, client, auth, make_user,
                                                           clinic):
    # 3 blueprint cells of 1 item each, and 1 whole case of 6 items (read from the snapshots)
    make_user(username="amal")
    auth.login("amal")
    page = client.get("/modules/clinic/quizzes/clinic-final").get_data(as_text=True)
    assert "<li>9 questions, including 1 unfolding case study" in page
