"""Answer a question on the attempt page as a screen reader user would: find its group by the
stem and each control by its accessible name (an option's text, "row: column" in a matrix, a
drop-down's part or position), and give the key. Works for every item type the registry has;
a new type fails here with its name until it is taught."""

from __future__ import annotations

from playwright.sync_api import Locator, Page

from quizapp.content.model import Part, Question

from .screens import plain

CHOOSE = {"single_choice": "radio", "true_false": "radio", "select_all": "checkbox",
          "select_n": "checkbox", "highlight": "checkbox"}
MATRIX = {"matrix_multiple_choice": "radio", "matrix_multiple_response": "checkbox"}
IN_ORDER = ("ordered_response", "drop_down_cloze", "drop_down_rationale")  # a select per slot
TYPED = ("numeric", "short_text")


def group_of(page: Page, question: Question) -> Locator:
    """The question's group, named by its legend ("Question k of n" and the stem), in the
    question's own box (two items may share a stem, "Complete the sentence.")."""
    box = page.locator(f'[data-question-id="{question.id}"]')
    return box.get_by_role("group", name=plain(question.stem)).first


def _texts(question: Question, part: Part | None = None) -> dict[str, str]:
    """Option id -> its text as a control's name reads it (a part's own options if it has
    any: ids repeat between the blanks of a cloze)."""
    options = part.options if part is not None and part.options else question.options
    return {o.id: plain(o.text) for o in options}


def answer_with_key(page: Page, question: Question) -> None:
    """Give the question's key through its controls, found by role and accessible name."""
    group, q = group_of(page, question), question
    if q.type in CHOOSE:
        for oid in q.key:
            group.get_by_role(CHOOSE[q.type], name=_texts(q)[oid], exact=True).check()
    elif q.type in MATRIX:
        for part in q.parts:
            for oid in part.key:
                group.get_by_role(MATRIX[q.type], name=f"{plain(part.text)}: {_texts(q)[oid]}",
                                  exact=True).check()
    elif q.type == "bow_tie":  # radios where a group takes one choice (the condition)
        for part in q.parts:
            role = "radio" if part.picks == 1 else "checkbox"
            for oid in part.key:
                group.get_by_role(role, name=_texts(q, part)[oid], exact=True).check()
    elif q.type == "matching":
        for part in q.parts:
            group.get_by_role("combobox", name=plain(part.text), exact=True).select_option(
                label=_texts(q)[part.key[0]])
    elif q.type in IN_ORDER:
        slots = ([(None, oid) for oid in q.key] if q.type == "ordered_response"
                 else [(p, p.key[0]) for p in q.parts])
        boxes = group.get_by_role("combobox")
        for n, (part, oid) in enumerate(slots):
            boxes.nth(n).select_option(label=_texts(q, part)[oid])
    elif q.type in TYPED:
        group.get_by_role("textbox").fill(q.key[0])
    else:
        raise AssertionError(f"answering.py cannot answer a {q.type} item yet: teach it")
