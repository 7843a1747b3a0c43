"""How each question type maps to each export format: the export-mapping table, keyed by type
string (one row per type, trivially moved into the question-type registry's export slot).

A row says what the item becomes, which of our scoring rules the format reproduces exactly,
how scores differ under the others, and what a learner sees differently even when scores agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..content.model import Question
from .fidelity import APPROXIMATED, EXACT, NOT_EXPORTED, ItemFidelity

FORMATS = ("moodle", "canvas-qti", "qti21", "qti3")
FORMAT_NAMES = {"moodle": "Moodle XML", "canvas-qti": "Canvas QTI 1.2",
                "qti21": "QTI 2.1", "qti3": "QTI 3.0"}


@dataclass(frozen=True)
class Mapping:
    """What one type becomes in one format (`target` empty: it cannot be exported)."""

    target: str
    exact_rules: tuple[str, ...] = ()
    scoring_note: str = ""  # how a score differs under a rule not in exact_rules (or why not)
    shown_note: str = ""  # what looks different although it scores the same
    option_pictures: bool = False  # the format can show a picture inside an option


ALL = ("zero_one", "plus_minus", "all_or_nothing", "dyad")
_NO_CAP = "{fmt} cannot stop a learner choosing more than N options: each key is worth 1/N, " \
          "each other option costs 1/N (floored at 0), so an answer scores differently " \
          "from our select-N rule"
_NORMALISE = "{fmt} compares typed answers without our normalisation (Unicode forms, repeated " \
             "spaces, a trailing full stop), so such answers can score differently"
_CASE = "shared case scenario copied into the item's text; stages shown as one scenario"

MOODLE = {
    "single_choice": Mapping("multichoice (one answer)", ALL, option_pictures=True),
    "true_false": Mapping("truefalse", ALL),
    "select_all": Mapping("multichoice (multiple answers)", ("plus_minus",),
                          "Moodle's multichoice gives partial credit; all-or-nothing is "
                          "exported as NCLEX +/-", option_pictures=True),
    "select_n": Mapping("multichoice (multiple answers)", (), _NO_CAP, option_pictures=True),
    "ordered_response": Mapping("ordering (Moodle 4.4+ or the Ordering plugin)", ALL,
                                option_pictures=True),
    "matching": Mapping("match", ("zero_one",),
                        "Moodle's match gives a share per item; all-or-nothing is exported "
                        "as one point per item"),
    "matrix_multiple_choice": Mapping("match (one row a sub-question)", ("zero_one",),
                                      "Moodle's match gives a share per row; all-or-nothing "
                                      "is exported as one point per row",
                                      "rows shown as a list of drop-downs, not a grid"),
    "matrix_multiple_response": Mapping("multianswer (one MULTIRESPONSE part per row)", (),
                                        "+/- is counted per row, not per column"),
    "drop_down_cloze": Mapping("gapselect", ("zero_one",),
                               "Moodle gives a share per blank; all-or-nothing is exported as "
                               "one point per blank"),
    "drop_down_rationale": Mapping("gapselect", ("zero_one",),
                                   "Moodle gives half credit for one right drop-down; the dyad "
                                   "rule gives none"),
    "highlight": Mapping("multichoice (multiple answers)", ("plus_minus",),
                         "all-or-nothing is exported as NCLEX +/-",
                         "the phrases are listed as checkboxes under the passage, not "
                         "highlighted in it"),
    "bow_tie": Mapping("multianswer (condition, actions, parameters)", (),
                       "Moodle cannot cap the picks at two: actions and parameters are scored "
                       "+1/-1 per option chosen (floored), not one point per right target",
                       "shown as three lists, not the bow-tie layout"),
    "numeric": Mapping("numerical (tolerance as an absolute error, unit optional)", ALL),
    "short_text": Mapping("shortanswer", (), _NORMALISE),
}

CANVAS = {
    "single_choice": Mapping("multiple_choice_question", ALL, option_pictures=True),
    "true_false": Mapping("true_false_question", ALL),
    "select_all": Mapping("multiple_answers_question", ("plus_minus",),
                          "Canvas gives partial credit with a penalty; all-or-nothing is "
                          "exported as NCLEX +/-", option_pictures=True),
    "select_n": Mapping("multiple_answers_question", (), _NO_CAP, option_pictures=True),
    "ordered_response": Mapping("multiple_dropdowns_question (a drop-down per position)",
                                ("zero_one",),
                                "Canvas gives a share per position; all-or-nothing is "
                                "exported as one point per position",
                                "positions are chosen from drop-downs, not dragged"),
    "matching": Mapping("matching_question", ("zero_one",),
                        "Canvas gives a share per item; all-or-nothing is exported as one "
                        "point per item"),
    "matrix_multiple_choice": Mapping("matching_question (rows matched to columns)",
                                      ("zero_one",),
                                      "Canvas gives a share per row; all-or-nothing is "
                                      "exported as one point per row",
                                      "rows shown as a list of drop-downs, not a grid"),
    "matrix_multiple_response": Mapping("multiple_answers_question ('row: column' options)",
                                        (), "+/- is counted over the whole grid, not per column"),
    "drop_down_cloze": Mapping("multiple_dropdowns_question", ("zero_one",),
                               "Canvas gives a share per blank; all-or-nothing is exported as "
                               "one point per blank"),
    "drop_down_rationale": Mapping("multiple_dropdowns_question", ("zero_one",),
                                   "Canvas gives half credit for one right drop-down; the dyad "
                                   "rule gives none"),
    "highlight": Mapping("multiple_answers_question", ("plus_minus",),
                         "all-or-nothing is exported as NCLEX +/-",
                         "the phrases are listed as checkboxes under the passage, not "
                         "highlighted in it"),
    "bow_tie": Mapping("multiple_dropdowns_question (five drop-downs)", (),
                       "each action and each parameter has its own drop-down with one right "
                       "answer, so the two actions (and the two parameters) must be chosen in "
                       "the listed order", "shown as five drop-downs, not the bow-tie layout"),
    "numeric": Mapping("numerical_question (exact answer with margin)", ALL),
    "short_text": Mapping("short_answer_question", (), _NORMALISE),
}

QTI = {
    "single_choice": Mapping("choiceInteraction", ALL, option_pictures=True),
    "true_false": Mapping("choiceInteraction", ALL),
    "select_all": Mapping("choiceInteraction (mapResponse, lower bound 0)", ALL,
                          option_pictures=True),
    "select_n": Mapping("choiceInteraction (maxChoices N)", ALL, option_pictures=True),
    "ordered_response": Mapping("orderInteraction", ALL, option_pictures=True),
    "matching": Mapping("matchInteraction", ALL, option_pictures=True),
    "matrix_multiple_choice": Mapping("matchInteraction (one column per row)", ALL),
    "matrix_multiple_response": Mapping("matchInteraction (+/- per column)", ALL),
    "drop_down_cloze": Mapping("inlineChoiceInteraction per blank", ALL),
    "drop_down_rationale": Mapping("inlineChoiceInteraction x2 (dyad)", ALL),
    "highlight": Mapping("hottextInteraction (mapResponse, lower bound 0)", ALL),
    "bow_tie": Mapping("choiceInteraction x3 (condition, actions, parameters)", ALL,
                       shown_note="three lists, not the bow-tie layout (no QTI player "
                                  "draws one)"),
    "numeric": Mapping("textEntryInteraction (float, absolute tolerance)", ALL),
    "short_text": Mapping("textEntryInteraction (string, accepted answers)", (), _NORMALISE),
}



def _qti3(row: Mapping) -> Mapping:
    """The same mapping in QTI 3.0's names (qti-choice-interaction, max-choices ...)."""
    def kebab(word: str) -> str:
        return re.sub(r"(?<!^)([A-Z])", r"-\1", word).lower()
    target = re.sub(r"\b([a-z]+Interaction|mapResponse)\b", lambda m: "qti-" + kebab(m.group(1)),
                    row.target)
    target = re.sub(r"\bmaxChoices\b", "max-choices", target)
    return replace(row, target=target)


