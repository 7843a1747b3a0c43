"""A quiz taken with the keyboard alone: Tab, Space, the arrow keys and Enter, every stop
visibly focused, and the answers given that way are the ones graded."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .screens import QUIZ, focus_problem, focused

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 200  # far more than a quiz page has; a focus trap fails instead of hanging


def tab_until(page: Page, wanted: Callable[[dict], bool], on_stop=None) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element is `wanted`; every stop must show its focus."""
    for stop in range(1, MAX_TAB_STOPS + 1):
        page.keyboard.press("Tab")
        el = focused(page)
        assert el is not None, f"Tab stop {stop}: focus left the page"
        problem = focus_problem(el)
        assert problem is None, f"Tab stop {stop} <{el['tag']}> '{el['text'] or el['label']}': " \
                                f"{problem}"
        if wanted(el):
            return el
        if on_stop is not None:
            on_stop(el)
    raise AssertionError(f"not reached in {MAX_TAB_STOPS} Tab presses")


def is_button(text: str) -> Callable[[dict], bool]:
    return lambda el: el["tag"] == "button" and el["text"] == text


# One keyboard strategy per kind of control in a question. A question type with a control not
# listed here fails the test with its name: add how a keyboard user answers it.
def _radio(page: Page) -> None:
    page.keyboard.press("Space")      # chooses the focused option...
    page.keyboard.press("ArrowDown")  # ...and the arrow moves to the next one and chooses it


def _checkbox(page: Page) -> None:
    page.keyboard.press("Space")


STRATEGIES = {"radio": _radio, "checkbox": _checkbox}

# Per question (by its id on the page), the texts of the options chosen, sorted.
_PER_QUESTION = """() => Object.fromEntries([...document.querySelectorAll('li.question')].map(
  q => [q.id, [...q.querySelectorAll('SELECTOR')].map(e => TEXT.innerText.trim()).sort()]))"""
CHOSEN = _PER_QUESTION.replace("SELECTOR", "input:checked").replace("TEXT", "e.labels[0]")
GRADED_CHOICES = _PER_QUESTION.replace("SELECTOR", ".is-chosen .option-text").replace("TEXT", "e")


def test_a_quiz_can_be_taken_and_submitted_with_the_keyboard_alone(new_student):
    page, _ = new_student
    page.goto(QUIZ)
    tab_until(page, is_button("Start the quiz"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    questions = page.get_by_role("group").count()
    assert questions >= 8

    kinds: dict[str, int] = {}

    def answer(el: dict) -> None:
        if not el["inQuestion"]:
            return  # the header, the Save button: not part of answering
        kind = el["type"] or el["tag"]
        assert kind in STRATEGIES, f"no keyboard strategy for a <{el['tag']}> of type " \
                                   f"'{el['type']}' in a question: add one to STRATEGIES"
        STRATEGIES[kind](page)
        kinds[kind] = kinds.get(kind, 0) + 1

    tab_until(page, is_button("Submit for grading"), on_stop=answer)
    chosen = page.evaluate(CHOSEN)
    assert all(chosen.values()), f"questions left unanswered: {chosen}"
    assert set(kinds) == set(STRATEGIES), f"the quiz should use every kind of control: {kinds}"
    assert kinds["radio"] < questions, "one stop per radio group, not one per option"

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Result")
    expect(page.get_by_text("You did not answer this question.")).to_have_count(0)
    assert page.evaluate(GRADED_CHOICES) == chosen
