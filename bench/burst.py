"""Burst: a class logs in, starts the same quiz within a minute, saves ten answers each by
autosave and submits, against gunicorn on SQLite and then on PostgreSQL. Loopback only.

    .venv/bin/python bench/burst.py                           # both backends, 300 students
    .venv/bin/python bench/burst.py --backend sqlite --students 50 --ramp 10
    .venv/bin/python bench/burst.py --backend sqlite --students 1000 --ramp 60 --runs 2

It prepares a fresh database (migrations, questions/ imported, students created beforehand with
real argon2 hashes), starts gunicorn on a loopback socket it holds, runs the class, and prints:
errors, lost answers (acknowledged by the server but not in the database: must be 0), latency
percentiles during the burst, and what a quiz page and an answer save cost relative to a bare
route (/healthz) on the same server in the same run (against the product's limits), the app's
CPU per student (the gunicorn workers' CPU time from /proc, divided by the students), and the
SQL statements per request (counted in-process on the same database afterwards). The load
average comes first: figures taken on a busy machine are not findings. --runs N repeats each
backend on a fresh database and prints every figure per run with its spread. The submit
carries no answers, so every answer in the database got there by an autosave. PostgreSQL: the
database named by --pg-url (default $BENCH_DATABASE_URL) is DROPPED and recreated: give it a
scratch database.
Bounded: at most --timeout seconds per backend; every request has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attempt_page import choose_answers
from loopback_client import Browser, Reply, SyncBrowser
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-1"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/quizapp_bench"
# The product's limits on a page's cost relative to the bare route (issue 19).
RATIO_LIMITS = {"quiz page": 2.0, "attempt page": 3.0, "answer save": 3.0}


@dataclass
class Run:
    latencies: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[int, dict[str, Any]] = field(default_factory=dict)
    server_cpu: float = 0.0  # seconds used by gunicorn during the burst
    client_cpu: float = 0.0  # seconds used by this process during the burst
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after
    worker_cpu: float = 0.0  # seconds used by the gunicorn workers alone (the app's CPU)
    statements: dict[str, str] = field(default_factory=dict)  # page -> SQL statements


def server_cpu_seconds(master: int) -> float:
    """CPU seconds (user + system) of the gunicorn master and its workers so far (Linux)."""
    pids = [master] + [int(p) for p in Path(f"/proc/{master}/task/{master}/children")
                       .read_text().split()]
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def worker_cpu_seconds(master: int) -> float:
    """CPU seconds (user + system) of the gunicorn workers so far, the master left out: the
    live workers' own, plus what the master has reaped from workers that exited (Linux)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    fields = _stat_fields(master)
    ticks = int(fields[13]) + int(fields[14])  # cutime, cstime: exited, waited-for workers
    for pid in children:
        try:
            worker = _stat_fields(int(pid))
        except FileNotFoundError:  # exited since the listing
            continue
        ticks += int(worker[11]) + int(worker[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def load_line() -> str:
    """The load average and core count, to judge whether the machine was quiet."""
    one, five, fifteen = os.getloadavg()
    quiet = "" if one < 0.5 else "   ! NOT QUIET: other work is running; figures are not findings"
    return (f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on "
            f"{os.cpu_count()} cores{quiet}")


def prepare(url: str, students: int, quiz_slug: str, limit: int) -> None:
    """A fresh schema by migrations, the course imported, students with real argon2 hashes."""
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.content import load_bank
    from quizapp.extensions import db
    from quizapp.models import Quiz, User
    from quizapp.services.accounts import users
    from quizapp.services.authoring import importer

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "QUESTIONS_PATH": str(ROOT / "questions")})
    with app.app_context():
        upgrade()
        importer.import_bank(*load_bank(ROOT / "questions"))
        # One real hash, shared: logging in costs a full argon2 verify, creating 300 doesn't.
        first = users.create_user("bench-ratio", PASSWORD)
        db.session.execute(insert(User), [
            {"username": f"bench-{i:04d}", "password_hash": first.password_hash,
             "role": "student"} for i in range(students)])
        quiz = db.session.scalar(select(Quiz).where(Quiz.slug == quiz_slug))
        if quiz is None:
            raise SystemExit(f"no quiz '{quiz_slug}' in questions/")
        quiz.time_limit_minutes = limit
        db.session.commit()
        db.engine.dispose()


def fresh_postgres(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def start_server(url: str, workers: int, log: Path) -> tuple[subprocess.Popen, int, socket.socket]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # loopback only
    sock.listen(2048)  # --preload: every worker is ready the moment it forks
    sock.set_inheritable(True)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret",
           "QUIZAPP_ENV": "development"}  # plain-http cookies on loopback
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"fd://{sock.fileno()}",
             "--workers", str(workers), "--preload", "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, pass_fds=(sock.fileno(),), stdout=out, stderr=out)
    return proc, sock.getsockname()[1], sock


