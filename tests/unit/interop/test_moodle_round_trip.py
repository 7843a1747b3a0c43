"""YAML -> Moodle XML -> YAML gives back the same items for every type Moodle holds exactly
(the same texts as shown, options, keys, rules, rationales and metadata; option ids are
Moodle's to renumber, so options are compared by their text)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from quizapp.content.loader import load_bank
from quizapp.content.model import Question
from quizapp.interop.export import export_module
from quizapp.interop.fidelity import EXACT
from quizapp.interop.mapping import item_fidelity
from quizapp.interop.moodle_reader import read_moodle
from quizapp.interop.yamlout import render_module
from quizapp.rendering import markdown_to_html

BANK = "tests/data/ngn"


def _shown(text: str) -> str:
    return markdown_to_html(text).replace("\n", "")


def canonical(q: Question) -> dict[str, Any]:
    """What a learner and the grader see, independent of option ids."""
    names = {o.id: o.text for o in q.options}
    key = [names.get(k, k) for k in q.key]
    out: dict[str, Any] = {
        "id": q.id, "type": q.type, "stem": _shown(q.stem), "scoring": q.scoring,
        "options": sorted((_shown(o.text), _shown(o.rationale)) for o in q.options),
        "key": key if q.type == "ordered_response" else sorted(key),
        "meta": (q.source, q.difficulty, q.bloom, q.client_need, q.clinical_judgement),
        "feedback": _shown(q.general_feedback),
        "case": (q.case.id, q.case.title, _shown(q.case.scenario)) if q.case else None,
    }
    parts = []
    for p in q.parts:
        own = {o.id: o.text for o in p.options} or names
        parts.append((p.id, _shown(p.text), sorted(own[k] for k in p.key),
                      sorted(own.values()), _shown(p.rationale), p.picks))
    out["parts"] = sorted(parts)
    if q.detail is not None:
        d = q.detail
        tolerance = Decimal(d.tolerance)
        if d.tolerance_kind == "percent":
            tolerance = abs(Decimal(q.key[0])) * tolerance / 100
        out["detail"] = (_shown(d.passage), d.unit, tolerance.normalize(), d.case_sensitive,
                         _shown(d.rationale))
    return out


def _held_exactly(q: Question) -> bool:
    """Exact, or exact but for the case scenario being copied into the item's text."""
    verdict = item_fidelity(q, "moodle")
    return verdict.status == EXACT or (q.case is not None and verdict.scoring_same
                                       and len(verdict.notes) == 1)


def _round_trip(tmp_path: Path) -> tuple[dict[str, Question], dict[str, Question]]:
    bank, problems = load_bank(BANK)
    assert not problems
    module = bank.modules[0]
    xml = export_module(module, "moodle").data
    files, _ = render_module(read_moodle(xml, "bank.xml"), module.id, "bank.xml")
    folder = tmp_path / module.id
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    again, problems = load_bank(folder)
    assert [p for p in problems if p.severity == "error"] == []
    return ({q.id: q for q in bank.questions()}, {q.id: q for q in again.questions()})


def test_round_trip_keeps_every_exactly_held_item(tmp_path: Path) -> None:
    before, after = _round_trip(tmp_path)
    # A matrix comes back whole too (only its look differs in Moodle).
    held = [q for q in before.values() if _held_exactly(q) or q.type == "matrix_multiple_choice"]
    assert len(held) >= 9
    types = {q.type for q in held}
    assert {"single_choice", "true_false", "select_all", "ordered_response", "matching",
            "matrix_multiple_choice", "drop_down_cloze", "numeric"} <= types
    for q in held:
        assert q.id in after, q.id
        assert canonical(after[q.id]) == canonical(q), q.id


@pytest.mark.parametrize("qid", ["w-highlight", "w-select-n"])
def test_approximated_items_come_back_as_what_moodle_held(tmp_path: Path, qid: str) -> None:
    _, after = _round_trip(tmp_path)
    assert after[qid].type == "select_all"
