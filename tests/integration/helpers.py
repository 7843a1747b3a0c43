"""Reading quiz pages as a browser would: the form fields and their values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from quizapp.extensions import db

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
             sequence: int | str | None):
    """POST answers to the JSON endpoint as attempt.js does (CSRF token in a header)."""
    from tests.conftest import csrf_token

    data: dict = {f"q-{qid}": values for qid, values in answers.items()}
    data["shown"] = list(answers)
    if sequence is not None:
        data["sequence"] = str(sequence)
    return client.post(f"/attempts/{attempt_id}/answers", data=data,
                       headers={"X-CSRFToken": csrf_token(client), "Accept": "application/json"})


@contextmanager
def counting(app) -> Iterator[list[str]]:
    """The SQL statements the app's engine runs inside the block."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


# What takes a write lock: a data change, SQLite's BEGIN IMMEDIATE, a row lock.
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|BEGIN IMMEDIATE)\b|\bFOR UPDATE\b", re.I)


def writes_for(app, client, url: str) -> list[str]:
    """The statements of one GET of `url` that write or take a write lock (any status)."""
    with counting(app) as seen:
        client.get(url)
    return [s for s in seen if WRITE.search(s)]


def queries_for(app, client, url: str) -> int:
    """How many SQL statements one GET of `url` costs (it must answer 200)."""
    with counting(app) as seen:
        assert client.get(url).status_code == 200, url
    return len(seen)