async def call(run: Run, kind: str, request, expect: int) -> Reply | None:
    began = time.perf_counter()
    try:
        response = await request
    except (OSError, TimeoutError, ValueError) as exc:
        run.errors.append(f"{kind}: {type(exc).__name__} {exc}")
        return None
    run.latencies.append((kind, time.perf_counter() - began))
    if response.status_code != expect:
        run.errors.append(f"{kind}: HTTP {response.status_code} {response.text[:120]!r}")
        return None
    return response


async def student(run: Run, port: int, number: int, delay: float, quiz_url: str, answers: int,
                  rng: random.Random) -> None:
    await asyncio.sleep(delay)
    c = Browser("127.0.0.1", port)
    page = await call(run, "login page", c.get("/login"), 200)
    if page is None:
        return
    token = TOKEN.search(page.text).group(1)
    if await call(run, "login", c.post("/login", data={
            "username": f"bench-{number:04d}", "password": PASSWORD,
            "csrf_token": token}), 302) is None:
        return
    quiz = await call(run, "quiz page", c.get(quiz_url), 200)
    if quiz is None:
        return
    token = TOKEN.search(quiz.text).group(1)
    started = await call(run, "start", c.post(quiz_url + "/start",
                                              data={"csrf_token": token}), 302)
    if started is None:
        return
    attempt_url = started.headers["location"]
    attempt_id = int(attempt_url.rsplit("/", 1)[1])
    page = await call(run, "attempt page", c.get(attempt_url), 200)
    if page is None:
        return
    token = TOKEN.search(page.text).group(1)
    sequence = int(SEQUENCE.search(page.text).group(1))
    acked = run.acknowledged.setdefault(attempt_id, {})
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    for save in choose_answers(page.text, rng)[:answers]:
        await asyncio.sleep(rng.uniform(0.5, 2.0))  # reading the question
        saved = await call(run, "answer save", c.post(
            attempt_url + "/answers", headers=headers,
            data={**save.fields, "shown": save.question_id, "sequence": str(sequence)}), 200)
        if saved is None:
            return
        sequence = saved.json()["sequence"]
        acked[save.question_id] = save.expected
    if await call(run, "submit", c.post(attempt_url, data={
            "csrf_token": token, "action": "submit", "sequence": str(sequence)}),
            302) is not None:
        await call(run, "result page", c.get(attempt_url + "/result"), 200)


async def burst(port: int, students: int, ramp: float, answers: int, quiz_url: str,
                timeout: float) -> tuple[Run, float]:
    run, rng = Run(), random.Random(6)
    began = time.perf_counter()
    tasks = [student(run, port, i, rng.uniform(0, ramp), quiz_url, answers,
                     random.Random(i)) for i in range(students)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), timeout)
    except TimeoutError:
        run.errors.append(f"burst did not finish within {timeout:.0f} s")
    return run, time.perf_counter() - began


def cost_ratios(port: int, quiz_url: str, rounds: int) -> dict[str, float]:
    """Median latency of each request type, interleaved round by round on one quiet client."""
    samples: dict[str, list[float]] = {}
    c = SyncBrowser("127.0.0.1", port)
    token = TOKEN.search(c.get_sync("/login").text).group(1)
    c.post_sync("/login", {"username": "bench-ratio", "password": PASSWORD, "csrf_token": token})
    token = TOKEN.search(c.get_sync(quiz_url).text).group(1)
    attempt_url = c.post_sync(quiz_url + "/start", {"csrf_token": token}).headers["location"]
    page = c.get_sync(attempt_url).text
    sequence = int(SEQUENCE.search(page).group(1))
    first = choose_answers(page, random.Random(1))[0]
    headers = {"X-CSRFToken": TOKEN.search(page).group(1), "Accept": "application/json"}

    def save() -> Reply:
        nonlocal sequence
        reply = c.post_sync(attempt_url + "/answers", {
            **first.fields, "shown": first.question_id, "sequence": str(sequence)}, headers)
        sequence = reply.json()["sequence"]
        return reply

    kinds = (("bare route (/healthz)", lambda: c.get_sync("/healthz")),
             ("quiz page", lambda: c.get_sync(quiz_url)),
             ("attempt page", lambda: c.get_sync(attempt_url)),
             ("answer save", save))
    for _ in range(rounds):
        for kind, send in kinds:
            began = time.perf_counter()
            send()
            samples.setdefault(kind, []).append(time.perf_counter() - began)
    return {kind: statistics.median(values) for kind, values in samples.items()}


