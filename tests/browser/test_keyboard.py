"""Quizzes taken with the keyboard alone: Tab, Space, the arrow keys, typing and Enter, every
stop visibly focused, every control of every question reached, and the answers given that way
are the ones graded. Every kind of widget is covered: radios and checkboxes, selects (matching,
ordered response, drop-down cloze and rationale), matrices, highlight phrases, bow-tie groups,
typed text and numbers, the "How sure are you?" radios, a wide table's scroll box (a Tab
stop of its own), and an unfolding case: its record's closed tabs opened with Enter and each
stage left with its "Go on" button.

The runs: the test bank's quiz with one item of every type (tests/data/ngn), the clinic
module's unfolding case (tests/data/exam), and the few course quizzes that between them hold
every type the course uses (read from questions/, so a rewrite of the course is followed)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from quizapp.content import load_bank
from quizapp.content.model import Quiz
from tests.helpers.data import DATA, NGN_BANK

from . import course
from .conftest import new_username, sign_up
from .screens import MODULE, focus_problem, focused

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 600  # far more than a quiz page has; a focus trap fails instead of hanging
TYPED = "Lumbar puncture"  # what the keyboard types into a text answer
NUMBER = "2.5"  # ... and into a number answer
CONFIDENCE = "medium"  # Space on the first "How sure" radio, then ArrowDown: the second one


def tab_until(page: Page, wanted: Callable[[dict], bool], on_stop=None) -> dict:
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


_CHECKED_NEARBY = """() => { const el = document.activeElement;
  return [...el.form.elements].filter(e => e.name === el.name && e.checked).length; }"""


def _checkbox(page: Page) -> None:
    # The first two boxes of each group: within every limit ("choose 2" in a bow-tie) and
    # still a mix of ticked and unticked boxes where a group has more.
    if page.evaluate(_CHECKED_NEARBY) < 2:
        page.keyboard.press("Space")


_SELECT_POSITION = """() => { const el = document.activeElement;
  const selects = [...el.closest('.question').querySelectorAll('select')];
  return [selects.indexOf(el), el.options.length]; }"""


def _select(page: Page) -> None:
    # A closed <select> changes with the arrow keys. Each part of a question gets a different
    # option where there are enough (an ordered response wants a different item per position).
    position, options = page.evaluate(_SELECT_POSITION)
    for _ in range(1 + position % (options - 1)):  # options[0] is the empty "Choose…"
        page.keyboard.press("ArrowDown")


def _text(page: Page) -> None:
    page.keyboard.type(TYPED)


def _number(page: Page) -> None:
    page.keyboard.type(NUMBER)


_SCROLLED = """() => { const el = document.activeElement;
  return [el.scrollWidth > el.clientWidth, el.scrollLeft]; }"""


_MOVED = "() => document.activeElement.scrollLeft > 0"


def _scroller(page: Page) -> None:
    # A wide table scrolls in a box of its own, a Tab stop with nothing to answer: the arrow
    # keys scroll it sideways, then Tab moves on. Chromium scrolls smoothly, so scrollLeft
    # grows over a few frames after the key: wait for it to move (the context's timeout), not
    # read it once straight after the key press.
    wide, _ = page.evaluate(_SCROLLED)
    page.keyboard.press("ArrowRight")
    if wide:
        try:
            page.wait_for_function(_MOVED)
        except PlaywrightTimeoutError:
            raise AssertionError("ArrowRight does not scroll the table") from None


STRATEGIES = {"radio": _radio, "confidence": _radio, "checkbox": _checkbox,
              "select-one": _select, "text": _text, "decimal": _number,
              "scroller": _scroller}
PASSED_OVER = {"a", "summary"}  # links, record tabs, "show the case again": not answers
# What each item type is answered with (besides its "How sure" radios). A new type fails the
# test with its name until it is added here and, if its control is new, to STRATEGIES.
TYPE_KINDS = {"single_choice": {"radio"}, "true_false": {"radio"},
              "matrix_multiple_choice": {"radio"}, "select_all": {"checkbox"},
              "select_n": {"checkbox"}, "highlight": {"checkbox"},
              "bow_tie": {"radio", "checkbox"},  # radios where a group takes one choice
              "matrix_multiple_response": {"checkbox"}, "matching": {"select-one"},
              "ordered_response": {"select-one"}, "drop_down_cloze": {"select-one"},
              "drop_down_rationale": {"select-one"}, "short_text": {"text"},
              "numeric": {"decimal"}}


def kind_of(el: dict) -> str:
    """The strategy for a control: a "How sure" radio (named c-<id>) is its own kind, and so
    are a number field (inputmode decimal) and a table's scroll box."""
    if el["scroller"]:
        return "scroller"
    kind = el["type"] or el["tag"]
    if kind == "text" and el["inputMode"] == "decimal":
        return "decimal"
    return "confidence" if kind == "radio" and el["name"].startswith("c-") else kind


