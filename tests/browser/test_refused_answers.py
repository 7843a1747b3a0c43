"""One wrong tick must never cost a student other answers. On the test bank's quiz (one item of
every type): each capped group (select-N, the bow-tie's actions and parameters) refuses a
further tick in the page, says why at the question and announces it; an answer the server
refuses is held at its question and not resent; and the answers given afterwards are saved,
as a second browser opening the same attempt shows."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import PASSWORD, TIMEOUT_MS

pytestmark = pytest.mark.browser

QUIZ = "/modules/ward/quizzes/ward-quiz"
SAVED = re.compile(r"^All answers saved \(\d\d:\d\d\)\.$")
# Every text the alert region is given, in order: what a screen reader would announce.
RECORD_ALERTS = """
document.addEventListener("DOMContentLoaded", () => {
  window.alerts = [];
  const el = document.getElementById("answer-alert");
  if (el) new MutationObserver(() => window.alerts.push(el.textContent.trim()))
    .observe(el, {childList: true, characterData: true, subtree: true});
});"""


@pytest.fixture
def ngn_context(browser, ngn_site: str):  # type: ignore[no-untyped-def]
    """ngn_context(**options): a fresh context on the test bank's site."""
    made: list[BrowserContext] = []

    def make(**options: object) -> BrowserContext:
        context = browser.new_context(base_url=ngn_site, viewport={"width": 1280, "height": 800},
                                      **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(script=RECORD_ALERTS)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def open_attempt(context: BrowserContext, username: str) -> Page:
    """Log in and start (or resume) the ward quiz."""
    page = context.new_page()
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(QUIZ)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    return page


def question(page: Page, qid: str) -> Locator:
    return page.locator(f'[data-question-id="{qid}"]')


def number(page: Page, qid: str) -> str:
    return question(page, qid).get_attribute("data-number") or ""


def saving(page: Page, qid: str):  # type: ignore[no-untyped-def]
    """Wait for the autosave reply (200) that carries this question's answer."""
    return page.expect_response(lambda r: r.url.endswith("/answers") and r.status == 200
                                and f"q-{qid}" in (r.request.post_data or ""))


def answer_three_more(page: Page) -> None:
    """A radio, a matrix row and a typed answer: three questions after the refusals, each
    sent by the page's autosave (the test waits for each reply)."""
    with saving(page, "w-case-one"):
        question(page, "w-case-one").get_by_label("Glucose 14 mmol/L").check()
    with saving(page, "w-matrix-mc"):
        question(page, "w-matrix-mc").locator("input[type=radio]").first.check()
    with saving(page, "w-short-text"):
        question(page, "w-short-text").get_by_role("textbox").fill("moon face")
        page.keyboard.press("Tab")  # leaving the box sends it at once


def expect_three_saved(context: BrowserContext, username: str) -> Page:
    """Another browser, the same student: the attempt shows the three later answers."""
    other = open_attempt(context, username)
    expect(question(other, "w-case-one").get_by_label("Glucose 14 mmol/L")).to_be_checked()
    expect(question(other, "w-matrix-mc").locator("input[type=radio]").first).to_be_checked()
    expect(question(other, "w-short-text").get_by_role("textbox")).to_have_value("moon face")
    return other


def described_by(locator: Locator) -> str:
    return locator.get_attribute("aria-describedby") or ""


def test_each_capped_group_refuses_a_further_tick_and_later_answers_are_saved(ngn_context):
    page = open_attempt(ngn_context(), "nadia")
    select_n = question(page, "w-select-n")
    select_n.get_by_label("Blood glucose").check()
    select_n.get_by_label("Temperature").check()
    select_n.get_by_label("Hair growth").click()  # a third tick where 2 is the limit
    expect(select_n.get_by_label("Hair growth")).not_to_be_checked()
    n = number(page, "w-select-n")
    limit = f"Question {n}: you can choose at most 2. Untick one to choose another."
    error = select_n.locator(".answer-error")
    expect(error).to_have_text(limit)
    assert described_by(select_n.locator("fieldset").first) == error.get_attribute("id")

    bow_tie = question(page, "w-bow-tie")
    n = number(page, "w-bow-tie")
    for group, ticks, label in (("actions", ("Check glucose as ordered",
                                             "Report high readings", "Stop the steroid"),
                                 "Actions to take"),
                                ("parameters", ("Blood glucose", "Thirst", "Hair loss"),
                                 "Parameters to watch")):
        fieldset = bow_tie.locator(f'fieldset[data-part="{group}"]')
        fieldset.get_by_label(ticks[0]).check()
        fieldset.get_by_label(ticks[1]).check()
        fieldset.get_by_label(ticks[2]).focus()
        page.keyboard.press("Space")  # the keyboard's tick is refused too
        expect(fieldset.get_by_label(ticks[2])).not_to_be_checked()
        message = f"Question {n}, “{label}”: you can choose at most 2. Untick one to " \
                  "choose another."
        expect(bow_tie.locator(".answer-error")).to_have_text(message)
        assert bow_tie.locator(".answer-error").get_attribute("id") in described_by(fieldset)
    alerts = page.evaluate("window.alerts")
    assert [a for a in alerts if "at most 2" in a] and all("Question" in a for a in alerts if a)
    assert len([a for a in alerts if a]) == 3  # one announcement per refused tick

    answer_three_more(page)
    expect(page.locator("#save-status")).to_have_text(SAVED)
    other = expect_three_saved(ngn_context(), "nadia")
    # the capped groups kept the two ticks each that were allowed
    ticked = other.locator('[data-question-id="w-select-n"] input:checked')
    expect(ticked).to_have_count(2)
    expect(other.locator('[data-question-id="w-bow-tie"] input[type=checkbox]:checked'))\
        .to_have_count(4)


def test_an_answer_the_server_refuses_is_held_at_its_question_and_not_resent(ngn_context):
    page = open_attempt(ngn_context(), "noor")
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data or "")
            if r.url.endswith("/answers") else None)
    # An older page that does not know the limit: the server is the one to refuse.
    page.evaluate("document.querySelector('fieldset[data-part=actions]')"
                  ".removeAttribute('data-max-picks')")
    actions = question(page, "w-bow-tie").locator('fieldset[data-part="actions"]')
    for label in ("Check glucose as ordered", "Report high readings", "Stop the steroid"):
        actions.get_by_label(label).check()
    n = number(page, "w-bow-tie")
    error = question(page, "w-bow-tie").locator(".answer-error")
    refused = f"Question {n}, “Actions to take”: choose at most 2; 3 are ticked. Untick one, " \
              "and this answer will be saved."
    expect(error).to_have_text(refused)
    assert error.get_attribute("id") in described_by(actions)
    sent_before = len(posted)

    answer_three_more(page)
    expect(page.locator("#save-status")).to_have_text(
        re.compile(rf"^Other answers saved \(\d\d:\d\d\); not saved: question {n} "))
    assert len(posted) > sent_before
    assert not [body for body in posted[sent_before:] if "w-bow-tie" in body]  # held
    assert page.evaluate("window.alerts").count(refused) == 1  # announced once
    expect_three_saved(ngn_context(), "noor")

    # Submit comes back (422) with the refusal at the question, rendered by the server...
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.locator(".error-summary[role=alert]")).to_contain_text(
        "Your attempt was not submitted.")
    expect(error).to_have_text(refused)
    actions.get_by_label("Stop the steroid").uncheck()  # ...corrected: sent, saved, cleared
    expect(page.locator("#save-status")).to_have_text(SAVED)
    expect(error).to_be_hidden()
    assert error.get_attribute("id") not in described_by(actions)
    assert error.get_attribute("id") not in described_by(question(page, "w-bow-tie")
                                                         .locator("fieldset").first)


