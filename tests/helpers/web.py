"""Requests as a browser sends them (a form with its CSRF token, the autosave call), the
fields a page shows, a quiz started and submitted through the pages, and the SQL a page
costs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import event

from quizapp.extensions import db

CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
# The basics quiz's keys, answered through the pages.
KEYS = {"basics-count": ["b"], "basics-check": ["a", "b", "d"], "basics-purpose": ["true"]}


def csrf_token(client: FlaskClient) -> str:
    """A valid token for the client's session, read from a page's form as a browser would."""
    page = client.get("/signup")
    match = CSRF_PATTERN.search(page.get_data(as_text=True))
    assert match, "no CSRF token on the signup page"
    return match.group(1)


def post(client: FlaskClient, url: str, data: dict | None = None, **kwargs):
    """POST a form with the session's CSRF token, as the page would."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=payload, **kwargs)


def start(client: FlaskClient, quiz: str = "basics-quiz") -> int:
    """Start (or resume) an attempt at a demo quiz from its page; the attempt id."""
    response = post(client, f"/modules/demo/quizzes/{quiz}/start")
    assert response.status_code == 302
    return attempt_id_from(response.headers["Location"])


def submit(client: FlaskClient, attempt_id: int, answers: dict[str, list[str]]):
    """Submit the attempt's form with these answers."""
    data = {f"q-{qid}": values for qid, values in answers.items()}
    data["action"] = "submit"
    return post(client, f"/attempts/{attempt_id}", data)


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
