"""static/attempt.js in a real browser (headless Chromium, driven over the DevTools protocol by
attempt_js.mjs) against gunicorn: autosave, offline retry, a stale second tab, the Save button,
and the countdown's automatic submit. Skipped where Chromium or Node.js is not installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptEvent, Quiz, Response
from quizapp.models.types import utcnow
from tests.helpers.live_server import listening_socket, serve

pytestmark = pytest.mark.browser
DRIVER = Path(__file__).with_name("attempt_js.mjs")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NODE = shutil.which("node")


def node_command() -> list[str]:
    """node, with the flag that gives Node 20/21 a WebSocket (built in from 22)."""
    for flags in ([], ["--experimental-websocket"]):
        probe = subprocess.run([NODE, *flags, "-e", "process.stdout.write(typeof WebSocket)"],
                               capture_output=True, text=True, timeout=30)
        if probe.stdout == "function":
            return [NODE, *flags, "--no-warnings"]
    pytest.skip("this Node.js has no WebSocket")


@pytest.fixture
def chromium(tmp_path):
    if not (CHROMIUM and NODE):
        pytest.skip("needs chromium and node")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
         f"--user-data-dir={tmp_path / 'profile'}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    endpoint = None
    for _ in range(200):  # Chromium announces its DevTools address on stderr
        line = proc.stderr.readline()
        match = re.search(r"DevTools listening on (ws://\S+)", line)
        if match or not line:
            endpoint = match.group(1) if match else None
            break
    if endpoint is None:
        proc.kill()
        pytest.skip("chromium did not start")
    threading.Thread(target=proc.stderr.read, daemon=True).start()  # keep the pipe drained
    yield endpoint
    proc.kill()
    proc.wait(timeout=30)
    proc.stderr.close()


def test_attempt_script_in_a_real_browser(app, database_url, make_user, imported, chromium,
                                          tmp_path):
    if not database_url.startswith("sqlite"):
        pytest.skip("the script does not depend on the database; once is enough")
    make_user(username="amal")
    with app.app_context():
        db.session.scalar(select(Quiz).where(Quiz.slug == "basics-quiz")).time_limit_minutes = 30
        db.session.commit()
    log = tmp_path / "gunicorn.log"
    with listening_socket() as sock:
        server = serve(sock, database_url, log, workers=2, QUIZAPP_ENV="development")
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        errors = tmp_path / "driver.log"
        try:
            with errors.open("w") as error_log, subprocess.Popen(
                    [*node_command(), str(DRIVER), base, chromium], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=error_log, text=True) as driver:
                done = _drive(app, driver, log, errors)
        finally:
            server.terminate()
            server.wait(timeout=30)
    seen = done.get("seen")
    assert seen, errors.read_text()
    assert seen["initialStatus"] == "Answers save automatically as you go."
    assert re.fullmatch(r"Time left: (29:5\d|30:00)", seen["timer"])
    assert seen["firstSequence"] == "1"
    assert seen["rapidStatus"].startswith("All answers saved")
    assert seen["offlineStatus"].startswith(
        "Connection lost — your answer is kept on this page; retrying in")
    assert seen["afterReconnectSequence"] == "4"
    assert seen["staleFlash"].startswith("Your answers were changed in another tab or window.")
    assert (seen["staleCount"], seen["stalePurpose"]) == ("c", "true")  # tab B's newer answer
    assert seen["formPurpose"] == "false"
    assert seen["refusedError"].startswith("Question 1: this answer does not fit the question")
    assert seen["refusedStatus"].startswith("Other answers saved (")
    assert seen["refusedStatus"].endswith("not saved: question 1 (see the message there).")
    assert re.fullmatch(r"Time left: 0:0[0-4]", seen["countdown"])
    # c (0) + a,d (2 of 3 points: 2/3 of its 1 mark) + false (0): 2/3 of 3 marks
    assert seen["result"] == "0.67 / 3 marks · 22%"
    with app.app_context():
        attempt = db.session.get(Attempt, int(seen["attempt"].rsplit("/", 1)[1]))
        assert (attempt.status, attempt.auto_submitted) == ("submitted", False)  # in time
        submitted = db.session.scalars(select(AttemptEvent).where(
            AttemptEvent.kind == "submitted")).one()
        assert submitted.detail["refused"] == ["basics-count"]  # left out, not a stop
        assert db.session.scalar(select(Response.answer).where(
            Response.question_id == "basics-count")) == ["c"]


def _drive(app, driver: subprocess.Popen, log: Path, errors: Path) -> dict:
    """Run the driver; when it asks, move the open attempt's deadline to 4 s from now."""
    watchdog = threading.Timer(240, driver.kill)  # bounded, whatever happens
    watchdog.start()
    try:
        step = json.loads(driver.stdout.readline() or "{}")
        assert step.get("step") == "deadline", errors.read_text() + log.read_text()[-2000:]
        with app.app_context():
            attempt = db.session.scalar(select(Attempt).where(Attempt.status == "open"))
            attempt.deadline = utcnow() + timedelta(seconds=4)
            db.session.commit()
        driver.stdin.write("go\n")
        driver.stdin.flush()
        return json.loads(driver.stdout.readline() or "{}")
    finally:
        watchdog.cancel()
        driver.kill()
