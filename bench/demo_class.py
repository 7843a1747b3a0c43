"""How long `quiz demo-class` takes, against a baseline measured in the same run.

Builds a temporary SQLite database (migrated tables, the real course in questions/), then
times:

  baseline   one simulated student's three weeks (the cost unit: everything else scales by
             students)
  class      the whole demo class (--students, default 40): wall and CPU time
  remove     `--remove` of that class

and prints each with its ratio to the baseline. The target: the default class in under 30 s
on SQLite on a 2-core machine. Run:

    .venv/bin/python bench/demo_class.py [--students 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizapp import create_app  # noqa: E402
from quizapp.content import load_bank  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.services import demo  # noqa: E402
from quizapp.services.authoring import importer  # noqa: E402

COURSE = Path(__file__).resolve().parent.parent / "questions"


def _timed(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = run()
    return time.perf_counter() - wall, time.process_time() - cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=demo.DEFAULT_STUDENTS)
    parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
                          "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            db.create_all()
            importer.import_bank(*load_bank(COURSE))
            base_wall, base_cpu, _ = _timed(lambda: demo.create_demo_class(
                students=1, seed=args.seed))
            demo.remove_demo_class()
            wall, cpu, made = _timed(lambda: demo.create_demo_class(
                students=args.students, seed=args.seed))
            gone_wall, _, removed = _timed(demo.remove_demo_class)
    assert isinstance(made, demo.DemoClass) and isinstance(removed, demo.Removed)
    print(f"baseline  1 student        {base_wall:6.2f} s wall  {base_cpu:6.2f} s CPU")
    print(f"class     {made.students:>3} students     {wall:6.2f} s wall  {cpu:6.2f} s CPU  "
          f"x{wall / base_wall:.1f} the baseline  ({made.quiz_attempts} quiz attempts, "
          f"{made.responses} answers)")
    print(f"remove    {removed.rows:>6} rows      {gone_wall:6.2f} s wall  "
          f"x{gone_wall / base_wall:.2f} the baseline")


if __name__ == "__main__":
    main()
