"""Moodle's grading of the question types our export writes as exact, over the exported XML:
the fraction of the mark a response earns, computed as Moodle computes it."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from lxml import etree


def _frac(answer: etree._Element) -> Decimal:
    return Decimal(answer.get("fraction", "0")) / 100


def fraction(question: etree._Element, response: dict[str, Any]) -> Decimal:
    """Moodle's fraction (0..1) for `response`, keyed by what the learner chose:
    `choices` (answer positions), `subs` (answer text per sub-question), `gaps` (option
    number per gap), `order` (answer positions in order), `number` (a Decimal)."""
    qtype = question.get("type")
    answers = question.findall("answer")
    if qtype == "multichoice":
        chosen = [answers[i] for i in response.get("choices", [])]
        total = sum((_frac(a) for a in chosen), Decimal(0))
        if (question.findtext("single") or "true") == "true":
            return total
        return min(max(total, Decimal(0)), Decimal(1))
    if qtype == "truefalse":
        return sum((_frac(answers[i]) for i in response.get("choices", [])), Decimal(0))
    if qtype == "match":
        subs = [s for s in question.findall("subquestion") if (s.findtext("text") or "")]
        right = sum(1 for n, s in enumerate(subs)
                    if response.get("subs", {}).get(n) == s.findtext("answer/text"))
        return Decimal(right) / len(subs)
    if qtype == "gapselect":
        text = question.findtext("questiontext/text") or ""
        gaps = [int(g) for g in re.findall(r"\[\[(\d+)\]\]", text)]
        right = sum(1 for n, g in enumerate(gaps) if response.get("gaps", {}).get(n) == g)
        return Decimal(right) / len(gaps)
    if qtype == "ordering":
        correct = sorted(range(len(answers)), key=lambda i: _frac(answers[i]))
        given = response.get("order", [])
        if question.findtext("gradingtype") == "ALL_OR_NOTHING":
            return Decimal(1 if given == correct else 0)
        return Decimal(sum(1 for a, b in zip(given, correct, strict=False) if a == b)) / \
            len(correct)
    if qtype == "numerical":
        value = response.get("number")
        for answer in answers:
            target = (answer.findtext("text") or "").strip()
            if target == "*":
                return _frac(answer) if value is not None else Decimal(0)
            tolerance = Decimal(answer.findtext("tolerance") or "0")
            if value is not None and abs(value - Decimal(target)) <= tolerance:
                return _frac(answer)
        return Decimal(0)
    raise AssertionError(f"no Moodle grading for '{qtype}' in the tests")
