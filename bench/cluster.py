"""Cluster check: nginx (deploy/'s site, rendered) in front of two app instances that share
PostgreSQL and Redis, on loopback; a class sent through nginx; one instance killed mid-exam.

    .venv/bin/python bench/cluster.py                    # 60 students, one run
    .venv/bin/python bench/cluster.py --students 20 --ramp 4 --answers 4 --runs 2

Each run checks, and prints:
  1. a session made on instance A is valid on instance B (one SECRET_KEY, server-side state
     in the shared database);
  2. failed logins sent alternately to A and B reach the per-address ceiling at the
     configured count (LOGIN_LIMIT_PER_ADDRESS, here 10): the count lives in Redis;
  3. nginx serves /static/ itself;
  4. a class through nginx, both instances up (bench/burst.py's students): 0 errors, 0 lost
     answers (every save the server acknowledged is in the database afterwards), every
     attempt submitted, and both instances took requests;
  5. a second class, with instance B killed (SIGKILL to its whole process group) once a third
     of the answers are in: 0 errors, 0 lost answers, every attempt submitted. A request in
     flight on B may fail (nginx answers 502 for a POST that reached B); the student sends it
     again as the page would (bench/cluster_students.py). Such repeats are counted, and so
     are saves B had committed whose reply was lost (the repeat is refused as stale, 409,
     the page reloads). An error is a request that still fails after its retries.
Exit status 1 when any check fails. PostgreSQL: the database named by --pg-url is DROPPED and
recreated (a scratch database); Redis: database --redis-db is emptied.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import burst as burst_bench
from cluster_processes import Instance, Nginx, start_instance, start_nginx, upstream_counts
from cluster_students import Repeats, student
from loopback_client import SyncBrowser
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

LOGIN_LIMIT = 10
QUIZ = "/modules/severe-ms/quizzes/severe-ms-final"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/quizapp_cluster"


@dataclass
class Outcome:
    checks: list[tuple[str, bool, str]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append((name, ok, detail))
        print(f"  [{'ok' if ok else 'FAIL'}] {name}: {detail}", flush=True)

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.checks)


def check_session(outcome: Outcome, a: Instance, b: Instance) -> None:
    on_a = SyncBrowser("127.0.0.1", a.port)
    token = burst_bench.TOKEN.search(on_a.get_sync("/login").text).group(1)
    logged_in = on_a.post_sync("/login", {"username": "bench-ratio",
                                          "password": burst_bench.PASSWORD,
                                          "csrf_token": token}).status_code
    on_b = SyncBrowser("127.0.0.1", b.port)
    anonymous = on_b.get_sync(QUIZ).status_code
    on_b.cookies = dict(on_a.cookies)
    reply = on_b.get_sync(QUIZ)
    ok = logged_in == 302 and anonymous == 302 and reply.status_code == 200 \
        and "/start" in reply.text
    outcome.check("session from A valid on B", ok,
                  f"login on A {logged_in}; quiz page on B without the cookie {anonymous}, "
                  f"with it {reply.status_code}")


def check_throttle(outcome: Outcome, a: Instance, b: Instance) -> None:
    """Wrong passwords for different accounts from one address, alternately to A and B."""
    browsers = [SyncBrowser("127.0.0.1", i.port) for i in (a, b)]
    tokens = [burst_bench.TOKEN.search(c.get_sync("/login").text).group(1) for c in browsers]
    statuses = []
    for n in range(LOGIN_LIMIT + 2):
        c, token = browsers[n % 2], tokens[n % 2]
        statuses.append(c.post_sync("/login", {
            "username": f"nobody-{n}", "password": "wrong-password-1", "csrf_token": token},
            {"X-Forwarded-For": "198.51.100.7"}).status_code)  # one address, as nginx says
    first_refused = statuses.index(429) + 1 if 429 in statuses else None
    ok = statuses[:LOGIN_LIMIT] == [400] * LOGIN_LIMIT and first_refused == LOGIN_LIMIT + 1
    outcome.check("login ceiling counted across A and B", ok,
                  f"limit {LOGIN_LIMIT}, tries alternate A/B; first refused as too many: "
                  f"try {first_refused} (statuses {' '.join(map(str, statuses))})")


def check_static(outcome: Outcome, nginx: Nginx) -> None:
    reply = SyncBrowser("127.0.0.1", nginx.port).get_sync("/static/app.css")
    served_by_nginx = "nginx" in reply.headers.get("server", "")
    outcome.check("static files from nginx", reply.status_code == 200 and served_by_nginx,
                  f"/static/app.css {reply.status_code}, server {reply.headers.get('server')}")


async def killed_burst(args: argparse.Namespace, port: int, victim: Instance,
                       first: int) -> tuple[burst_bench.Run, Repeats, float, float]:
    """Students first..first+N-1 through nginx; `victim` killed once a third of the answers
    are acknowledged. (run, repeats, seconds, when the kill happened)."""
    run, repeats, rng = burst_bench.Run(), Repeats(), random.Random(7)
    began = time.perf_counter()
    killed_at = -1.0

    async def kill_when_a_third_is_in() -> None:
        """Once a third of the answers are in, at a moment with requests in flight (so that
        some are likely on B), or after 5 s more of waiting for such a moment."""
        nonlocal killed_at
        target = args.students * args.answers / 3
        while sum(len(a) for a in run.acknowledged.values()) < target:
            await asyncio.sleep(0.01)
        give_up = time.perf_counter() + 5
        while repeats.in_flight < 2 and time.perf_counter() < give_up:
            await asyncio.sleep(0.002)
        repeats.in_flight_at_kill = repeats.in_flight
        victim.kill()
        killed_at = time.perf_counter() - began

    tasks = [student(run, repeats, port, n, rng.uniform(0, args.ramp), QUIZ, args.answers,
                     random.Random(n)) for n in range(first, first + args.students)]
    killer = asyncio.ensure_future(kill_when_a_third_is_in())
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.timeout)
    except TimeoutError:
        run.errors.append(f"the class did not finish within {args.timeout:.0f} s")
    killer.cancel()
    return run, repeats, time.perf_counter() - began, killed_at


def app_connections(url: str) -> int:
    """Connections to the scratch database other than this one: the instances' pools."""
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                  "current_database() AND pid <> pg_backend_pid()")).scalar_one()
    engine.dispose()
    return int(count)


