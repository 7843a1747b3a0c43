"""Reading quiz pages as a browser would: the form fields and their values."""

from __future__ import annotations

import re

OPTION = re.compile(r'<input type="(radio|checkbox)" id="[^"]+" name="q-([^"]+)" value="([^"]+)"')


def options_on_page(html: str) -> dict[str, list[str]]:
    """Question id -> option ids, in the order the page shows them."""
    found: dict[str, list[str]] = {}
    for _, qid, oid in OPTION.findall(html):
        found.setdefault(qid, []).append(oid)
    return found


def attempt_id_from(location: str) -> int:
    match = re.search(r"/attempts/(\d+)", location)
    assert match, location
    return int(match.group(1))


SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')


def sequence_on_page(html: str) -> int:
    """The attempt sequence number the page will send with its next save."""
    match = SEQUENCE.search(html)
    assert match, "no sequence field on the page"
    return int(match.group(1))


def autosave(client, attempt_id: int, answers: dict[str, list[str]],
             sequence: int | str | None):  # type: ignore[no-untyped-def]
    """POST answers to the JSON endpoint as attempt.js does (CSRF token in a header)."""
    from tests.conftest import csrf_token

    data: dict = {f"q-{qid}": values for qid, values in answers.items()}
    data["shown"] = list(answers)
    if sequence is not None:
        data["sequence"] = str(sequence)
    return client.post(f"/attempts/{attempt_id}/answers", data=data,
                       headers={"X-CSRFToken": csrf_token(client), "Accept": "application/json"})