def unit_of(el: dict) -> str:
    """What one answer is given to: a radio group (one Tab stop) or each other control."""
    if el["scroller"]:
        return f"table {el['scroller']}"
    return f"{el['name']}={el['value']}" if el["type"] == "checkbox" else el["name"]


# Every answerable control and table scroll box in the questions, as [kind, unit, value], from
# the page itself (a radio's value tells its options apart).
CONTROLS = """() => {
  const answers = [...document.querySelectorAll(
      '.question input:not([type=hidden]), .question select, .question textarea')].map(el => {
    const kind = el.type === 'radio' && el.name.startsWith('c-') ? 'confidence'
               : el.inputMode === 'decimal' ? 'decimal' : el.type;
    return [kind, el.type === 'checkbox' ? `${el.name}=${el.value}` : el.name, el.value]; });
  const tables = [...document.querySelectorAll('.question .table-scroll[tabindex="0"]')]
    .filter(el => el.checkVisibility()).map(el => { const q = el.closest('.question');
      const at = [...q.querySelectorAll('.table-scroll')].indexOf(el);
      return ['scroller', `table ${q.dataset.questionId}:${at}`, '']; });
  return answers.concat(tables); }"""

# A record tab of an unfolding case that is closed (a keyboard user opens it to read it).
CLOSED_TAB = """() => { const d = document.activeElement.parentElement;
  return d.tagName === 'DETAILS' && d.classList.contains('record-tab') && !d.open; }"""

# What the keys chose, per question (by its element id): the option texts ticked, the answer
# of each part (a select's choice, a matrix row's column), the typed text, the confidence.
CHOSEN = """() => Object.fromEntries([...document.querySelectorAll('li.question')].map(q => {
  const mine = (e) => !e.name.startsWith('c-');
  const inMatrix = (e) => !!e.closest('table.matrix');
  const column = (e) => e.closest('table').tHead.rows[0].cells[e.closest('td').cellIndex]
                        .innerText.trim();
  const options = [...q.querySelectorAll('input:checked')]
    .filter(e => mine(e) && !inMatrix(e)).map(e => e.labels[0].innerText.trim());
  const parts = [...q.querySelectorAll('select')].map(s => s.value
    ? s.selectedOptions[0].text.trim() : 'no answer');
  for (const row of q.querySelectorAll('table.matrix tbody tr')) {
    const picked = [...row.querySelectorAll('input:checked')].map(column);
    parts.push(picked.length ? picked.join('; ') : 'no answer');
  }
  const typed = [...q.querySelectorAll('input[type=text]')].map(e => e.value.trim());
  const sure = q.querySelector('input[name^="c-"]:checked');
  return [q.id, {options: options.sort(), parts: parts.sort(), typed,
                 confidence: sure ? sure.value : null}];
}))"""

# The same, read back from the result page.
GRADED = """() => Object.fromEntries([...document.querySelectorAll('li.question')].map(q => {
  const text = (e) => { const c = e.cloneNode(true);
    c.querySelectorAll('.tag, .muted, .visually-hidden').forEach(t => t.remove());
    return c.textContent.replace(/\\s+/g, ' ').trim(); };
  const options = [...q.querySelectorAll('.review-option.is-chosen > .option-text')].map(text);
  const parts = [...q.querySelectorAll('.review-part')]
    .filter(p => p.querySelector(':scope > .answer-line'))
    .map(p => text(p.querySelector(':scope > .answer-line')).replace(/^Your answer: /, ''));
  for (const row of q.querySelectorAll('.item-body table.table tbody tr')) {
    parts.push(text(row.cells[1]));  // an ordered response: Position, Your answer, Correct
  }
  const typed = [...q.querySelectorAll('.typed-answer dd:first-of-type')].map(text);
  const note = q.querySelector('.confidence-note strong');
  return [q.id, {options: options.sort(), parts: parts.sort(), typed,
                 confidence: note ? note.innerText.trim() : null}];
}))"""

@dataclass(frozen=True)
class Run:
    """One quiz taken with the keyboard by a student who signs up for it."""

    name: str
    site: str  # the fixture serving the quiz
    path: str  # the quiz's front page
    quiz: Quiz
    table: bool = False  # it has a Markdown table, whose scroll box must be passed
    record: bool = False  # an unfolding case whose record has a closed tab to open


def _bank_quiz(folder, quiz_id: str) -> Quiz:  # type: ignore[no-untyped-def]
    bank, _ = load_bank(folder)
    return next(q for m in bank.modules for q in m.quizzes if q.id == quiz_id)


RUNS = [
    Run("every item type", "ngn_server", "/modules/ward/quizzes/ward-quiz",
        _bank_quiz(NGN_BANK, "ward-quiz"), table=True),
    Run("unfolding case", "clinic_site", "/modules/clinic/quizzes/relapse-quiz",
        _bank_quiz(DATA / "exam", "relapse-quiz"), record=True),
    *(Run(q.id, "site", f"/modules/{MODULE}/quizzes/{q.id}", q)
      for q in course.covering_quizzes()),
]


