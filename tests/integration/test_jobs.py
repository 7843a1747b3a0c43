"""Background jobs across app servers (services/operations/jobs.py): a job runs in one runner
at a time, its lock outlives no crash, a failing job leaves the others running, the grade
outbox is delivered once, and the worker stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import timedelta
from pathlib import Path
from threading import Barrier, Event

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, LtiGradeOutbox, User
from quizapp.models.types import utcnow
from quizapp.services.operations import jobs
from quizapp.services.operations.jobs import Job
from tests.helpers.web import KEYS, start, submit

ROOT = Path(__file__).resolve().parents[2]

# A process that takes job "crash-test"'s lock the way a runner does, says so, and waits to
# be killed: a server that died mid-job.
HOLD = """
import sys, time
from pathlib import Path
from sqlalchemy import create_engine
from quizapp.services.operations.joblock import exclusive
with exclusive("crash-test", create_engine(sys.argv[1]), Path(sys.argv[2])) as held:
    print("held" if held else "busy", flush=True)
    time.sleep(120)
"""


def states(outcomes: list[jobs.Outcome]) -> list[str]:
    return [outcome.state for outcome in outcomes]


def counting(name: str, ran: list[str]) -> Job:
    return Job(name, lambda _secret: ran.append(name) or "counted", "test job")


def test_two_runners_at_once_run_the_job_once(app, tmp_path):
    entered, release, ran = Event(), Event(), []

    def body(_secret: str) -> str:
        ran.append("body")
        entered.set()
        assert release.wait(20)  # hold the lock until the other runner has tried
        return "ran"

    job, barrier = Job("once", body, "test job"), Barrier(2)

    def runner() -> list[jobs.Outcome]:
        barrier.wait()
        with app.app_context():
            return jobs.run_once("secret", tmp_path, [job])

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(runner) for _ in range(2)]
        assert entered.wait(20)  # one runner holds the lock and is inside the body ...
        # ... and the other returns while the body is still held there (it cannot end before
        # `release`). Waiting for `entered` first: the runner without the lock may well return
        # before the one with it has reached the body, on a busy machine.
        done, _ = wait(futures, timeout=20, return_when=FIRST_COMPLETED)
        assert len(done) == 1
        release.set()
        outcomes = sorted(states(f.result(timeout=20))[0] for f in futures)
    assert outcomes == ["busy", "done"] and ran == ["body"]
    with app.app_context():  # released: the next run takes it
        assert states(jobs.run_once("secret", tmp_path, [job])) == ["done"]


def test_a_crashed_holder_leaves_the_lock_free(app, database_url, tmp_path):
    ran: list[str] = []
    job = counting("crash-test", ran)
    with subprocess.Popen([sys.executable, "-c", HOLD, database_url, str(tmp_path)],
                          cwd=ROOT, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with app.app_context():
                assert states(jobs.run_once("secret", tmp_path, [job])) == ["busy"]
            holder.send_signal(signal.SIGKILL)  # no unlock, no clean-up: the process is gone
            holder.wait(10)
        finally:
            holder.kill()
    with app.app_context():
        # PostgreSQL ends the dead client's session once it sees the socket close.
        for _ in range(100):
            if states(jobs.run_once("secret", tmp_path, [job])) == ["done"]:
                break
            Event().wait(0.05)
    assert ran == ["crash-test"]


def test_a_failing_job_is_rolled_back_and_the_others_run(app, tmp_path):
    def broken(_secret: str) -> str:
        db.session.add(User(username="half-done", password_hash="x", role="student"))
        db.session.flush()  # written, not committed: it must not stay
        raise RuntimeError("the LMS answered nonsense")

    ran: list[str] = []
    with app.app_context():
        outcomes = jobs.run_once("secret", tmp_path, [Job("broken", broken, "test"),
                                                      counting("after", ran)])
        assert [(o.state, o.summary) for o in outcomes] == [
            ("failed", "RuntimeError: the LMS answered nonsense"), ("done", "counted")]
        assert db.session.scalars(select(User).where(User.username == "half-done")).all() == []


def test_the_worker_finishes_the_job_under_way_and_starts_no_other(app, tmp_path):
    stop, ran, reports = Event(), [], []

    def stopped_meanwhile(_secret: str) -> str:  # SIGTERM arrives while this job runs
        stop.set()
        return "finished anyway"

    job_list = [Job("first", stopped_meanwhile, "test"), counting("second", ran)]
    with app.app_context():
        runs = jobs.work("secret", tmp_path, 3600, stop, reports.append, job_list)
    assert runs == 1 and ran == []
    assert [[(o.name, o.state) for o in report] for report in reports] == [[("first", "done")]]


def test_run_jobs_runs_every_job_and_refuses_an_unknown_one(app, runner, client, auth,
                                                            make_user, imported):
    auth.login(make_user().username)
    attempt = start(client)
    with app.app_context():
        db.session.get(Attempt, attempt).deadline = utcnow() - timedelta(hours=1)
        db.session.commit()
    result = runner.invoke(args=["quiz", "run-jobs"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "close-overdue: done: closed 1 overdue attempt(s)",
        "lti-send-outbox: done: 0 grade(s) sent, 0 waiting, 0 failed",
        "lti-sync-rosters: done: 0 roster(s) synced, 0 failed"]
    with app.app_context():
        assert db.session.get(Attempt, attempt).status == "submitted"
    result = runner.invoke(args=["quiz", "run-jobs", "--only", "close-overdue",
                                 "--only", "send-grades"])
    assert result.exit_code == 2 and "no job named 'send-grades'" in result.output


def test_two_runners_deliver_each_grade_once(app, registered, lms, tmp_path):
    registered.accept_scores(lms)
    for number in range(3):
        learner = app.test_client()
        assert registered.launch(learner, sub=f"lms-user-{number}").status_code == 303
        submit(learner, start(learner), KEYS)
    outbox = jobs.select_jobs(["lti-send-outbox"])
    barrier = Barrier(2)

    def runner() -> list[jobs.Outcome]:
        barrier.wait()
        with app.app_context():
            return jobs.run_once(app.config["SECRET_KEY"], tmp_path, outbox)

    with ThreadPoolExecutor(2) as pool:
        outcomes = [o for f in [pool.submit(runner) for _ in range(2)] for o in f.result(30)]
    assert "failed" not in states(outcomes)
    assert sorted(s["body"]["userId"] for s in registered.scores) == [
        "lms-user-0", "lms-user-1", "lms-user-2"]
    with app.app_context():
        assert {row.state for row in db.session.scalars(select(LtiGradeOutbox))} == {"sent"}


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="POSIX signals")
def test_the_worker_exits_at_once_on_sigterm(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
           "PYTHONUNBUFFERED": "1", "QUIZAPP_ENV": "production"}
    with subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "quizapp", "quiz", "worker", "--interval",
             "3600", "--only", "close-overdue"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True) as worker:
        try:
            assert worker.stdout is not None
            first = worker.stdout.readline()
            assert first.startswith("close-overdue: done"), first
            worker.send_signal(signal.SIGTERM)  # during the hour's wait: it ends now
            rest, _ = worker.communicate(timeout=20)
        finally:
            worker.kill()
    assert worker.returncode == 0
    assert rest.splitlines()[-2:] == ["SIGTERM: stopping after the job under way",
                                      "worker stopped after 1 run(s)"]


def test_a_database_out_of_reach_fails_the_job_not_the_worker(app, tmp_path, monkeypatch):
    def unreachable(*_args: object) -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(jobs, "exclusive", unreachable)
    with app.app_context():
        outcomes = jobs.run_once("secret", tmp_path, [counting("any", [])])
    assert [(o.state, o.summary) for o in outcomes] == [
        ("failed", "OSError: connection refused")]