def saves_p95(run: burst_bench.Run) -> float:
    saves = [s for kind, s in run.latencies if kind == "answer save"]
    return burst_bench.percentile(saves, 95) * 1000 if saves else 0.0


def check_class(outcome: Outcome, name: str, run: burst_bench.Run, lost: tuple[int, int, int],
                expected_submitted: int) -> None:
    for error in run.errors[:5]:
        print(f"    ! {error}")
    outcome.check(f"{name}: errors", not run.errors, f"{len(run.errors)}")
    outcome.check(f"{name}: lost answers", lost[0] > 0 and lost[1] == 0,
                  f"{lost[1]} of {lost[0]} acknowledged saves (this class and those before) "
                  f"missing or different")
    outcome.check(f"{name}: attempts submitted", lost[2] == expected_submitted,
                  f"{lost[2]} of {expected_submitted}")


def one_run(args: argparse.Namespace, number: int, workdir: Path) -> Outcome:
    outcome = Outcome()
    print(f"\n== run {number}: nginx + 2 instances x {args.workers} workers, PostgreSQL "
          f"{make_url(args.pg_url).database}, Redis db {args.redis_db} ==", flush=True)
    burst_bench.fresh_postgres(args.pg_url)
    logging.disable(logging.INFO)  # the migrations' step-by-step log
    burst_bench.prepare(args.pg_url, 2 * args.students, QUIZ.rsplit("/", 1)[1], 60)
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db).flushdb()
    env = {"DATABASE_URL": args.pg_url, "SECRET_KEY": "cluster-shared-secret",
           "QUIZAPP_ENV": "development",  # plain-http cookies on loopback
           "TRUSTED_PROXY_COUNT": "1",
           "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{args.redis_db}",
           "LOGIN_LIMIT_PER_ADDRESS": f"{LOGIN_LIMIT} per 15 minutes"}
    instances = [start_instance(n, env, args.workers, workdir) for n in ("A", "B")]
    nginx = None
    try:
        for instance in instances:
            SyncBrowser("127.0.0.1", instance.port).get_sync("/healthz")
        nginx = start_nginx([i.address for i in instances], workdir)
        a, b = instances
        check_session(outcome, a, b)
        check_throttle(outcome, a, b)
        check_static(outcome, nginx)

        run, seconds = asyncio.run(burst_bench.burst(nginx.port, args.students, args.ramp,
                                                     args.answers, QUIZ, args.timeout))
        served, _ = upstream_counts(nginx, instances)
        lost = burst_bench.lost_answers(args.pg_url, run.acknowledged)
        print(f"  class 1 (both up): {args.students} students, {seconds:.1f} s, "
              f"{len(run.latencies)} requests, answer save p95 {saves_p95(run):.0f} ms; "
              f"served by A {served['A']}, B {served['B']}")
        check_class(outcome, "class 1", run, lost, args.students)
        outcome.check("class 1: both instances served", min(served.values()) > 0,
                      f"A {served['A']}, B {served['B']}")
        connections = app_connections(args.pg_url)
        print(f"  PostgreSQL connections the instances hold after class 1: {connections} "
              f"(2 instances x {args.workers} sync workers = {2 * args.workers})")
        outcome.figures.update(class1_seconds=seconds, class1_p95_ms=saves_p95(run),
                               connections=connections)

        before = dict(served)
        killed, repeats, seconds, killed_at = asyncio.run(
            killed_burst(args, nginx.port, b, args.students))
        served, passed_on = upstream_counts(nginx, instances)
        both = {**run.acknowledged, **killed.acknowledged}
        lost = burst_bench.lost_answers(args.pg_url, both)
        kinds = sorted({kind for kind, _ in repeats.failures})
        print(f"  class 2 (B killed at {killed_at:.1f} s): {seconds:.1f} s, "
              f"{len(killed.latencies)} requests, answer save p95 {saves_p95(killed):.0f} ms; "
              f"served by A {served['A'] - before['A']}, B {served['B'] - before['B']}")
        print(f"  {repeats.in_flight_at_kill} request(s) in flight through nginx at the kill; "
              f"{len(repeats.failures)} request(s) sent again by the students "
              f"({', '.join(kinds) or 'none'}), "
              f"{repeats.committed_unacknowledged} of them saves B had committed (409 stale, "
              f"page reloaded); nginx passed {passed_on} request(s) on to A itself")
        outcome.check("class 2: instance B killed mid-class", killed_at >= 0,
                      f"SIGKILL at {killed_at:.1f} s of {seconds:.1f} s")
        check_class(outcome, "class 2", killed, lost, 2 * args.students)
        outcome.figures.update(class2_seconds=seconds, class2_p95_ms=saves_p95(killed),
                               repeats=len(repeats.failures))
    finally:
        if nginx is not None:
            nginx.stop()
        for instance in instances:
            instance.stop()
    tracebacks = sum(i.log.read_text().count("Traceback") for i in instances)
    print(f"  server logs: {tracebacks} tracebacks")
    return outcome


