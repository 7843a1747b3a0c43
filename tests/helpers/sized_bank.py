"""A bank whose two quizzes differ only in how many questions they have, to show that what a
page costs does not grow with them. `quiz_yaml` also makes bench/profile_pages.py's quizzes."""

from __future__ import annotations

from pathlib import Path

SIZES = {"small-quiz": 2, "large-quiz": 12}


def quiz_yaml(lesson: str, quiz: str, questions: int) -> str:
    """A lesson file whose quiz has `questions` questions, single choice and select-all in
    turn."""
    lines = ["lesson:", f"  id: {lesson}", f"  title: Lesson {lesson}",
             "  objectives: [Recall.]", "  sections:", "    - id: s", "      heading: Section",
             "      article: Basics", "      body: Some text to read.", "quiz:", f"  id: {quiz}",
             f"  title: Quiz {quiz}", "  questions:"]
    for i in range(questions):
        kind, key = ("single_choice", "a") if i % 2 == 0 else ("select_all", "[a, b]")
        lines += [f"    - id: {quiz}-{i:02d}", f"      type: {kind}",
                  f"      stem: Question {i} of {quiz}?", "      options:"]
        lines += [f"        - {{id: {o}, text: Option {o}, rationale: Because {o}.}}"
                  for o in "abcd"]
        lines += [f"      key: {key}", "      source: s", "      difficulty: easy",
                  "      bloom: remember", "      client_need: management-of-care"]
    return "\n".join(lines) + "\n"


def write_sized_bank(folder: Path) -> Path:
    """Module `sizes` with quizzes `small-quiz` (2 questions) and `large-quiz` (12)."""
    module = folder / "sizes"
    module.mkdir(parents=True)
    (module / "module.yaml").write_text("id: sizes\ntitle: Sizes\ndescription: Two sizes.\n")
    for n, (quiz, count) in enumerate(SIZES.items(), 1):
        (module / f"0{n}-{quiz}.yaml").write_text(quiz_yaml(f"lesson-{n}", quiz, count))
    return folder