def is_answer_stop(el: dict) -> bool:
    return el["inQuestion"] and el["tag"] not in PASSED_OVER and el["tag"] != "button"


@pytest.mark.parametrize("run", RUNS, ids=[r.name for r in RUNS])
def test_a_quiz_can_be_taken_and_submitted_with_the_keyboard_alone(run, new_context, request):
    context = new_context(base_url=request.getfixturevalue(run.site).base_url)
    try:
        take_with_the_keyboard(context.new_page(), run)
    finally:
        context.close()


MOVING_ON = re.compile(r"^Go on to (stage \d+ of \d+)$")


@dataclass
class Taken:
    """What the keyboard did over the attempt's pages."""

    kinds: dict[str, int] = field(default_factory=dict)  # strategy -> how many stops used it
    reached: set[str] = field(default_factory=set)  # the units answered (unit_of)
    controls: dict[tuple[str, str, str], None] = field(default_factory=dict)  # on any page
    chosen: dict[str, dict] = field(default_factory=dict)  # CHOSEN, read before leaving a page
    opened: int = 0  # closed record tabs opened


def take_with_the_keyboard(page: Page, run: Run) -> None:
    """Sign up, start the quiz, answer everything and submit, with the keyboard alone."""
    sign_up(page, new_username())
    page.goto(run.path)
    tab_until(page, is_button("Start the quiz"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    taken = answer_every_page(page)
    check_what_was_taken(taken, run)

    page.keyboard.press("Enter")  # on "Submit for grading"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Result")
    expect(page.get_by_text("You did not answer this question.")).to_have_count(0)
    assert page.evaluate(GRADED) == taken.chosen


def answer_every_page(page: Page) -> Taken:
    """Tab through the page answering each control; at a case study's "Go on to stage"
    button, press Enter and go on from where the next page puts the focus; stop on "Submit
    for grading" (focused)."""
    taken = Taken()

    def answer(el: dict) -> None:
        if el["tag"] == "summary" and page.evaluate(CLOSED_TAB):
            page.keyboard.press("Enter")  # open the record tab; what it shows comes next
            assert page.evaluate("() => document.activeElement.parentElement.open")
            taken.opened += 1
        if not is_answer_stop(el) or unit_of(el) in taken.reached:
            return  # not an answer, or one given on an earlier stage's page
        kind = kind_of(el)
        assert kind in STRATEGIES, f"no keyboard strategy for a <{el['tag']}> of type " \
                                   f"'{el['type']}' in a question: add one to STRATEGIES"
        STRATEGIES[kind](page)
        taken.kinds[kind] = taken.kinds.get(kind, 0) + 1
        taken.reached.add(unit_of(el))

    while True:  # one page per stage of the quiz's unfolding cases
        taken.controls.update(dict.fromkeys(map(tuple, page.evaluate(CONTROLS))))
        stop = tab_until(page, lambda el: el["tag"] == "button" and (
            el["text"] == "Submit for grading" or bool(MOVING_ON.match(el["text"]))),
            on_stop=answer)
        taken.chosen.update(page.evaluate(CHOSEN))  # a stage left is not on the next page
        moving_on = MOVING_ON.match(stop["text"])
        if moving_on is None:
            return taken
        with page.expect_navigation():
            page.keyboard.press("Enter")
        flash = f"{moving_on.group(1).capitalize()}. Your answers to the earlier stage are saved"
        expect(page.get_by_role("status").filter(has_text=flash)).to_be_visible()


def check_what_was_taken(taken: Taken, run: Run) -> None:
    """Every control reached and answered once, with the kinds of control its item types
    have; every item came on a page, with its confidence; the typed answers are there."""
    kinds, chosen = taken.kinds, taken.chosen
    missed = sorted({unit for _, unit, _ in taken.controls} - taken.reached)
    assert not missed, f"controls the Tab key never reached: {missed}"
    expected = set().union(*(TYPE_KINDS[q.type] for q in run.quiz.questions)) | {"confidence"}
    assert set(kinds) - {"scroller"} == expected, kinds
    assert "scroller" in kinds or not run.table, "no table's scroll box was passed"
    assert taken.opened or not run.record, "no closed record tab was opened with the keyboard"
    radios = sum(kind in ("radio", "confidence") for kind, _, _ in taken.controls)
    assert kinds.get("radio", 0) + kinds["confidence"] < radios, \
        "one stop per radio group, not one per option"
    assert len(chosen) == len(run.quiz.questions), "every item came on a page"
    assert kinds["confidence"] == len(chosen), "every question has a 'How sure' group"
    for qid, answers in chosen.items():
        assert answers["options"] or answers["parts"] or answers["typed"], f"{qid} unanswered"
        assert "no answer" not in answers["parts"], f"{qid}: a part left unanswered {answers}"
        assert answers["confidence"] == CONFIDENCE, f"{qid}: {answers}"
    typed = [a["typed"] for a in chosen.values()]
    assert ("text" in kinds) == ([TYPED] in typed) and ("decimal" in kinds) == ([NUMBER] in typed)
