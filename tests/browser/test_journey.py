"""The product end to end in a real browser, found by role and label as a screen reader user
would: a student signs up, reads a lesson, takes its quiz, sees the result and the dashboard
change; an instructor then finds the score in the gradebook."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.content.model import Question, Quiz
from quizapp.services.attempts.stages import stage_of
from tests.helpers.items import ngn_questions

from . import course
from .answering import answer_with_key
from .conftest import log_in, new_username, sign_up

pytestmark = pytest.mark.browser


def on_page_at_start(quiz: Quiz) -> list[Question]:
    """The items a new attempt shows: all but the later stages of unfolding cases."""
    return [q for q in quiz.questions if (stage_of(q) or ("", 0))[1] == 0]


def answer_every_stage(page: Page, quiz: Quiz) -> None:
    """Answer each item on the page with its key; where a case study has a next stage, go on
    to it (the button saves the page's answers) and answer what it shows, until none is left."""
    done: set[str] = set()
    while True:
        for question in quiz.questions:
            shown = page.locator(f'[data-question-id="{question.id}"]').count()
            if shown and question.id not in done:
                answer_with_key(page, question)
                done.add(question.id)
        go_on = page.get_by_role("button", name=re.compile(r"^Go on to stage \d+ of \d+$"))
        if not go_on.count():
            break
        stage = go_on.first.inner_text().removeprefix("Go on to s")
        go_on.first.click()
        flash = f"S{stage}. Your answers to the earlier stage are saved"
        expect(page.get_by_role("status").filter(has_text=flash)).to_be_visible()
    assert done == {q.id for q in quiz.questions}, "some items never came on the page"


def test_student_learns_and_instructor_sees_the_score(new_context, site):
    lesson, lessons = course.module().lessons[0], len(course.module().lessons)
    quiz = course.quiz_of(lesson)
    page = new_context().new_page()
    username = "journey-nurse"

    sign_up(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    expect(page.get_by_text(f"0 of {lessons} lessons complete (0%)")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "0")
    page.get_by_label("Join code from your instructor").fill(site.join_code.lower())
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("You joined Spring 2026.")

    page.get_by_role("link", name=f"Read lesson 1: {lesson.title}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    expect(page.get_by_role("heading", name=lesson.sections[0].heading)).to_be_visible()
    page.get_by_role("link", name="Take the quiz for this lesson").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(quiz.title)
    page.get_by_role("button", name="Start the quiz").click()
    # One group per question, named by its legend (the "How sure are you?" groups are not).
    shown = on_page_at_start(quiz)
    questions = page.get_by_role("group", name=re.compile(r"^Question \d+ of \d+"))
    expect(questions).to_have_count(len(shown))
    expect(questions.first).to_have_accessible_name(
        re.compile(rf"^Question 1 of {len(quiz.questions)}\b"))

    answer_with_key(page, shown[0])
    page.get_by_role("button", name="Save answers").click()
    # two live regions: the flash after the page's Save, and the autosave status line
    expect(page.get_by_role("status").filter(has_text="Your answers are saved.")).to_be_visible()
    expect(page.get_by_text(f"1 of {len(shown)} answered")).to_be_visible()
    answer_every_stage(page, quiz)
    page.get_by_role("button", name="Submit for grading").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Result: {quiz.title}")
    expect(page.get_by_text(re.compile(r"(\d+) / \1 marks · 100%"))).to_be_visible()
    expect(page.get_by_text(f"Passed (pass mark {quiz.pass_mark}%).")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"· Correct ·"))).to_have_count(
        len(quiz.questions))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My progress").click()
    percent = round(100 / lessons)  # as the dashboard rounds
    expect(page.get_by_text(f"1 of {lessons} lessons complete ({percent}%)")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", str(percent))
    card = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=f"1. {lesson.title}"))
    expect(card).to_contain_text("Quiz passed")
    expect(card).to_contain_text("Best 100%")
    expect(page.get_by_role("link", name=re.compile(r"^Read lesson 2:"))).to_be_visible()
    page.context.close()

    teacher = new_context().new_page()
    log_in(teacher, site.instructor)
    teacher.get_by_role("link", name="Gradebook").click()
    table = teacher.get_by_role("table", name=re.compile("Each cell: the grade"))
    row = table.get_by_role("row").filter(has=teacher.get_by_role("rowheader", name=username))
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[0].startswith("100% (1 attempt)") and "Complete" in cells[0], cells
    assert cells[-2] == f"1 / {lessons}", cells
    teacher.context.close()


def test_every_item_type_is_answered_by_its_accessible_name(new_context, ngn_site):
    """The test bank's quiz (one item of every type, a case study among them) answered through
    roles and names alone, as in the journey above, scores full marks: each control is found
    by what a screen reader calls it and sends what it says."""
    context = new_context(base_url=ngn_site)
    page = context.new_page()
    sign_up(page, new_username())
    page.goto("/modules/ward/quizzes/ward-quiz")
    page.get_by_role("button", name="Start the quiz").click()
    items = ngn_questions()
    for qid in page.locator("li.question").evaluate_all(
            "els => els.map(e => e.dataset.questionId)"):
        answer_with_key(page, items[qid])
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Result: Ward quiz")
    expect(page.get_by_text(re.compile(r"(\d+) / \1 marks · 100%"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"· Correct ·"))).to_have_count(
        len(items))
    context.close()