def statements_per_request(url: str, quiz_url: str, saves: int = 3) -> dict[str, str]:
    """SQL statements per request of each page, counted in-process (Flask's test client, the
    same code and database, after the burst): two more students take the exam, as
    bench/profile_pages.py does. A page whose count varies shows as "min-max"."""
    from profile_pages import run as replay

    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.services.accounts import users

    app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "QUESTIONS_PATH": str(ROOT / "questions"), "SESSION_COOKIE_SECURE": False,
                      "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute"})
    with app.app_context():
        for n in (1, 2):
            users.create_user(f"count-{n:04d}", PASSWORD)
    meter = replay(app, quiz_url, range(1, 3), saves, profile=False, username="count-{:04d}")
    with app.app_context():
        db.engine.dispose()
    return {page: (f"{min(c)}" if min(c) == max(c) else f"{min(c)}-{max(c)}")
            for page, c in meter.statements.items() if page != "bare route"}


def lost_answers(url: str, acknowledged: dict[int, dict[str, Any]]) -> tuple[int, int, int]:
    """(acknowledged answers, those missing or different in the database, attempts submitted)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = {(a, q): ans for a, q, ans in conn.execute(text(
            "SELECT attempt_id, question_id, answer FROM response"))}
        submitted = conn.execute(text(
            "SELECT count(*) FROM attempt WHERE status = 'submitted'")).scalar_one()
    engine.dispose()
    total = lost = 0
    for attempt_id, answers in acknowledged.items():
        for qid, answer in answers.items():
            total += 1
            value = stored.get((attempt_id, qid))
            if isinstance(value, str):  # SQLite hands JSON back as text on a raw query
                value = json.loads(value)
            lost += value != answer
    return total, lost, submitted


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name: str, args: argparse.Namespace, run: Run, seconds: float,
           lost: tuple[int, int, int], log: Path, costs: dict[str, float]) -> None:
    requests = len(run.latencies)
    log_text = log.read_text()
    locked = log_text.count("database is locked")
    tracebacks = log_text.count("Traceback")
    print(f"\n== {name}: gunicorn, {args.workers} sync workers, loopback ==")
    print(f"{args.students} students within {args.ramp:g} s, {args.answers} autosaved answers "
          f"each; burst took {seconds:.1f} s, {requests} requests ({requests / seconds:.0f}/s)")
    print(f"errors: {len(run.errors)}   lost answers: {lost[1]} of {lost[0]} acknowledged   "
          f"attempts submitted: {lost[2]}/{args.students}   server log: {tracebacks} "
          f"tracebacks, {locked} 'database is locked'")
    print(f"CPU used in the burst: server {run.server_cpu:.1f} s "
          f"({run.server_cpu / args.students * 1000:.0f} ms per student, database server not "
          f"counted), client {run.client_cpu:.1f} s; {os.cpu_count()} cores for {seconds:.0f} s "
          f"= {os.cpu_count() * seconds:.0f} s; load average {run.load[0]:.1f} before, "
          f"{run.load[1]:.1f} after")
    print(f"app CPU per student: {run.worker_cpu / args.students * 1000:.0f} ms "
          f"(gunicorn workers' CPU {run.worker_cpu:.1f} s / {args.students} students; "
          f"target: 100 ms or less)")
    for error in run.errors[:10]:
        print(f"  ! {error}")
    print(f"latency during the burst (ms)   {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    kinds = sorted({k for k, _ in run.latencies}) + ["all requests"]
    for kind in kinds:
        values = [s for k, s in run.latencies if k == kind or kind == "all requests"]
        print(f"  {kind:<28} {len(values):>6} " + " ".join(
            f"{percentile(values, p) * 1000:>7.1f}" for p in (50, 95, 99, 100)))
    bare = costs["bare route (/healthz)"]
    print(f"cost on the quiet server afterwards (median of {args.rounds} interleaved rounds):")
    for kind, value in costs.items():
        limit = RATIO_LIMITS.get(kind)
        verdict = "" if limit is None else (f"  (limit {limit:g}x: "
                                            f"{'ok' if value / bare <= limit else 'OVER'})")
        print(f"  {kind:<28} {value * 1000:>7.2f} ms  = {value / bare:>4.1f}x the bare route"
              f"{verdict}")
    if run.statements:
        print("SQL statements per request (in-process replay on the same database): " + ", ".join(
            f"{page} {count}" for page, count in run.statements.items()))


def run_backend(name: str, url: str, args: argparse.Namespace, workdir: Path,
                summaries: list[dict[str, Any]] | None = None) -> bool:
    print(f"preparing {name} ... ({load_line()})", flush=True)
    prepare(url, args.students, args.quiz.rsplit("/", 1)[1], args.time_limit)
    log = workdir / f"gunicorn-{name}.log"
    proc, port, sock = start_server(url, args.workers, log)
    try:
        SyncBrowser("127.0.0.1", port).get_sync("/healthz")  # queued until a worker is up
        cpu_before, load_before = server_cpu_seconds(proc.pid), os.getloadavg()[0]
        workers_before = worker_cpu_seconds(proc.pid)
        client_before = time.process_time()
        run, seconds = asyncio.run(burst(port, args.students, args.ramp, args.answers,
                                         args.quiz, args.timeout))
        run.server_cpu = server_cpu_seconds(proc.pid) - cpu_before
        run.worker_cpu = worker_cpu_seconds(proc.pid) - workers_before
        run.client_cpu = time.process_time() - client_before
        run.load = (load_before, os.getloadavg()[0])
        costs = cost_ratios(port, args.quiz, args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        sock.close()
    lost = lost_answers(url, run.acknowledged)
    if not args.no_statements:
        run.statements = statements_per_request(url, args.quiz)
    report(name, args, run, seconds, lost, log, costs)
    if summaries is not None:
        summaries.append(summary(name, args, run, seconds, lost, costs))
    return not run.errors and lost[1] == 0 and lost[2] == args.students


def summary(name: str, args: argparse.Namespace, run: Run, seconds: float,
            lost: tuple[int, int, int], costs: dict[str, float]) -> dict[str, Any]:
    """One run's headline figures, for the table that compares runs."""
    everything = [s for _, s in run.latencies] or [0.0]
    saves = [s for k, s in run.latencies if k == "answer save"] or [0.0]
    bare = costs["bare route (/healthz)"]
    return {"backend": name, "errors": len(run.errors), "lost": lost[1],
            "submitted": lost[2], "seconds": seconds,
            "p50 ms": percentile(everything, 50) * 1000,
            "p95 ms": percentile(everything, 95) * 1000,
            "p99 ms": percentile(everything, 99) * 1000,
            "save p95 ms": percentile(saves, 95) * 1000,
            "app CPU ms/student": run.worker_cpu / args.students * 1000,
            **{f"{kind} x": value / bare for kind, value in costs.items()
               if kind != "bare route (/healthz)"},
            "load before": run.load[0]}


