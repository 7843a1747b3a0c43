"""Item statistics on 100,000 responses: how long the report takes against a baseline.

Builds a temporary SQLite database with one 10-question quiz, 6,000 students and 10,000
submitted attempts (4,000 students took it twice), so 100,000 responses. Then times, in the
same run and on the same rows:

  baseline   SELECT count(*) over the responses of the quiz's attempts
  grouped    the report's main query alone: responses grouped by the database into a
             histogram of (question, answer, mark, rest of test), a few hundred rows
  report     the whole item statistics report (every query + the statistics), all attempts
  first      the same report on first attempts only (6,000 attempts, 60,000 responses)

and prints each (best of N runs) with its ratio to the baseline. Run:

    .venv/bin/python bench/stats_bench.py [--attempts 10000] [--repeat 5]
    .venv/bin/python bench/stats_bench.py --backend postgresql \
        --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/quizapp_bench

On PostgreSQL the database named by --pg-url (default $BENCH_DATABASE_URL) is DROPPED and
recreated: give it a scratch database. The tables are ANALYZEd after the bulk load, as
autovacuum would soon do on a real server.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from burst import fresh_postgres  # noqa: E402  (the scratch database, made as the burst makes it)
from sqlalchemy import func, insert, select, text  # noqa: E402

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (
    Attempt,
    AttemptItem,
    Lesson,
    Module,
    Question,
    QuestionVersion,
    Quiz,
    Response,
    User,
)
from quizapp.services.accounts.cohorts import Scope  # noqa: E402
from quizapp.services.reports import item_statistics  # noqa: E402

QUESTIONS = 10
OPTIONS = "abcd"


def _snapshot(i: int) -> dict:
    return {"id": f"q{i:02d}", "type": "single_choice", "stem": f"Question {i}?",
            "options": [[o, f"Option {o}", "Because."] for o in OPTIONS], "key": ["b"],
            "scoring": "zero_one", "source": "s", "difficulty": "medium", "bloom": "apply",
            "client_need": "management-of-care", "clinical_judgement": None, "shuffle": True,
            "general_feedback": ""}


def build(attempts: int, seed: int = 1) -> Quiz:
    """Insert the course, students, attempts, items and responses in bulk."""
    rng = random.Random(seed)
    db.session.add(Module(id="bench", title="Bench"))
    db.session.flush()
    db.session.add(Lesson(id=1, module_id="bench", slug="l", title="L", content={},
                          content_hash="x"))
    db.session.flush()
    quiz = Quiz(id=1, module_id="bench", slug="bench-quiz", lesson_id=1, title="Bench quiz")
    db.session.add(quiz)
    db.session.flush()
    for i in range(QUESTIONS):
        db.session.add(Question(id=f"q{i:02d}", quiz_id=1, position=i, source_file="bench.yaml",
                                source_line=10 + 20 * i))
    db.session.flush()
    db.session.execute(insert(QuestionVersion), [
        {"id": i + 1, "question_id": f"q{i:02d}", "number": 1, "content_hash": str(i),
         "snapshot": _snapshot(i), "max_score": 1} for i in range(QUESTIONS)])
    students = attempts * 3 // 5
    db.session.execute(insert(User), [
        {"id": u + 1, "username": f"s{u:06d}", "password_hash": "x", "role": "student"}
        for u in range(students)])
    ability = [rng.gauss(0, 1) for _ in range(students)]
    difficulty = [-1.5 + 3 * i / (QUESTIONS - 1) for i in range(QUESTIONS)]
    start = datetime(2026, 1, 5, tzinfo=UTC)
    attempt_rows, item_rows, response_rows = [], [], []
    for a in range(attempts):
        user = a % students
        earned = 0
        for q in range(QUESTIONS):
            p = 1 / (1 + math.exp(difficulty[q] - ability[user] - 0.5 * (a >= students)))
            answer = "b" if rng.random() < p else rng.choice("acd" if q else "ac")
            earned += answer == "b"
            item_rows.append({"attempt_id": a + 1, "position": q, "question_id": f"q{q:02d}",
                              "question_version_id": q + 1, "mark_hundredths": 100})
            response_rows.append({"attempt_id": a + 1, "question_id": f"q{q:02d}",
                                  "question_version_id": q + 1, "answer": [answer],
                                  "earned": int(answer == "b"), "possible": 1,
                                  "saved_at": start})
        when = start + timedelta(minutes=a)
        attempt_rows.append({"id": a + 1, "user_id": user + 1, "quiz_id": 1,
                             "status": "submitted", "seed": a, "started_at": when,
                             "submitted_at": when, "earned": earned, "possible": QUESTIONS,
                             "passed": earned >= 7})
    db.session.execute(insert(Attempt), attempt_rows)
    db.session.execute(insert(AttemptItem), item_rows)
    db.session.execute(insert(Response), response_rows)
    db.session.commit()
    return db.session.get(Quiz, 1)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        db.session.rollback()  # start each run without cached ORM state
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/quizapp_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG))
    args = parser.parse_args()
    if not 1 <= args.attempts <= 50_000 or not 1 <= args.repeat <= 20:
        parser.error("keep it bounded: 1-50,000 attempts, 1-20 repeats")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        if args.backend == "postgresql":
            fresh_postgres(args.pg_url)
            url = args.pg_url
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min) "
              f"on {os.cpu_count()} cores; backend {args.backend}", flush=True)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "TESTING": True})
        with app.app_context():
            db.create_all()
            t0 = time.perf_counter()
            quiz = build(args.attempts)
            if args.backend == "postgresql":
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("ANALYZE"))
            responses = db.session.scalar(select(func.count()).select_from(Response))
            print(f"built {args.attempts:,} attempts x {QUESTIONS} questions = "
                  f"{responses:,} responses in {time.perf_counter() - t0:.1f} s")
            chosen = select(Attempt.id).where(Attempt.quiz_id == quiz.id,
                                              Attempt.status == "submitted")
            count_q = select(func.count()).select_from(Response).where(
                Response.attempt_id.in_(chosen))
            baseline = best_of(args.repeat, lambda: db.session.scalar(count_q))
            scale = item_statistics.scale_for(chosen)  # the marks' unit, as the report does
            grouped = best_of(args.repeat,
                              lambda: item_statistics._grouped_responses(chosen, scale))
            scope = Scope(None)
            report = best_of(args.repeat, lambda: item_statistics.quiz_stats(scope, quiz, "all"))
            first = best_of(args.repeat, lambda: item_statistics.quiz_stats(scope, quiz, "first"))
            result = item_statistics.quiz_stats(scope, quiz, "all")
        print(f"{'what':<34} {'seconds':>9} {'x baseline':>11}")
        for name, seconds in (("baseline: SELECT count(*)", baseline),
                              ("main query (GROUP BY)", grouped),
                              ("report, all attempts (100%)", report),
                              ("report, first attempts", first)):
            print(f"{name:<34} {seconds:>9.3f} {seconds / baseline:>11.1f}")
        print(f"report: {result.summary.attempts:,} attempts, alpha "
              f"{result.summary.alpha:.3f}, {result.needs_checking} question(s) flagged, "
              f"median facility {statistics.median(i.stats.facility for i in result.items):.2f}")
        with app.app_context():
            db.engine.dispose()
        print(json.dumps({"backend": args.backend, "responses": responses,
                          "baseline_s": round(baseline, 4),
                          "report_s": round(report, 4), "ratio": round(report / baseline, 1),
                          "under_one_second": report < 1.0}))


if __name__ == "__main__":
    main()