def spread(outcomes: list[Outcome]) -> None:
    print("\n== spread over the runs (min / median / max) ==")
    for key in outcomes[0].figures:
        values = [o.figures[key] for o in outcomes if key in o.figures]
        print(f"  {key:<16} {min(values):>8.1f} {statistics.median(values):>8.1f} "
              f"{max(values):>8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default=os.environ.get("CLUSTER_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--redis-db", type=int, default=13, help="emptied at each run")
    parser.add_argument("--students", type=int, default=60, help="per class (two classes)")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which they start")
    parser.add_argument("--answers", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per class")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # finally blocks stop everything
    if not 3 <= args.students <= 1000 or not 1 <= args.runs <= 10 or args.answers < 3:
        parser.error("keep it bounded: 3-1000 students, 1-10 runs, at least 3 answers")
    if not make_url(args.pg_url).get_backend_name().startswith("postgresql"):
        parser.error("--pg-url must be a PostgreSQL URL (a scratch database: it is dropped)")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores",
          flush=True)
    outcomes = []
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="quizapp-cluster-") as tmp:
            outcomes.append(one_run(args, number, Path(tmp)))
    if len(outcomes) > 1:
        spread(outcomes)
    failed = [(n, name) for n, o in enumerate(outcomes, 1) for name, ok, _ in o.checks if not ok]
    print("\nFAILED: " + ", ".join(f"run {n} {name}" for n, name in failed) if failed
          else "\nall checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
