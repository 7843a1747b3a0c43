"""Where a student's request spends its time: cProfile and a SQL statement count for each page
a class hits during an exam, in-process with Flask's test client against a seeded database.

    .venv/bin/python bench/profile_pages.py                    # the course's final exam
    .venv/bin/python bench/profile_pages.py --questions 5 40   # synthetic quizzes: statements
                                                               # per request must not change
    .venv/bin/python bench/profile_pages.py --top 25 --students 40 --database-url postgresql+psycopg://...

Each simulated student logs in (a real argon2 verify at production cost), opens the quiz page,
starts, opens the attempt page, saves --saves answers by autosave, submits and opens the result.
A first pass times every request (median, and as a multiple of the bare route /healthz timed
in the same pass); a second pass runs the same flow under cProfile, one profile per page, and
prints each page's top functions by cumulative time. The statement count comes from
SQLAlchemy's `before_cursor_execute` event: one per round trip (an executemany is one).
In-process, so no HTTP parsing or sockets: compare ratios, not milliseconds, with bench/burst.py.
A PostgreSQL --database-url has its tables DROPPED and recreated: give it a scratch database.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from attempt_page import choose_answers  # noqa: E402
from sqlalchemy import event, insert, text  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.content import load_bank  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import User  # noqa: E402
from quizapp.services.accounts import users  # noqa: E402
from quizapp.services.authoring import importer  # noqa: E402
from tests.helpers.sized_bank import quiz_yaml  # noqa: E402

PASSWORD = "bench-password-1"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
SEQUENCE = re.compile(r'name="sequence" value="(\d+)"')
FINAL = "/modules/severe-ms/quizzes/severe-ms-final"
PAGES = ("bare route", "login", "quiz page", "start", "attempt page", "answer save", "submit",
         "result page")


def synthetic_bank(folder: Path, questions: int) -> str:
    """A module with one lesson whose quiz has `questions` questions (single choice and
    select-all in turn, as the query-count tests' bank); the quiz's URL."""
    module = folder / "synthetic"
    module.mkdir(parents=True)
    (module / "module.yaml").write_text("id: synthetic\ntitle: Synthetic\n"
                                        "description: Profiling data.\n")
    (module / "01-only.yaml").write_text(quiz_yaml("only", "synthetic-quiz", questions))
    return "/modules/synthetic/quizzes/synthetic-quiz"


def seed(app, bank: Path, students: int) -> None:
    """Tables from the models, the bank imported, students sharing one real argon2 hash."""
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        importer.import_bank(*load_bank(bank))
        first = users.create_user("student-0000", PASSWORD)
        db.session.execute(insert(User), [
            {"username": f"student-{i:04d}", "password_hash": first.password_hash,
             "role": "student"} for i in range(1, students)])
        db.session.commit()


class Meter:
    """Per page: wall times, statement counts and (when profiling) one cProfile."""

    def __init__(self, profile: bool) -> None:
        self.times: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}  # CPU time: steadier than wall time on a busy box
        self.statements: dict[str, list[int]] = {}
        self.profiles = {page: cProfile.Profile() for page in PAGES} if profile else {}
        self.counter = 0
        self.last_sql: dict[str, list[str]] = {}  # page -> its last request's statements
        self.current: list[str] = []

    def count(self, _conn, _cursor, statement: str, *_args) -> None:
        self.counter += 1
        self.current.append(" ".join(statement.split())[:150])

    def __call__(self, page: str, send: Callable, expect: int):
        profile = self.profiles.get(page)
        self.counter, self.current = 0, []
        began, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        response = send()
        if profile:
            profile.disable()
        self.times.setdefault(page, []).append(time.perf_counter() - began)
        self.cpu.setdefault(page, []).append(time.process_time() - cpu)
        self.statements.setdefault(page, []).append(self.counter)
        self.last_sql[page] = self.current
        if response.status_code != expect:
            raise SystemExit(f"{page}: HTTP {response.status_code}, expected {expect}")
        return response


def student(app, meter: Meter, number: int, quiz_url: str, saves: int,
            username: str = "student-{:04d}") -> None:
    """One student's exam through the pages, each request measured."""
    client = app.test_client()
    meter("bare route", lambda: client.get("/healthz"), 200)
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    meter("login", lambda: client.post("/login", data={
        "username": username.format(number), "password": PASSWORD, "csrf_token": token}), 302)
    quiz = meter("quiz page", lambda: client.get(quiz_url), 200)
    token = TOKEN.search(quiz.get_data(as_text=True)).group(1)
    started = meter("start", lambda: client.post(quiz_url + "/start",
                                                 data={"csrf_token": token}), 302)
    attempt_url = started.headers["Location"]
    html = meter("attempt page", lambda: client.get(attempt_url), 200).get_data(as_text=True)
    sequence = int(SEQUENCE.search(html).group(1))
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    for save in choose_answers(html, random.Random(number))[:saves]:
        reply = meter("answer save", lambda s=save, n=sequence: client.post(
            attempt_url + "/answers", headers=headers,
            data={**s.fields, "shown": s.question_id, "sequence": str(n)}), 200)
        sequence = reply.get_json()["sequence"]
    meter("submit", lambda: client.post(attempt_url, data={
        "csrf_token": token, "action": "submit", "sequence": str(sequence)}), 302)
    meter("result page", lambda: client.get(attempt_url + "/result"), 200)


def run(app, quiz_url: str, students: range, saves: int, profile: bool,
        username: str = "student-{:04d}") -> Meter:
    """Each of `students` takes the exam; what every request cost, per page."""
    meter = Meter(profile)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", meter.count)
    try:
        for number in students:
            student(app, meter, number, quiz_url, saves, username)
    finally:
        event.remove(engine, "before_cursor_execute", meter.count)
    return meter


def print_times(meter: Meter) -> None:
    """Per page: median wall and CPU time, each also as a multiple of the bare route's."""
    bare = statistics.median(meter.times["bare route"])
    bare_cpu = statistics.median(meter.cpu["bare route"])
    print(f"{'page':<14} {'n':>4} {'wall ms':>8} {'x bare':>7} {'CPU ms':>7} {'x bare':>7} "
          f"{'statements':>11}")
    for page in PAGES:
        wall, cpu = statistics.median(meter.times[page]), statistics.median(meter.cpu[page])
        counts = meter.statements[page]
        spread = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
        print(f"{page:<14} {len(meter.times[page]):>4} {wall * 1000:>8.2f} {wall / bare:>7.1f} "
              f"{cpu * 1000:>7.2f} {cpu / bare_cpu:>7.1f} {spread:>11}")
    # One student's exam: every measured page once, and as many saves as each student made.
    students = len(meter.cpu["login"])
    per_student = sum(statistics.median(meter.cpu[page]) * len(meter.cpu[page]) / students
                      for page in PAGES if page != "bare route")
    print(f"in-process CPU per student (medians; the login page's GET not measured): "
          f"{per_student * 1000:.1f} ms")


def print_profiles(meter: Meter, top: int) -> None:
    for page, profile in meter.profiles.items():
        if page == "bare route":
            continue
        # Our own functions by cumulative time (the framework's call stack above the view is
        # the same for every page), then every function by its own time (the hot leaves).
        for order, only, what in (("cumulative", "quizapp/", "quizapp's functions, cumulative"),
                                  ("tottime", "", "all functions, own time")):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            stats.sort_stats(order).print_stats(only, top)
            body = out.getvalue()
            body = body[body.find("   ncalls"):]  # drop pstats' header lines
            body = body.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/", "")
            print(f"\n---- {page}: top {top}, {what} ({len(meter.times[page])} requests) "
                  f"----\n{body.rstrip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, nargs="*",
                        help="synthetic quizzes of these sizes instead of the final exam")
    parser.add_argument("--students", type=int, default=30, help="per pass")
    parser.add_argument("--saves", type=int, default=5, help="autosaves per student")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--no-profile", action="store_true", help="timings and counts only")
    parser.add_argument("--show-sql", choices=PAGES, action="append", default=[],
                        help="print the statements of this page's last request")
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    if not 1 <= args.students <= 500 or any(not 1 <= n <= 400 for n in args.questions or []):
        parser.error("keep it bounded: 1-500 students, 1-400 questions")
    with tempfile.TemporaryDirectory(prefix="quizapp-profile-") as tmp:
        sizes = args.questions or [None]
        for size in sizes:
            folder = Path(tmp) / f"bank-{size}"
            if size is None:
                bank, quiz_url, title = ROOT / "questions", FINAL, "the course's final exam"
            else:
                quiz_url, bank = synthetic_bank(folder, size), folder
                title = f"a synthetic quiz of {size} questions"
            url = args.database_url or f"sqlite:///{tmp}/profile-{size}.sqlite"
            app = create_app({"SECRET_KEY": "profile", "SQLALCHEMY_DATABASE_URI": url,
                              "QUESTIONS_PATH": str(bank), "SESSION_COOKIE_SECURE": False,
                              "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute"})
            seed(app, bank, 2 * args.students + 1)
            print(f"\n==== {title}: {args.students} students, {args.saves} autosaves each, "
                  f"{url.split(':', 1)[0]} ====")
            run(app, quiz_url, range(1, 2), args.saves, profile=False)  # imports, caches
            timed = run(app, quiz_url, range(2, args.students + 2), args.saves, profile=False)
            print_times(timed)
            for page in args.show_sql:
                print(f"\n---- {page}: its statements ----")
                print("\n".join(timed.last_sql[page]))
            if not args.no_profile and size == sizes[-1]:  # profile the last (largest) only
                profiled = run(app, quiz_url, range(args.students + 2, 2 * args.students + 1),
                               args.saves, profile=True)
                print_profiles(profiled, args.top)
            with app.app_context():
                db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
