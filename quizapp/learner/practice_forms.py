"""Parse the practice-mode and confidence fields of quiz forms.

Confidence fields are `c-<question id>` with a value low, medium or high (optional: an empty or
absent field means not rated). Anything else is refused, never guessed.
"""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..services.errors import BadInput
from ..services.learning.review import CONFIDENCE_LEVELS
from .forms import parse_answers

CONFIDENCE_PREFIX = "c-"


def parse_confidence(form: MultiDict[str, str]) -> dict[str, str]:
    """Stated confidence by question id (rated questions only)."""
    levels: dict[str, str] = {}
    for name in form:
        if not name.startswith(CONFIDENCE_PREFIX):
            continue
        qid, values = name[len(CONFIDENCE_PREFIX):], [v for v in form.getlist(name) if v]
        if not qid or len(values) > 1 or any(v not in CONFIDENCE_LEVELS for v in values):
            raise BadInput(f"The confidence field '{name[:80]}' must be one of low, medium, "
                           f"high; got '{(values or [''])[0][:40]}'.")
        if values:
            levels[qid] = values[0]
    return levels


def parse_check(form: MultiDict[str, str]) -> tuple[str, list[str], str | None]:
    """The one question a practice page checks: (question id, its answer, confidence)."""
    qid = form.get("question", "")
    answers, confidence = parse_answers(form), parse_confidence(form)
    if not qid or len(qid) > 64 or set(answers) - {qid} or set(confidence) - {qid}:
        raise BadInput("A practice page checks exactly one question; this form names others.")
    return qid, answers.get(qid, []), confidence.get(qid)


def parse_mode(form: MultiDict[str, str]) -> str | None:
    """The attempt mode a student chose for a retake, if any (the service checks it)."""
    mode = form.get("mode", "")
    return mode[:40] or None