def print_spread(summaries: list[dict[str, Any]]) -> None:
    """Each run side by side per backend, with the spread (max - min) of every figure."""
    for backend in dict.fromkeys(s["backend"] for s in summaries):
        runs = [s for s in summaries if s["backend"] == backend]
        print(f"\n== {backend}: {len(runs)} runs ==")
        print(f"  {'':<26}" + "".join(f"{'run ' + str(i + 1):>10}" for i in range(len(runs)))
              + f"{'spread':>10}")
        for key in runs[0]:
            if key == "backend":
                continue
            values = [r[key] for r in runs]
            print(f"  {key:<26}" + "".join(f"{v:>10.1f}" for v in values)
                  + f"{max(values) - min(values):>10.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds over which they start")
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--quiz", default="/modules/severe-ms/quizzes/severe-ms-final")
    parser.add_argument("--time-limit", type=int, default=60, help="minutes, set on the quiz")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--runs", type=int, default=1,
                        help="repeat each backend on a fresh database; prints the spread")
    parser.add_argument("--no-statements", action="store_true",
                        help="skip counting SQL statements per request afterwards")
    args = parser.parse_args()
    print(load_line(), flush=True)  # first: a busy machine makes every figure below suspect
    # A TERM (timeout, kill) still runs the finally blocks that stop gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if not 1 <= args.students <= 2000 or args.timeout > 1800 or not 1 <= args.runs <= 5:
        parser.error("keep it bounded: 1-2000 students, at most 1800 s, 1-5 runs")
    ok = True
    summaries: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="quizapp-burst-") as tmp:
        workdir = Path(tmp)
        for number in range(args.runs):
            if args.backend in ("sqlite", "both"):
                ok &= run_backend("SQLite", f"sqlite:///{workdir / f'burst-{number}.sqlite'}",
                                  args, workdir, summaries)
            if args.backend in ("postgresql", "both"):
                fresh_postgres(args.pg_url)
                ok &= run_backend("PostgreSQL", args.pg_url, args, workdir, summaries)
    if args.runs > 1:
        print_spread(summaries)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
