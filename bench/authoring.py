"""How long do `quiz validate` and `quiz lint` take on a large bank?

Writes a synthetic module of N questions (default 10,000, in lesson files of 100) to a temporary
folder, then times, in the same run:
  baseline  reading every file with PyYAML's fastest safe loader (libyaml; no positions, no
            checks): the least any YAML validator must do
  validate  quiz validate's work (load_bank + examples), and its ratio to the baseline
  lint      quiz lint's extra work (every rule, near-duplicate stems across the bank)

Usage: .venv/bin/python bench/authoring.py [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import yaml

from quizapp.content.lint import lint_bank
from quizapp.content.validation import validate_bank

# About 3,000 made-up content words: a nursing bank's vocabulary, without its Zipf skew (a
# flatter spread of mid-frequency words is the harder case for near-duplicate search).
WORDS = [f"{a}{b}{c}{d}" for a in ("ba", "ko", "mi", "ter", "sul", "vo", "ran", "pel")
         for b in ("li", "da", "no", "ru", "se", "ta") for c in ("n", "m", "x", "r", "", "s")
         for d in ("", "a", "e", "i", "o", "u", "y", "ia", "on", "er")]


def question(rng: random.Random, n: int) -> str:
    topic = " ".join(rng.sample(WORDS, 7))
    return f"""    - id: q-{n}
      type: {'select_all' if n % 4 == 0 else 'single_choice'}
      stem: |
        A client with severe MS reports {topic}. Which action should the nurse take first?
      options:
        - id: a
          text: Check {rng.choice(WORDS)} and {rng.choice(WORDS)}
          rationale: This is the safe first step because {rng.choice(WORDS)}.
        - {{id: b, text: Call the {rng.choice(WORDS)} team, rationale: Not yet; assess first.}}
        - {{id: c, text: Give {rng.choice(WORDS)} as ordered, rationale: Acting first can harm.}}
        - {{id: d, text: Record the {rng.choice(WORDS)}, rationale: Recording alone does nothing.}}
      key: {'[a, b]' if n % 4 == 0 else 'a'}
      source: s
      difficulty: medium
      bloom: apply
      client_need: management-of-care
      examples:
        - {{response: [a], score: 1}}
"""


def write_bank(root: Path, total: int, per_file: int = 100) -> None:
    rng = random.Random(1)
    module = root / "big"
    module.mkdir()
    (module / "module.yaml").write_text("id: big\ntitle: Big\n")
    for f in range(0, total, per_file):
        items = "".join(question(rng, n) for n in range(f, min(f + per_file, total)))
        (module / f"{f // per_file:04d}.yaml").write_text(
            f"lesson:\n  id: l{f}\n  title: L\n  objectives: [O.]\n  sections:\n"
            f"    - {{id: s, heading: H, source: article, body: B.}}\n"
            f"quiz:\n  id: z{f}\n  title: Z\n  questions:\n{items}")


def timed(label: str, work, baseline: float | None = None):
    # CPU time as well as wall time: on a busy machine wall time mostly measures the others.
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    ratio = f"  ({cpu / baseline:.1f}x the baseline's CPU time)" if baseline else ""
    print(f"{label:<9} {seconds:6.2f} s wall, {cpu:6.2f} s CPU{ratio}")
    return result, cpu


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_bank(root, total)
        files = sorted(root.rglob("*.yaml"))
        print(f"{total} questions in {len(files)} files")
        loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
        _, base = timed("baseline", lambda: [yaml.load(f.read_text(), Loader=loader)
                                             for f in files])
        (bank, problems), _ = timed("validate", lambda: validate_bank(root), base)
        assert not [p for p in problems if p.severity == "error"], problems[:3]
        assert len(bank.questions()) == total
        warnings, _ = timed("lint", lambda: lint_bank(bank), base)
        print(f"{len(warnings)} warning(s)")


if __name__ == "__main__":
    main()
