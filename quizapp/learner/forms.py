"""Turn a posted quiz form into answers. Field names are `q-<question id>`; values option ids."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from ..services.errors import BadInput

FIELD_PREFIX = "q-"
ACTIONS = ("save", "submit")


def parse_answers(form: MultiDict[str, str]) -> dict[str, list[str]]:
    """Answers by question id. Unknown ids are left for the service to refuse (it knows the
    attempt); here we refuse only what is malformed."""
    answers: dict[str, list[str]] = {}
    for name in form:
        if not name.startswith(FIELD_PREFIX):
            continue
        qid = name[len(FIELD_PREFIX):]
        values = [v for v in form.getlist(name) if v != ""]
        if not qid or len(values) > 16 or any(len(v) > 32 for v in values):
            raise BadInput(f"The answer field '{name[:80]}' is malformed.")
        answers[qid] = values
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
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        raise BadInput(f"The sequence number '{value[:20]}' is malformed.")
    return int(value)


def parse_action(form: MultiDict[str, str]) -> str:
    action = form.get("action", "save")
    if action not in ACTIONS:
        raise BadInput(f"Unknown action '{action[:40]}'; expected save or submit.")
    return action
