"""The product end to end in a real browser, found by role and label as a screen reader user
would: a student signs up, reads a lesson, takes its quiz, sees the result and the dashboard
change; an instructor then finds the score in the gradebook."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.content import Question, load_bank

from .conftest import ROOT, log_in, sign_up
from .screens import MODULE, plain

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def first_lesson():
    """Lesson 1 of the real course and its quiz, read from questions/ for the answer key."""
    bank, _ = load_bank(ROOT / "questions")
    module = next(m for m in bank.modules if m.id == MODULE)
    lesson = module.lessons[0]
    quiz = next(q for q in module.quizzes if q.lesson_id == lesson.id)
    return lesson, quiz


def answer(page: Page, question: Question) -> None:
    """Tick the key's options in the question's group, found by its stem and their labels."""
    group = page.get_by_role("group", name=plain(question.stem))
    role = "checkbox" if question.type == "select_all" else "radio"
    for option in question.options:
        if option.id in question.key:
            group.get_by_role(role, name=plain(option.text), exact=True).check()


def test_student_learns_and_instructor_sees_the_score(new_context, site, first_lesson):
    lesson, quiz = first_lesson
    page = new_context().new_page()
    username = "journey-nurse"

    sign_up(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("My progress")
    expect(page.get_by_text("0 of 11 lessons complete (0%)")).to_be_visible()
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
    questions = page.get_by_role("group", name=re.compile(r"^Question \d+ of \d+"))
    expect(questions).to_have_count(len(quiz.questions))
    expect(questions.first).to_have_accessible_name(
        re.compile(rf"^Question 1 of {len(quiz.questions)}\b"))

    first, *rest = quiz.questions
    answer(page, first)
    page.get_by_role("button", name="Save answers").click()
    # two live regions: the flash after the page's Save, and the autosave status line
    expect(page.get_by_role("status").filter(has_text="Your answers are saved.")).to_be_visible()
    expect(page.get_by_text(f"1 of {len(quiz.questions)} answered")).to_be_visible()
    for question in rest:
        answer(page, question)
    page.get_by_role("button", name="Submit for grading").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Result: {quiz.title}")
    expect(page.get_by_text(re.compile(r"(\d+) / \1 marks · 100%"))).to_be_visible()
    expect(page.get_by_text(f"Passed (pass mark {quiz.pass_mark}%).")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"· Correct ·"))).to_have_count(
        len(quiz.questions))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My progress").click()
    expect(page.get_by_text("1 of 11 lessons complete (9%)")).to_be_visible()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "9")
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
    assert cells[-2] == "1 / 11", cells
    teacher.context.close()
