"""A lesson with references and citations, and a one-module bank made of it."""

from __future__ import annotations

from pathlib import Path

LESSON = """\
lesson:
  id: basics
  title: Basics
  objectives: [Know the basics.]
  references:
    - id: nice-ng220
      authors: NICE
      title: "Multiple sclerosis in adults: management"
      year: 2022
      url: https://www.nice.org.uk/guidance/ng220
    - id: thompson-2018
      authors: Thompson AJ, et al.
      title: Diagnosis of multiple sclerosis
      year: 2018
      doi: 10.1016/S1474-4422(17)30470-2
  sections:
    - id: one
      heading: One
      article: Intro
      references: [thompson-2018]
      body: Text.
    - id: two
      heading: Two
      references: [nice-ng220]
      body: Text.
quiz:
  id: basics-quiz
  title: Basics quiz
  questions:
    - id: q1
      type: true_false
      stem: Text is text.
      key: true
      rationale:
        "true": Right, because text is text.
        "false": Wrong, because text is text.
      source: one
      difficulty: easy
      bloom: remember
      client_need: management-of-care
"""


def lesson_bank(tmp_path: Path, lesson: str) -> Path:
    """A bank in `tmp_path` with one module holding the lesson file `lesson`."""
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "module.yaml").write_text("id: m\ntitle: M\n")
    (folder / "01-basics.yaml").write_text(lesson)
    return tmp_path
