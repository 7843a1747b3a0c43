"""The question types: one registry keyed by the YAML `type:` string. Each entry gives the
type's parser, YAML keys, scoring rules (default first), grader, widget and the traits that
checks read, so a new type is one entry here (plus its parser, grader and widget when no
existing one fits). Nothing else in the app lists the types.

`grade`, `read_answer`, `key_answer` and `max_score` look the grader up here. Content imports
scoring (the graders) and never the other way: a grader reads a question through
scoring.gradable's protocols.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...scoring import InvalidResponse, Kind, Score, choice, entry, parts
from ..model import Question
from ..reader import FileReader
from ..yamlpos import Path
from . import choice as choice_types
from . import classic, cloze, grid
from . import entry as entry_types
from .common import Built
from .exports import EXPORTS, ExportTarget

Parser = Callable[[FileReader, Path], Built]
# What the type becomes in each export format (quizapp.interop reads it): format -> target.
ExportMapping = dict[str, ExportTarget]


@dataclass(frozen=True)
class QuestionType:
    """Everything the app knows about one question type."""

    label: str  # for instructors: "Select all that apply"
    parse: Parser  # YAML -> options, key, shuffle allowed, detail (content/types/*.py)
    keys: tuple[str, ...]  # the YAML keys it requires beside the common ones
    rules: tuple[str, ...]  # the scoring rules it allows; the first is its default
    grader: Kind  # reads, scores and keys a response (scoring/)
    widget: str  # templates/learner/widgets/<widget>.html shows it; build.py makes its view
    instruction: str = ""  # the line under the stem; {n} is the number to choose
    optional: tuple[str, ...] = ()  # the YAML keys it allows beside the common ones
    multiple: bool = False  # more than one option may be chosen (checkboxes, not radios)
    example: str = ""  # a worked example's shape checked when read: "ids", "bool" or "text"
    stem_asks: bool = False  # the stem asks and the options answer (lint: negative stems)
    options_answer: bool = False  # options are answers to pick (lint: near-duplicates)
    export: ExportMapping | None = None  # per export format: target, exactness, notes


_CHOICE_KEYS = ("options", "key")

TYPES: dict[str, QuestionType] = {
    "single_choice": QuestionType(
        "Single choice", classic.single_choice, _CHOICE_KEYS, ("zero_one",), choice.ONE,
        "choices", example="ids", stem_asks=True, options_answer=True,
        export=EXPORTS["single_choice"]),
    "true_false": QuestionType(
        "True or false", classic.true_false, ("key", "rationale"), ("zero_one",), choice.ONE,
        "choices", example="bool", stem_asks=True,
        export=EXPORTS["true_false"]),
    "select_all": QuestionType(
        "Select all that apply", classic.select_all, _CHOICE_KEYS,
        ("plus_minus", "all_or_nothing"), choice.MANY, "choices", "Select all that apply.",
        multiple=True, example="ids", stem_asks=True, options_answer=True,
        export=EXPORTS["select_all"]),
    "select_n": QuestionType(
        "Select N", choice_types.select_n, ("options", "key", "select"),
        ("zero_one", "all_or_nothing"), choice.PICK_N, "choices",
        "Select {n}. More than {n} choices are not accepted.", multiple=True,
        stem_asks=True, options_answer=True,
        export=EXPORTS["select_n"]),
    "ordered_response": QuestionType(
        "Ordered response", choice_types.ordered_response, _CHOICE_KEYS,
        ("all_or_nothing", "zero_one"), choice.ORDER, "ordered",
        "Choose the item for each position, from first to last.",
        export=EXPORTS["ordered_response"]),
    "matching": QuestionType(
        "Matching", grid.matching, ("options", "items"), ("zero_one", "all_or_nothing"),
        parts.EACH, "matching", "Choose a match for each item.",
        export=EXPORTS["matching"]),
    "drop_down_cloze": QuestionType(
        "Drop-down cloze", cloze.drop_down_cloze, ("passage", "blanks"),
        ("zero_one", "all_or_nothing"), parts.EACH, "cloze",
        "Choose an option in each drop-down.",
        export=EXPORTS["drop_down_cloze"]),
    "drop_down_rationale": QuestionType(
        "Drop-down rationale", cloze.drop_down_rationale, ("passage", "blanks"),
        ("dyad", "zero_one"), parts.EACH, "cloze", "Choose an option in each drop-down.",
        export=EXPORTS["drop_down_rationale"]),
    "matrix_multiple_choice": QuestionType(
        "Matrix (one per row)", grid.matrix_multiple_choice, ("columns", "rows"),
        ("zero_one", "all_or_nothing"), parts.EACH, "matrix", "Choose one option in each row.",
        export=EXPORTS["matrix_multiple_choice"]),
    "matrix_multiple_response": QuestionType(
        "Matrix (any per row)", grid.matrix_multiple_response, ("columns", "rows"),
        ("plus_minus", "all_or_nothing"), parts.MATRIX, "matrix",
        "Select every box that applies in each row.", multiple=True,
        export=EXPORTS["matrix_multiple_response"]),
    "highlight": QuestionType(
        "Highlight", choice_types.highlight, ("passage", "phrases", "key"),
        ("plus_minus", "all_or_nothing"), choice.MANY, "highlight",
        "Select each phrase in the passage that applies.", multiple=True, stem_asks=True,
        export=EXPORTS["highlight"]),
    "bow_tie": QuestionType(
        "Bow-tie", cloze.bow_tie, ("condition", "actions", "parameters"),
        ("zero_one", "all_or_nothing"), parts.BOW_TIE, "bow_tie",
        "Choose 1 condition, 2 actions and 2 parameters.",
        export=EXPORTS["bow_tie"]),
    "numeric": QuestionType(
        "Numeric", entry_types.numeric, ("key", "rationale"), ("zero_one",), entry.NUMBER,
        "numeric", "Type a number.", optional=("tolerance", "unit"), example="text",
        export=EXPORTS["numeric"]),
    "short_text": QuestionType(
        "Short text", entry_types.short_text, ("key", "rationale"), ("zero_one",), entry.TEXT,
        "text", "Type a short answer.", optional=("case_sensitive",), example="text",
        export=EXPORTS["short_text"]),
}


def question_type(name: str) -> QuestionType:
    """The registry entry for `name`; ValueError naming the known types otherwise."""
    try:
        return TYPES[name]
    except KeyError:
        known = ", ".join(sorted(TYPES))
        raise ValueError(f"unknown question type {name!r}; known types: {known}") from None


def default_rule(name: str) -> str:
    """The NCLEX default scoring rule of a question type."""
    return question_type(name).rules[0]


def stem_asks(question: Question) -> bool:
    """The question's stem asks and its options answer (grid, cloze and typed items label
    parts instead): lint's checks of the lead-in read this."""
    spec = TYPES.get(question.type)
    return spec is not None and spec.stem_asks


def options_answer(question: Question) -> bool:
    """The question's options are answers to pick (not phrases of a passage, not grid
    columns): lint's checks of options and their rationales read this."""
    spec = TYPES.get(question.type)
    return spec is not None and spec.options_answer


def _grader(question: Question) -> Kind:
    try:
        return TYPES[question.type].grader
    except KeyError:
        raise InvalidResponse(f"no grader for question type '{question.type}'") from None


def read_answer(question: Question, response: Any) -> Any:
    """The response in its stored (canonical) form; InvalidResponse when it cannot fit."""
    return _grader(question).read(question, response)


def key_answer(question: Question) -> Any:
    """The question's key, written as a response (what full marks look like)."""
    return _grader(question).key(question)


def grade(question: Question, response: Any) -> Score:
    """Points for `response` (None when unanswered) under the question's scoring rule."""
    grader = _grader(question)
    return grader.score(question, grader.read(question, response))


def max_score(question: Question) -> int:
    """Points possible for the question (the score of its own key)."""
    return grade(question, key_answer(question)).possible
