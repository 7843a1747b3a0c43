"""The rationales of a QTI item: one modal feedback shown after the response is processed,
listing why each option (or part) is right or wrong, and the general feedback."""

from __future__ import annotations

from ..content.model import Question
from .qti_body import Element, blocks, el, inline
from .qti_rp import base, set_value

FEEDBACK, RATIONALES = "FEEDBACK", "RATIONALES"


def _entries(q: Question) -> list[tuple[str, str]]:
    """(label, rationale) for every option and part that has one."""
    out = [(o.text, o.rationale) for o in q.options if o.rationale]
    out += [(p.text or p.id, p.rationale) for p in q.parts if p.rationale]
    return out


def add_feedback(item: Element, q: Question) -> Element | None:
    """Declare FEEDBACK, append the modalFeedback; the rule that shows it (None: nothing to
    show). Call after the item body and response processing are in place."""
    entries = _entries(q)
    detail = q.detail.rationale if q.detail else ""
    if not (entries or detail or q.general_feedback):
        return None
    feedback = el(item, "modalFeedback", outcomeIdentifier=FEEDBACK, identifier=RATIONALES,
                  showHide="show", title="Rationales")
    if entries:
        listing = el(feedback, "ul")
        for label, why in entries:
            row = el(listing, "li")
            inline(el(row, "strong"), label)
            row[-1].tail = ": "
            inline(row, why)
    for text in (detail, q.general_feedback):
        if text:
            blocks(feedback, text)
    return set_value(FEEDBACK, base("identifier", RATIONALES))


def declare_feedback(item: Element) -> None:
    el(item, "outcomeDeclaration", identifier=FEEDBACK, cardinality="single",
       baseType="identifier")