# The export-mapping table: type -> format -> Mapping. Moves into the type registry as is.
EXPORT_MAPPINGS: dict[str, dict[str, Mapping]] = {
    qtype: {"moodle": MOODLE[qtype], "canvas-qti": CANVAS[qtype], "qti21": QTI[qtype],
            "qti3": _qti3(QTI[qtype])}
    for qtype in MOODLE
}


def mapping_for(qtype: str, fmt: str) -> Mapping | None:
    """The row for `qtype` in `fmt`, or None when the type has none (not exportable)."""
    return EXPORT_MAPPINGS.get(qtype, {}).get(fmt)


def item_fidelity(question: Question, fmt: str) -> ItemFidelity:
    """How faithfully `fmt` holds `question`: exact, approximated (how) or not exported (why)."""
    name = FORMAT_NAMES[fmt]
    place = f"{question.location.file}:{question.location.line}" if question.location else ""
    row = mapping_for(question.type, fmt)
    if row is None or not row.target:
        why = row.scoring_note if row else f"{name} has no mapping for this type"
        return ItemFidelity(question.id, question.type, NOT_EXPORTED, place, "", False, (why,))
    notes: list[str] = []
    scoring_same = question.scoring in row.exact_rules
    if not scoring_same:
        notes.append(row.scoring_note.format(fmt=name))
    if row.shown_note:
        notes.append(row.shown_note)
    if question.case is not None:
        notes.append(_CASE)
    if not row.option_pictures and any(o.images for o in question.options):
        notes.append(f"pictures in the options are left out ({name} has no place for them "
                     "there)")
    status = EXACT if not notes else APPROXIMATED
    return ItemFidelity(question.id, question.type, status, place, row.target, scoring_same,
                        tuple(notes))
