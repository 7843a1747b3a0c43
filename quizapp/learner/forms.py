"""Turn a posted quiz form into answers.

Field names: `q-<question id>` for an item answered as a whole (its values are option ids, or
the typed text), and `q-<question id>.<part id>` for one part of an item (a matrix row, a
drop-down, a matching item, a bow-tie group, an ordered position). An answer is a list of
values, or a mapping of part id to a list of values; the grader for the question's type reads
it strictly.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from ..services.errors import BadInput
from ..text import whole_number

FIELD_PREFIX = "q-"
ACTIONS = ("save", "submit")
MAX_VALUES = 16  # per field: more than any item has options
MAX_VALUE_LENGTH = 200  # the longest short-text answer
MAX_PARTS = 32
_PART = re.compile(r"^[a-z0-9][a-z0-9_-]{0,15}$")


def parse_answers(form: MultiDict[str, str]) -> dict[str, Any]:
    """Answers by question id. Unknown ids are left for the service to refuse (it knows the
    attempt); here we refuse only what is malformed."""
    answers: dict[str, Any] = {}
    for name in form:
        if not name.startswith(FIELD_PREFIX):
            continue
        qid, dot, part = name[len(FIELD_PREFIX):].partition(".")
        values = [v for v in form.getlist(name) if v != ""]
        if (not qid or (dot and not _PART.match(part)) or len(values) > MAX_VALUES
                or any(len(v) > MAX_VALUE_LENGTH for v in values)):
            raise BadInput(f"The answer field '{name[:80]}' is malformed.")
        if not dot:
            if qid in answers:  # `q-x` after `q-x.part`: one answer cannot be both shapes
                raise BadInput(f"The answer to '{qid[:64]}' is sent in two shapes.")
            answers[qid] = values
            continue
        parts = answers.setdefault(qid, {})
        if not isinstance(parts, dict) or len(parts) >= MAX_PARTS:
            raise BadInput(f"The answer to '{qid[:64]}' is malformed.")
        parts[part] = values
    # A checkbox group posts nothing when every box is cleared; the page marks each
    # question it showed with a hidden `shown` field so clearing still reaches the server.
    for qid in form.getlist("shown"):
        answers.setdefault(qid, [])
    return answers


def parse_sequence(form: MultiDict[str, str], *, required: bool = False) -> int | None:
    """The attempt sequence number the page was given (hidden field `sequence`); None when the
    post carries none and it is not `required`."""
    value = form.get("sequence", "")
    if value == "":
        if required:
            raise BadInput("This save carries no sequence number; reload the page.")
        return None
    number = whole_number(value)
    if number is None:
        raise BadInput(f"The sequence number '{value[:20]}' is malformed.")
    return number


def parse_time_up(form: MultiDict[str, str]) -> bool:
    """Whether the page's countdown sent this submit because the time ran out (hidden field
    `time_up`, set by static/attempt.js): then answers that don't fit are left out."""
    return form.get("time_up", "") == "1"


ADVANCE = "advance:"  # `advance:<case id>`: move that case study on to its next stage


def parse_action(form: MultiDict[str, str]) -> str:
    """save, submit, or advance:<case id> (the button that moves a case study on)."""
    action = form.get("action", "save")
    if action.startswith(ADVANCE) and 0 < len(action) - len(ADVANCE) <= 64:
        return action
    if action not in ACTIONS:
        raise BadInput(f"Unknown action '{action[:40]}'; expected save, submit or advance.")
    return action


class JoinForm(FlaskForm):
    code = StringField("Join code", validators=[InputRequired(), Length(max=32)],
                       description="The code your instructor gave you, like 7KQ2M-XW9TB.",
                       render_kw={"autocomplete": "off", "autocapitalize": "characters",
                                  "spellcheck": "false"})
