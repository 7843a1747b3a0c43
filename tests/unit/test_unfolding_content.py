"""Issue 13's schema: unfolding cases, marks, quiz settings, the exam pool and its blueprint.
Every refusal is checked at its exact file:line:col, on a copy of tests/data/exam/clinic."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from quizapp.content import model
from quizapp.content.lint import lint_bank
from quizapp.content.validation import validate_bank

CLINIC = Path(__file__).parent.parent / "data" / "exam" / "clinic"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "clinic"
    shutil.copytree(CLINIC, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text()
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count))


def _errors(folder: Path) -> list[str]:
    _, problems = validate_bank(folder)
    return [f"{p.file.rsplit('/', 1)[-1]}:{p.line}:{p.col}: {p.message}" for p in problems
            if p.severity == "error"]


def test_the_fixture_module_uses_every_feature_and_is_clean() -> None:
    bank, problems = validate_bank(CLINIC)
    assert problems == [] and lint_bank(bank) == []
    module = bank.modules[0]
    relapse, pml = module.quizzes
    assert relapse.settings.attempts_allowed == 3 and relapse.settings.grading == "average"
    assert relapse.settings.opens == datetime(2026, 1, 5, 8, tzinfo=UTC)
    assert pml.mode == "practice" and pml.settings.attempts_allowed is None
    final = module.final_exam
    assert final is not None and final.blueprint is not None and final.pool_file == "exam-pool.yaml"
    assert final.settings.review == "after_close" and final.settings.grading == "last"
    assert [c.draw for c in final.blueprint.cells] == [1, 1, 1]
    assert final.blueprint.cells[2].topic == "monitoring" and final.blueprint.case_studies == 1
    assert len(final.questions) == 18  # 6 single items, 2 cases of 6
    assert {q.id for q in bank.questions()} >= {q.id for q in final.questions}


def test_an_unfolding_case_carries_each_item_its_stage_and_no_later_one() -> None:
    bank, _ = validate_bank(CLINIC)
    items = [q for q in bank.modules[0].quizzes[0].questions if q.case is not None]
    assert [q.case.stage for q in items if q.case] == [0, 0, 1, 1, 2, 2]
    first, last = items[0], items[-1]
    assert first.case is not None and last.case is not None
    assert [s.id for s in first.case.stages] == ["admission"]
    assert [s.id for s in last.case.stages] == ["admission", "results", "next-day"]
    assert first.case.stage_count == 3 and first.case.navigation == "locked"
    snapshot = first.to_snapshot()
    assert "Nitrofurantoin" not in str(snapshot) and "nitrites" not in str(snapshot)
    assert "Nitrofurantoin" in str(last.to_snapshot())
    assert model.Question.from_snapshot(last.to_snapshot()) == last
    shown = last.case.record_at(2)
    assert list(shown) == ["nurses_notes", "history_and_physical", "vital_signs",
                           "laboratory_results", "orders"]
    assert [new for _, new in shown["vital_signs"]] == [False, True]
    assert [new for _, new in shown["nurses_notes"]] == [False, False]


def test_an_edit_to_a_later_stage_makes_no_new_version_of_earlier_items(tmp_path: Path) -> None:
    before = {q.id: q.content_hash() for q in validate_bank(CLINIC)[0].questions()}
    folder = _copy(tmp_path)
    _edit(folder, "01-relapse.yaml", "Nitrofurantoin 50 mg", "Nitrofurantoin 100 mg")
    after = {q.id: q.content_hash() for q in validate_bank(folder)[0].questions()}
    changed = sorted(qid for qid in before if before[qid] != after[qid])
    assert changed == ["rl-case-action", "rl-case-evaluate"]


def test_older_single_scenario_cases_keep_their_snapshot() -> None:
    bank, _ = validate_bank(CLINIC)
    old = next(q for q in bank.questions() if q.id == "pml-old-one")
    assert old.to_snapshot()["case"] == {"id": "pml-older-case",
                                         "title": "An older single-scenario case",
                                         "scenario": "Mr K, 45, is due his natalizumab infusion."}
    assert "mark" not in old.to_snapshot() and "lesson" not in old.to_snapshot()


def test_marks_are_exact_fractions_stored_only_when_not_one() -> None:
    bank, _ = validate_bank(CLINIC)
    by_id = {q.id: q for q in bank.questions()}
    assert by_id["rl-fever-symptoms"].mark == 2
    assert by_id["rl-fever-symptoms"].to_snapshot()["mark"] == "2"
    assert by_id["rl-case-cues"].mark == 1
    assert bank.modules[0].quizzes[0].marks_possible() == 9  # 2 + six case items, one of 2


@pytest.mark.parametrize("value, mark", [("0.5", Fraction(1, 2)), ("0.1", Fraction(1, 10)),
                                         ("1.25", Fraction(5, 4)), ("100", Fraction(100))])
def test_a_mark_is_read_exactly(tmp_path: Path, value: str, mark: Fraction) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "01-relapse.yaml", "mark: 2\n", f"mark: {value}\n")
    bank, problems = validate_bank(folder)
    assert problems == []
    question = next(q for q in bank.questions() if q.id == "rl-fever-symptoms")
    assert question.mark == mark
    assert model.Question.from_snapshot(question.to_snapshot()).mark == mark


@pytest.mark.parametrize("value, message", [
    ("0", "quiz.questions[0].mark must be more than 0 and at most 100, in hundredths at most "
          "(such as 0.25), found 0"),
    ("0.005", "quiz.questions[0].mark must be more than 0 and at most 100, in hundredths at "
              "most (such as 0.25), found 0.005"),
    ("two", "quiz.questions[0].mark must be a number of marks such as 1, 2 or 0.5, found 'two'"),
    ("yes", "quiz.questions[0].mark must be a number of marks such as 1, 2 or 0.5, "
            "found 'True'"),
])
def test_a_bad_mark_is_reported_where_it_is(tmp_path: Path, value: str, message: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "01-relapse.yaml", "mark: 2\n", f"mark: {value}\n")
    assert _errors(folder) == [f"01-relapse.yaml:34:13: {message}"]


# (file, old text, new text, the one error expected)
CASE_MISTAKES = [
    ("01-relapse.yaml", "                clinical_judgement: take-action\n", "",
     "01-relapse.yaml:141:17: quiz.questions[1].case.stages[2].questions[0] is in an unfolding "
     "case: it needs `clinical_judgement:` (one of recognize-cues, analyze-cues, "
     "prioritize-hypotheses, generate-solutions, take-action, evaluate-outcomes)"),
    ("01-relapse.yaml", "clinical_judgement: take-action", "clinical_judgement: analyze-cues",
     "01-relapse.yaml:50:9: case 'rl-haddad' asks no item for take-action: an unfolding case "
     "covers all six clinical judgement steps (one item per step)"),
    ("01-relapse.yaml", "          - id: results\n", "          - id: admission\n",
     "01-relapse.yaml:95:17: duplicate stage id 'admission' in case 'rl-haddad'"),
    ("01-relapse.yaml", "          nurses_notes: |\n            08:00",
     "          nurse_notes: |\n            08:00",
     "01-relapse.yaml:55:11: unknown key 'nurse_notes' in quiz.questions[1].case.record "
     "(did you mean 'nurses_notes'?)"),
    ("01-relapse.yaml", "        stages:\n", "        navigation: free\n        stages:\n",
     "01-relapse.yaml:61:21: navigation: free is for practice: this quiz's mode is test, where "
     "a stage once left is closed (set the quiz's `mode: practice` or leave navigation out)"),
    ("02-pml.yaml", "                clinical_judgement: evaluate-outcomes\n",
     "                clinical_judgement: evaluate-outcomes\n          - id: empty\n"
     "            title: Nothing asked\n            questions: []\n",
     "02-pml.yaml:131:24: quiz.questions[1].case.stages[2].questions needs at least 1 item(s), "
     "found 0"),
]


@pytest.mark.parametrize("name, old, new, expected", CASE_MISTAKES)
def test_each_case_mistake_is_reported_where_it_is(tmp_path: Path, name: str, old: str,
                                                   new: str, expected: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, name, old, new)
    assert expected in _errors(folder)


def test_a_case_needs_two_stages(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "02-pml.yaml").read_text()
    start = text.index("          - id: review\n")
    end = text.index("    - case:\n        id: pml-older")
    (folder / "02-pml.yaml").write_text(text[:start] + "\n" + text[end:])
    errors = _errors(folder)
    assert "02-pml.yaml:46:11: quiz.questions[1].case.stages needs at least 2 item(s), found 1" \
        in errors
    assert any("asks no item for generate-solutions, take-action, evaluate-outcomes" in e
               for e in errors)


SETTING_MISTAKES = [
    ("01-relapse.yaml", "opens: 2026-01-05T08:00:00+00:00", "opens: 2026-01-05T08:00:00",
     "01-relapse.yaml:27:10: quiz.opens needs a time zone, such as 2026-01-05T08:00:00+00:00 "
     "(or Z for UTC)"),
    ("01-relapse.yaml", "opens: 2026-01-05T08:00:00+00:00", "opens: 2026-01-05",
     "01-relapse.yaml:27:10: quiz.opens needs a time and a time zone, such as "
     "2026-01-05T09:00:00+00:00"),
    ("01-relapse.yaml", "closes: 2099-01-05T08:00:00+00:00", "closes: 2025-01-05T08:00:00+00:00",
     "01-relapse.yaml:28:11: quiz.closes (2025-01-05T08:00:00+00:00) must be after opens "
     "(2026-01-05T08:00:00+00:00)"),
    ("01-relapse.yaml", "grading: average", "grading: best",
     "01-relapse.yaml:26:12: quiz.grading 'best' is not one of: highest, last, first, average"),
    ("01-relapse.yaml", "attempts_allowed: 3", "attempts_allowed: 0",
     "01-relapse.yaml:25:21: quiz.attempts_allowed must be between 1 and 100, found 0"),
    ("01-relapse.yaml", "review_shows: key", "review_shows: answers",
     "01-relapse.yaml:30:17: quiz.review_shows 'answers' is not one of: score, responses, key"),
    ("02-pml.yaml", "  review: immediately\n", "  review: never\n",
     "02-pml.yaml:19:9: a practice-mode quiz shows the key after each question: it needs "
     "review: immediately and review_shows: key (the defaults)"),
    ("module.yaml", "  review: after_close\n", "  review: immediately\n",
     "module.yaml:22:11: an exam's key is not shown while any attempt of it can still be "
     "opened: use review: after_close (the default) or never, or review_shows: score or "
     "responses"),
]


@pytest.mark.parametrize("name, old, new, expected", SETTING_MISTAKES)
def test_each_setting_mistake_is_reported_where_it_is(tmp_path: Path, name: str, old: str,
                                                      new: str, expected: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, name, old, new)
    assert _errors(folder) == [expected]


def test_review_after_close_without_a_close_date_is_a_warning(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "module.yaml", "  closes: 2030-03-01T12:00:00+00:00\n", "")
    _, problems = validate_bank(folder)
    assert [str(p).rsplit("/", 1)[-1] for p in problems] == [
        "module.yaml:21:11: warning: review: after_close with no `closes`: students see their "
        "key only once you set a close date for their cohort in the browser"]


POOL_MISTAKES = [
    ("exam-pool.yaml", "    - id: ex-rl-steroid-timing\n      lesson: relapse\n",
     "    - id: ex-rl-steroid-timing\n",
     "exam-pool.yaml:18:7: pool.questions[1] is missing required key 'lesson' (an exam pool "
     "item names the lesson it belongs to, which its blueprint cell and its `source` refer "
     "to)"),
    ("01-relapse.yaml", "    - id: rl-fever-symptoms\n",
     "    - id: rl-fever-symptoms\n      lesson: relapse\n",
     "01-relapse.yaml:33:7: 'lesson' belongs on single items of an exam pool (or on a pool "
     "case); here the item belongs to its lesson already"),
    ("exam-pool.yaml", "      lesson: relapse\n      type: single_choice\n      stem: When",
     "      lesson: relapsing\n      type: single_choice\n      stem: When",
     "exam-pool.yaml:19:15: lesson 'relapsing' is not a lesson of this module (lessons: "
     "relapse, pml)"),
    ("exam-pool.yaml", "source: infusion", "source: pml-signs-typo",
     "exam-pool.yaml:66:15: source 'pml-signs-typo' is not a section of lesson 'pml' "
     "(sections: pml-signs, infusion)"),
    ("exam-pool.yaml", "        lesson: pml\n", "        lesson: pml\n        navigation: free\n",
     "exam-pool.yaml:183:21: navigation: free lets a student go back to earlier stages; an "
     "exam pool's cases must be locked (leave navigation out)"),
    ("module.yaml", "  pool: exam-pool.yaml", "  pool: missing-pool.yaml",
     "module.yaml:11:9: no pool file 'missing-pool.yaml' in {folder}"),
]


@pytest.mark.parametrize("name, old, new, expected", POOL_MISTAKES)
def test_each_pool_mistake_is_reported_where_it_is(tmp_path: Path, name: str, old: str,
                                                   new: str, expected: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder, name, old, new)
    assert expected.format(folder=os.path.relpath(folder)) in _errors(folder)


BLUEPRINT_MISTAKES = [
    # a cell that asks more than the pool holds
    ("module.yaml", "client_need: pharmacological-and-parenteral-therapies, draw: 1",
     "client_need: pharmacological-and-parenteral-therapies, draw: 3",
     ["module.yaml:15:9: blueprint cell 1 (lesson 'relapse', client need "
      "'pharmacological-and-parenteral-therapies') draws 3 but the pool has only 2 single "
      "item(s) that match; add 1"]),
    # each cell alone can be filled, but cells 1 and 2 draw from the same three items
    ("module.yaml", "{lesson: relapse, draw: 1}", "{lesson: relapse, draw: 3}",
     ["module.yaml:16:9: blueprint cell 2 (lesson 'relapse') is short by 1: its 3 matching "
      "item(s) are also drawn by cell(s) 1, and together they need more; add items or narrow "
      "a cell"]),
    ("module.yaml", "case_studies: 1", "case_studies: 3",
     ["module.yaml:13:19: the blueprint draws 3 case studies but the pool has 2"]),
    ("module.yaml", "{topic: monitoring, draw: 1}", "{topic: monitoring, lesson: pml, draw: 1}",
     ["module.yaml:17:9: final_exam.blueprint.cells[2] names what to draw by `lesson:` (a "
      "lesson id) or `topic:` (a tag on pool items): exactly one of them"]),
    ("module.yaml", "{lesson: relapse, draw: 1}", "{lesson: relapsing, draw: 1}",
     ["module.yaml:16:18: blueprint cell 2: lesson 'relapsing' is not a lesson of this module "
      "(lessons: relapse, pml)",
      "module.yaml:16:9: blueprint cell 2 (lesson 'relapsing') draws 1 but the pool has only 0 "
      "single item(s) that match; add 1"]),
    ("exam-pool.yaml", "      topics: [monitoring, infusions]",
     "      topics: [monitoring, infusions]\n      mark: 2",
     ["module.yaml:17:9: blueprint cell 3 (topic 'monitoring') may draw items worth different "
      "marks (ex-pml-new-confusion: 1, ex-pml-infusion-watch: 2), so forms would differ in "
      "marks possible; give them the same mark"]),
    ("exam-pool.yaml", "                clinical_judgement: evaluate-outcomes\n",
     "                clinical_judgement: evaluate-outcomes\n                mark: 0.5\n",
     ["module.yaml:13:19: the pool's case studies are worth different marks (ex-case-uti: 5.5, "
      "ex-case-pml: 6), so forms would differ in marks possible; give each case the same "
      "total"]),
]


@pytest.mark.parametrize("name, old, new, expected", BLUEPRINT_MISTAKES)
def test_a_blueprint_the_pool_cannot_fill_names_the_short_cell(
        tmp_path: Path, name: str, old: str, new: str, expected: list[str]) -> None:
    folder = _copy(tmp_path)
    _edit(folder, name, old, new)
    assert sorted(_errors(folder)) == sorted(expected)


def test_the_older_draw_per_lesson_exam_stays_valid(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "module.yaml").read_text()
    head = text[:text.index("  pool:")]
    (folder / "module.yaml").write_text(head + "  draw_per_lesson: 1\n")
    (folder / "exam-pool.yaml").unlink()
    bank, problems = validate_bank(folder)
    assert problems == []
    final = bank.modules[0].final_exam
    assert final is not None and final.draw_per_lesson == 1 and final.questions == ()
    assert final.settings.review == "immediately"  # as before: its items are lesson items


def test_a_pool_file_module_yaml_does_not_name_is_explained(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    shutil.copy(folder / "exam-pool.yaml", folder / "old-pool.yaml")
    assert "old-pool.yaml:3:1: this looks like an exam pool, but module.yaml does not name " \
           "it: set final_exam.pool to this file's name" in _errors(folder)


def test_a_case_with_more_than_six_items_is_a_lint_warning(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "02-pml.yaml", "    - case:\n        id: pml-older-case",
          "    - case:\n        id: pml-older-case")
    text = (folder / "02-pml.yaml").read_text()
    extra = text[text.index("              - id: pml-case-evaluate"):text.index(
        "    - case:\n        id: pml-older-case")]
    text = text.replace(extra, extra + extra.replace("pml-case-evaluate", "pml-case-evaluate-2")
                        .replace("Which finding would show the plan worked?",
                                 "How will the team know Ms Osei is safe a week later?"))
    (folder / "02-pml.yaml").write_text(text)
    bank, problems = validate_bank(folder)
    assert problems == []
    assert [str(w).rsplit("/", 1)[-1] for w in lint_bank(bank)] == [
        "02-pml.yaml:37:9: warning: case 'pml-osei' has 7 items; an NGN case study has 6, one "
        "per clinical judgement step"]
