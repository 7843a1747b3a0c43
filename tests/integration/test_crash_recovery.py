"""An acknowledged answer survives `kill -9` of the worker and of the whole server.

The test holds the listening socket and hands it to gunicorn (`--bind fd://N`), so requests
queue in the kernel while a server starts: no polling, no sleeps. Runs on the suite's backend.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Response
from tests.helpers.data import PASSWORD
from tests.helpers.live_server import listening_socket, serve

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class Browser:
    """Just enough of a browser: one cookie jar, CSRF tokens read from pages."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                **(headers or {})}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        text = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.headers), text

    def token(self) -> str:
        match = TOKEN.search(self.request("GET", "/signup")[2])
        assert match
        return match.group(1)

    def post(self, path: str, data: dict) -> tuple[int, dict, str]:
        return self.request("POST", path, {**data, "csrf_token": self.token()})


@pytest.fixture
def listener():
    with listening_socket() as sock:
        yield sock


def workers(master: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def kill_9(*pids: int) -> None:
    for pid in pids:
        os.kill(pid, signal.SIGKILL)


def test_acknowledged_answers_survive_kill_9(app, make_user, imported, database_url, listener,
                                            tmp_path):
    make_user(username="amal")
    log = tmp_path / "gunicorn.log"
    server = serve(listener, database_url, log)
    try:
        browser = Browser(listener.getsockname()[1])
        status, headers, _ = browser.post("/login", {"username": "amal", "password": PASSWORD})
        assert status == 302, log.read_text()
        status, headers, _ = browser.post("/modules/demo/quizzes/basics-quiz/start", {})
        attempt_id = int(headers["Location"].rsplit("/", 1)[1])
        token = browser.token()
        status, _, body = browser.request(
            "POST", f"/attempts/{attempt_id}/answers",
            {"q-basics-count": "c", "shown": "basics-count", "sequence": "0"},
            {"X-CSRFToken": token, "Accept": "application/json"})
        assert (status, json.loads(body)["sequence"]) == (200, 1)  # acknowledged

        (worker,) = workers(server)
        kill_9(worker)  # the master forks a new worker
        status, _, body = browser.request(
            "POST", f"/attempts/{attempt_id}/answers",
            {"q-basics-check": ["a", "b"], "shown": "basics-check", "sequence": "1"},
            {"X-CSRFToken": token, "Accept": "application/json"})
        assert (status, json.loads(body)["sequence"]) == (200, 2)

        kill_9(*workers(server), server.pid)  # the whole server dies
        server.wait()
        server = serve(listener, database_url, log)
        status, _, html = browser.request("GET", f"/attempts/{attempt_id}")
        assert status == 200, log.read_text()
        assert re.search(r'name="q-basics-count" value="c" checked', html)
        assert re.search(r'name="q-basics-check" value="a" checked', html)
        assert re.search(r'name="q-basics-check" value="b" checked', html)
    finally:
        server.terminate()
        server.wait(timeout=30)
    with app.app_context():
        saved = {r.question_id: r.answer for r in db.session.scalars(select(Response))}
    assert saved == {"basics-count": ["c"], "basics-check": ["a", "b"]}
