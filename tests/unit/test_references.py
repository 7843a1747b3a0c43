"""Lesson references: parsed, shown by number, and every id a section cites must exist."""

from pathlib import Path

import pytest

from quizapp.content import load_bank

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


def _bank(tmp_path: Path, lesson: str) -> Path:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "module.yaml").write_text("id: m\ntitle: M\n")
    (folder / "01-basics.yaml").write_text(lesson)
    return tmp_path


def test_references_and_citations_are_parsed(tmp_path):
    bank, problems = load_bank(_bank(tmp_path, LESSON))
    assert problems == []
    (lesson,) = bank.modules[0].lessons
    assert [r.id for r in lesson.references] == ["nice-ng220", "thompson-2018"]
    assert lesson.references[1].link == "https://doi.org/10.1016/S1474-4422(17)30470-2"
    assert lesson.references[0].link == "https://www.nice.org.uk/guidance/ng220"
    assert [(s.article, s.references) for s in lesson.sections] == [
        ("Intro", ("thompson-2018",)), ("", ("nice-ng220",))]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("references: [thompson-2018]", "references: [thompson-2019]",
     "01-basics.yaml:20:20: reference 'thompson-2019' is not in the lesson's references "
     "(listed: nice-ng220, thompson-2018)"),
    ("      article: Intro\n      references: [thompson-2018]\n", "",
     "01-basics.yaml:17:7: section 'one' names neither the article section it follows "
     "(`article:`) nor the references it rests on (`references:`)"),
    ("      url: https://www.nice.org.uk/guidance/ng220\n", "",
     "01-basics.yaml:6:7: reference 'nice-ng220' needs a `url` or a `doi` so a reader can find it"),
    ("doi: 10.1016/S1474-4422(17)30470-2", "doi: 1016/S1474",
     "01-basics.yaml:15:12: doi '1016/S1474' is not a DOI (it starts with '10.'"),
    ("url: https://www.nice.org.uk/guidance/ng220", "url: javascript:alert(1)",
     "01-basics.yaml:10:12: url 'javascript:alert(1)' is not a web address (http:// or https://)"),
    ("    - id: thompson-2018", "    - id: nice-ng220",
     "01-basics.yaml:11:11: duplicate reference id 'nice-ng220'"),
    ("      year: 2018", "      year: 18",
     "01-basics.yaml:14:13: lesson.references[1].year must be between 1900 and"),
])
def test_reference_mistakes_are_reported_where_they_are(tmp_path, old, new, expected):
    assert old in LESSON
    _, problems = load_bank(_bank(tmp_path, LESSON.replace(old, new, 1)))
    messages = [str(p) for p in problems]
    assert any(m.endswith(expected) or expected in m for m in messages), messages
