"""What a simulated student answers on an attempt page: the burst's choice of answers, kept
apart so a test can check every save it builds is one the server accepts (tests/integration/
test_bench_client.py).

A control's name is `q-<question id>` for a whole-question answer, or `q-<question id>.<part>`
for one part of a multi-part item (bow-tie group, matrix row): the question id is what comes
before the first dot, and the stored answer of such an item maps each part to its ids."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

# Radio buttons and checkboxes, with or without an id attribute (matrix cells have none).
CONTROL = re.compile(r'<input type="(?:radio|checkbox)"(?: id="[^"]+")? name="q-([^"]+)" '
                     r'value="([^"]+)"')


@dataclass(frozen=True)
class Save:
    question_id: str
    fields: dict[str, list[str]]  # form fields to post, e.g. {"q-bt.actions": ["a1"]}
    expected: Any  # the answer the database must then hold for the question


def choose_answers(page: str, rng: random.Random) -> list[Save]:
    """One save per question with choices on the page, in page order: one random option per
    control name (per part for multi-part items)."""
    options: dict[str, dict[str, list[str]]] = {}
    for name, option in CONTROL.findall(page):
        qid = name.split(".", 1)[0]
        options.setdefault(qid, {}).setdefault(name, []).append(option)
    saves = []
    for qid, controls in options.items():
        fields = {f"q-{name}": [rng.choice(choices)] for name, choices in controls.items()}
        if any("." in name for name in controls):
            expected: Any = {name.split(".", 1)[1]: value
                             for name, value in zip(controls, fields.values(), strict=True)}
        else:
            expected = sorted(fields[f"q-{qid}"])
        saves.append(Save(qid, fields, expected))
    return saves