def test_a_save_refused_whole_is_split_so_the_other_answers_still_save(ngn_context):
    """A request the server refuses as a whole (a malformed field, which no page of ours
    makes) is sent again one question at a time: the bad one is held, the rest are saved."""
    context = ngn_context()
    page = open_attempt(context, "nina")
    page.evaluate("""() => { const bad = document.createElement('input');
      bad.type = 'hidden'; bad.name = 'q-w-cloze.<bad>'; bad.value = 'a';
      document.querySelector('[data-question-id="w-select-all"] .item-body').append(bad); }""")
    context.set_offline(True)  # both changes wait, then go in one request
    question(page, "w-select-all").get_by_label("Raised glucose").check()
    question(page, "w-case-one").get_by_label("Glucose 14 mmol/L").check()
    expect(page.locator("#save-status")).to_contain_text("Connection lost")
    with saving(page, "w-case-one"):
        context.set_offline(False)
    n = number(page, "w-select-all")
    expect(question(page, "w-select-all").locator(".answer-error")).to_have_text(
        f"Question {n}: this answer could not be saved. Change it, or reload the page and "
        "answer it again.")
    other = open_attempt(ngn_context(), "nina")
    expect(question(other, "w-case-one").get_by_label("Glucose 14 mmol/L")).to_be_checked()
    expect(question(other, "w-select-all").get_by_label("Raised glucose")).not_to_be_checked()


def test_without_script_the_servers_message_shows_at_the_question(ngn_context):
    page = open_attempt(ngn_context(java_script_enabled=False), "nell")
    bow_tie = question(page, "w-bow-tie")
    for label in ("Blood glucose", "Thirst", "Hair loss"):
        bow_tie.locator('fieldset[data-part="parameters"]').get_by_label(label).check()
    question(page, "w-case-one").get_by_label("Glucose 14 mmol/L").check()
    page.get_by_role("button", name="Submit for grading").click()
    n = number(page, "w-bow-tie")
    expect(page.locator(".error-summary[role=alert]")).to_contain_text(
        "Your attempt was not submitted.")
    expect(bow_tie.locator(".answer-error")).to_have_text(
        f"Question {n}, “Parameters to watch”: choose at most 2; 3 are ticked. Untick one, "
        "and this answer will be saved.")
    expect(question(page, "w-case-one").get_by_label("Glucose 14 mmol/L")).to_be_checked()
    bow_tie.get_by_label("Hair loss").uncheck()
    page.get_by_role("button", name="Submit for grading").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+/result$"))
