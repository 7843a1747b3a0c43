"""What each question type becomes in each export format (Moodle XML, Canvas QTI 1.2, QTI 2.1,
QTI 3.0): the data of the registry's export slot. Per format: the target, the scoring rules it
reproduces exactly, how scores differ under the others, what a learner sees differently even
when scores agree, and whether an option can show a picture there. quizapp.interop reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class ExportTarget:
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

MOODLE = {
    "single_choice": ExportTarget("multichoice (one answer)", ALL, option_pictures=True),
    "true_false": ExportTarget("truefalse", ALL),
    "select_all": ExportTarget("multichoice (multiple answers)", ("plus_minus",),
                          "Moodle's multichoice gives partial credit; all-or-nothing is "
                          "exported as NCLEX +/-", option_pictures=True),
    "select_n": ExportTarget("multichoice (multiple answers)", (), _NO_CAP, option_pictures=True),
    "ordered_response": ExportTarget("ordering (Moodle 4.4+ or the Ordering plugin)", ALL,
                                option_pictures=True),
    "matching": ExportTarget("match", ("zero_one",),
                        "Moodle's match gives a share per item; all-or-nothing is exported "
                        "as one point per item"),
    "matrix_multiple_choice": ExportTarget("match (one row a sub-question)", ("zero_one",),
                                      "Moodle's match gives a share per row; all-or-nothing "
                                      "is exported as one point per row",
                                      "rows shown as a list of drop-downs, not a grid"),
    "matrix_multiple_response": ExportTarget("multianswer (one MULTIRESPONSE part per row)", (),
                                        "+/- is counted per row, not per column"),
    "drop_down_cloze": ExportTarget("gapselect", ("zero_one",),
                               "Moodle gives a share per blank; all-or-nothing is exported as "
                               "one point per blank"),
    "drop_down_rationale": ExportTarget("gapselect", ("zero_one",),
                                   "Moodle gives half credit for one right drop-down; the dyad "
                                   "rule gives none"),
    "highlight": ExportTarget("multichoice (multiple answers)", ("plus_minus",),
                         "all-or-nothing is exported as NCLEX +/-",
                         "the phrases are listed as checkboxes under the passage, not "
                         "highlighted in it"),
    "bow_tie": ExportTarget("multianswer (condition, actions, parameters)", (),
                       "Moodle cannot cap the picks at two: actions and parameters are scored "
                       "+1/-1 per option chosen (floored), not one point per right target",
                       "shown as three lists, not the bow-tie layout"),
    "numeric": ExportTarget("numerical (tolerance as an absolute error, unit optional)", ALL),
    "short_text": ExportTarget("shortanswer", (), _NORMALISE),
}

CANVAS = {
    "single_choice": ExportTarget("multiple_choice_question", ALL, option_pictures=True),
    "true_false": ExportTarget("true_false_question", ALL),
    "select_all": ExportTarget("multiple_answers_question", ("plus_minus",),
                          "Canvas gives partial credit with a penalty; all-or-nothing is "
                          "exported as NCLEX +/-", option_pictures=True),
    "select_n": ExportTarget("multiple_answers_question", (), _NO_CAP, option_pictures=True),
    "ordered_response": ExportTarget("multiple_dropdowns_question (a drop-down per position)",
                                ("zero_one",),
                                "Canvas gives a share per position; all-or-nothing is "
                                "exported as one point per position",
                                "positions are chosen from drop-downs, not dragged"),
    "matching": ExportTarget("matching_question", ("zero_one",),
                        "Canvas gives a share per item; all-or-nothing is exported as one "
                        "point per item"),
    "matrix_multiple_choice": ExportTarget("matching_question (rows matched to columns)",
                                      ("zero_one",),
                                      "Canvas gives a share per row; all-or-nothing is "
                                      "exported as one point per row",
                                      "rows shown as a list of drop-downs, not a grid"),
    "matrix_multiple_response": ExportTarget("multiple_answers_question ('row: column' options)",
                                        (), "+/- is counted over the whole grid, not per column"),
    "drop_down_cloze": ExportTarget("multiple_dropdowns_question", ("zero_one",),
                               "Canvas gives a share per blank; all-or-nothing is exported as "
                               "one point per blank"),
    "drop_down_rationale": ExportTarget("multiple_dropdowns_question", ("zero_one",),
                                   "Canvas gives half credit for one right drop-down; the dyad "
                                   "rule gives none"),
    "highlight": ExportTarget("multiple_answers_question", ("plus_minus",),
                         "all-or-nothing is exported as NCLEX +/-",
                         "the phrases are listed as checkboxes under the passage, not "
                         "highlighted in it"),
    "bow_tie": ExportTarget("multiple_dropdowns_question (five drop-downs)", (),
                       "each action and each parameter has its own drop-down with one right "
                       "answer, so the two actions (and the two parameters) must be chosen in "
                       "the listed order", "shown as five drop-downs, not the bow-tie layout"),
    "numeric": ExportTarget("numerical_question (exact answer with margin)", ALL),
    "short_text": ExportTarget("short_answer_question", (), _NORMALISE),
}

QTI = {
    "single_choice": ExportTarget("choiceInteraction", ALL, option_pictures=True),
    "true_false": ExportTarget("choiceInteraction", ALL),
    "select_all": ExportTarget("choiceInteraction (mapResponse, lower bound 0)", ALL,
                          option_pictures=True),
    "select_n": ExportTarget("choiceInteraction (maxChoices N)", ALL, option_pictures=True),
    "ordered_response": ExportTarget("orderInteraction", ALL, option_pictures=True),
    "matching": ExportTarget("matchInteraction", ALL),
    "matrix_multiple_choice": ExportTarget("matchInteraction (one column per row)", ALL),
    "matrix_multiple_response": ExportTarget("matchInteraction (+/- per column)", ALL),
    "drop_down_cloze": ExportTarget("inlineChoiceInteraction per blank", ALL),
    "drop_down_rationale": ExportTarget("inlineChoiceInteraction x2 (dyad)", ALL),
    "highlight": ExportTarget("hottextInteraction (mapResponse, lower bound 0)", ALL),
    "bow_tie": ExportTarget("choiceInteraction x3 (condition, actions, parameters)", ALL,
                       shown_note="three lists, not the bow-tie layout (no QTI player "
                                  "draws one)"),
    "numeric": ExportTarget("textEntryInteraction (float, absolute tolerance)", ALL),
    "short_text": ExportTarget("textEntryInteraction (string, accepted answers)", (), _NORMALISE),
}



def _qti3(row: ExportTarget) -> ExportTarget:
    """The same mapping in QTI 3.0's names (qti-choice-interaction, max-choices ...)."""
    def kebab(word: str) -> str:
        return re.sub(r"(?<!^)([A-Z])", r"-\1", word).lower()
    target = re.sub(r"\b([a-z]+Interaction|mapResponse)\b", lambda m: "qti-" + kebab(m.group(1)),
                    row.target)
    target = re.sub(r"\bmaxChoices\b", "max-choices", target)
    return replace(row, target=target)


# Per type: format -> what it becomes there. The registry gives each type its entry.
EXPORTS: dict[str, dict[str, ExportTarget]] = {
    qtype: {"moodle": MOODLE[qtype], "canvas-qti": CANVAS[qtype], "qti21": QTI[qtype],
            "qti3": _qti3(QTI[qtype])}
    for qtype in MOODLE
}
