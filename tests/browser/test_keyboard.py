"""Quizzes taken with the keyboard alone: Tab, Space, the arrow keys, typing and Enter, every
stop visibly focused, every control of every question reached, and the answers given that way
are the ones graded. One run per quiz, so that every kind of widget is covered: radios and
checkboxes, selects (matching, ordered response, drop-down cloze and rationale), matrices,
highlight phrases, bow-tie groups, a typed answer, and the "How sure are you?" radios."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .screens import MODULE, focus_problem, focused

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 300  # far more than a quiz page has; a focus trap fails instead of hanging
TYPED = "Lumbar puncture"  # what the keyboard types into a text answer
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


STRATEGIES = {"radio": _radio, "confidence": _radio, "checkbox": _checkbox,
              "select-one": _select, "text": _text}
PASSED_OVER = {"a", "summary"}  # links and "show the case again" in a question: not answers


def kind_of(el: dict) -> str:
    """The strategy for a control: a "How sure" radio (named c-<id>) is its own kind."""
    kind = el["type"] or el["tag"]
    return "confidence" if kind == "radio" and el["name"].startswith("c-") else kind


def unit_of(el: dict) -> str:
    """What one answer is given to: a radio group (one Tab stop) or each other control."""
    return el["name"] if el["type"] == "radio" else f"{el['name']}={el['value']}"


# Every answerable control in the questions, as (kind, unit), from the page itself.
CONTROLS = """() => [...document.querySelectorAll(
    '.question input:not([type=hidden]), .question select, .question textarea')].map(el => {
  const kind = el.type === 'radio' && el.name.startsWith('c-') ? 'confidence' : el.type;
  return [kind, el.type === 'radio' ? el.name : `${el.name}=${el.value}`]; })"""

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

QUIZZES = [  # (quiz slug, the kinds of control it must have)
    ("understanding-ms-quiz", {"radio", "checkbox", "select-one", "confidence"}),  # matching
    ("pathophysiology-quiz", {"radio", "checkbox", "select-one", "confidence"}),  # ordered, cloze
    ("diagnosis-quiz", {"radio", "checkbox", "text", "confidence"}),  # short text
    # A case study: highlight, matrix, drop-down rationale, bow-tie.
    ("pharmacological-treatment-quiz", {"radio", "checkbox", "select-one", "confidence"}),
]


@pytest.mark.parametrize("slug, expected_kinds", QUIZZES, ids=[q[0] for q in QUIZZES])
def test_a_quiz_can_be_taken_and_submitted_with_the_keyboard_alone(new_student, slug,
                                                                   expected_kinds):
    page, _ = new_student
    page.goto(f"/modules/{MODULE}/quizzes/{slug}")
    tab_until(page, is_button("Start the quiz"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    questions = page.locator("li.question").count()
    assert questions >= 8
    controls = page.evaluate(CONTROLS)
    assert {kind for kind, _ in controls} == expected_kinds

    kinds: dict[str, int] = {}
    reached: set[str] = set()

    def answer(el: dict) -> None:
        if not el["inQuestion"] or el["tag"] in PASSED_OVER:
            return  # the header, a link, the Save button: not part of answering
        kind = kind_of(el)
        assert kind in STRATEGIES, f"no keyboard strategy for a <{el['tag']}> of type " \
                                   f"'{el['type']}' in a question: add one to STRATEGIES"
        STRATEGIES[kind](page)
        kinds[kind] = kinds.get(kind, 0) + 1
        reached.add(unit_of(el))

    tab_until(page, is_button("Submit for grading"), on_stop=answer)
    missed = sorted({unit for _, unit in controls} - reached)
    assert not missed, f"controls the Tab key never reached: {missed}"
    assert set(kinds) == expected_kinds, kinds
    radios = sum(kind in ("radio", "confidence") for kind, _ in controls)
    assert kinds.get("radio", 0) + kinds["confidence"] < radios, \
        "one stop per radio group, not one per option"
    assert kinds["confidence"] == questions, "every question has a 'How sure' group"

    chosen = page.evaluate(CHOSEN)
    for qid, answers in chosen.items():
        assert answers["options"] or answers["parts"] or answers["typed"], f"{qid} unanswered"
        assert "no answer" not in answers["parts"], f"{qid}: a part left unanswered {answers}"
        assert answers["confidence"] == CONFIDENCE, f"{qid}: {answers}"
    if "text" in kinds:
        assert [TYPED] in [a["typed"] for a in chosen.values()]

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Result")
    expect(page.get_by_text("You did not answer this question.")).to_have_count(0)
    assert page.evaluate(GRADED) == chosen
