"""Every control of every item type, as a screen reader names it. On the test bank's quiz (one
item of every type) each control's accessible name is read from Chromium's accessibility tree
(CDP Accessibility.getPartialAXTree) and compared with what the question says: a drop-down in
a passage is named by the sentence it completes, a matrix cell by its row and column, a
"How sure are you?" group by its question."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from quizapp.content.model import Question
from quizapp.services.questions.labels import plain
from tests.unit.itemtools import ngn_questions

from .conftest import PASSWORD, TIMEOUT_MS

pytestmark = pytest.mark.browser

CONTROLS = "input:not([type=hidden]), select, textarea"
BLANKS = {
    "w-cloze": ["Steroids raise … and lower resistance to … (blank 1 of 2)",
                "Steroids raise … and lower resistance to … (blank 2 of 2)"],
    "w-dyad": ["The nurse should … because steroids … (blank 1 of 2)",
               "The nurse should … because steroids … (blank 2 of 2)"],
}
CONFIDENCE = ["Low: guessing", "Medium", "High: certain"]


@pytest.fixture(scope="module")
def attempt_page(browser, ngn_site: str):  # type: ignore[no-untyped-def]
    """nico's open attempt at the ward quiz (read only)."""
    context = browser.new_context(base_url=ngn_site, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Username").fill("nico")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/modules/ward/quizzes/ward-quiz")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    yield page
    context.close()


def ax_names(page: Page, selector: str) -> list[tuple[str, str]]:
    """(role, accessible name) of each element matching `selector`, in document order, from
    the browser's own accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        found = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})
        out = []
        for node_id in found["nodeIds"]:
            tree = cdp.send("Accessibility.getPartialAXTree",
                            {"nodeId": node_id, "fetchRelatives": False})["nodes"]
            node = tree[0]
            out.append((node.get("role", {}).get("value", ""),
                        node.get("name", {}).get("value", "")))
        return out
    finally:
        cdp.detach()


def expected_names(q: Question) -> list[str]:
    """The names the answer controls of `q` should have, in page order (options may be
    shuffled, so choice items are compared as sets by the caller)."""
    options = [plain(o.text) for o in q.options]
    if q.id in BLANKS:
        return BLANKS[q.id]
    if q.type in ("matrix_multiple_choice", "matrix_multiple_response"):
        return [f"{plain(p.text)}: {c}" for p in q.parts for c in options]
    if q.type == "matching":
        return [plain(p.text) for p in q.parts]
    if q.type == "ordered_response":
        last = len(q.key)
        return [f"Position {i}" + (" (first)" if i == 1 else " (last)" if i == last else "")
                for i in range(1, last + 1)]
    if q.type == "bow_tie":
        return [plain(o.text) for p in q.parts for o in p.options]
    if q.type == "numeric":
        return [f"Your answer in {q.detail.unit}" if q.detail and q.detail.unit
                else "Your answer"]
    if q.type == "short_text":
        return ["Your answer"]
    if q.type == "true_false":
        return ["True", "False"]
    return options


QUESTIONS = ngn_questions()


@pytest.mark.parametrize("qid", sorted(QUESTIONS))
def test_every_control_is_named_for_what_it_answers(attempt_page, qid):
    q = QUESTIONS[qid]
    box = f'[data-question-id="{qid}"]'
    number = attempt_page.locator(box).get_attribute("data-number")
    answers = ax_names(attempt_page, f"{box} .item-body :is({CONTROLS})")
    names = [name for _, name in answers]
    want = expected_names(q)
    if q.type in ("single_choice", "true_false", "select_all", "select_n", "highlight",
                  "bow_tie"):
        assert sorted(names) == sorted(want)  # shuffled per attempt
    else:
        assert names == want
    assert all(role in ("checkbox", "radio", "combobox", "textbox") for role, _ in answers)
    # The question's group carries its number; the confidence group names the question too.
    groups = ax_names(attempt_page, f"{box} fieldset")
    assert groups[0][1].startswith(f"Question {number} of ")
    assert f"How sure are you? (question {number}) (optional)" in [name for _, name in groups]
    confidence = ax_names(attempt_page, f"{box} .confidence input")
    assert [name for _, name in confidence] == CONFIDENCE
    if q.type == "bow_tie":
        assert [name for _, name in groups[1:4]] == [
            "Actions to take (choose 2)", "Condition most likely (choose 1)",
            "Parameters to watch (choose 2)"]


def test_the_answered_count_and_its_bar_follow_the_answers(attempt_page):
    count = attempt_page.locator("#answered-count")
    total = attempt_page.locator(".questions > [data-question-id]").count()
    before = int(count.inner_text().split(" of ")[0])
    box = attempt_page.locator('[data-question-id="w-short-text"]')
    box.get_by_role("textbox").fill("blood")
    assert count.inner_text() == f"{before + 1} of {total} answered"
    assert attempt_page.locator(".quiz-progress progress").evaluate("p => p.value") == before + 1
    box.get_by_role("textbox").fill("")
    assert count.inner_text() == f"{before} of {total} answered"
