"""Lint rules for the cues a content review of the course found: items that test the text
instead of practice, rationales that argue from the text, wording that gives a true/false key
away, circular key rationales, and select-all items that all share one shape.

Pure, like `lint`: questions (or a module) in, warning messages out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .model import Module, Question
from .similarity import normalise

# A stem that asks what "the lesson" says tests reading, not nursing practice.
_TEXT_REFERENCE = re.compile(
    r"\b(the|this|our) (lesson|module|text|article|reading|passage above)\b", re.I)
# A rationale that argues from the text ("not listed in the lesson") gives no clinical reason.
_FROM_THE_TEXT = re.compile(
    r"\b(the|this|our) (lesson|module|article|reading|course text)\b"
    r"|\b(listed|named|mentioned|described|stated|included|covered|taught)\b[^.]{0,20}"
    r"\b(in|by) the (text|passage)\b", re.I)
# Overstatement in a false statement, or a hedge in a true one, lets a test-wise student guess.
_OVERSTATED = re.compile(
    r"\b(always|never|all|none|every|only|completely|entirely|guaranteed?s?|certain(ly)?|"
    r"cures?d?|impossible|no longer|without exception|relied on|invariably|must|predictabl\w*|"
    r"straightforward|replaces?|can be expected|without (any )?difficulty|the same|stops?|"
    r"prevents?|eliminates?|proves?|proven)\b", re.I)
_HEDGED = re.compile(
    r"\b(may|might|can|could|some|often|usually|sometimes|possibly|probably|generally|many|"
    r"tends? to|in some|helps?|aims? to|been shown|in part|partly)\b", re.I)
# "X is listed / one of the factors": the key's rationale restates that it is a key.
_CIRCULAR = re.compile(
    r"\b(is|are) (listed|named|mentioned|included|recogni[sz]ed)\b"
    r"|\b(is|are) one of the \w+( \w+)? (listed|named|recogni[sz]ed|described|mentioned|given|"
    r"that (may|can))\b", re.I)
_STOP = frozenset("""a an the and or of to in on for with by at from as is are was were be been
it its this that these those which who whom what when where why how not no yes than then so
because can may might will would should could do does did has have had client clients nurse
nurses patient patients person correct incorrect right wrong true false one also""".split())
SAME_SHAPE_MIN_ITEMS = 4  # below this, one shape across a module's select-alls is chance


def _rationales(question: Question) -> Iterator[tuple[str, str]]:
    """(where, text) for every rationale the item carries: options, parts, part options."""
    for option in question.options:
        if option.rationale:
            yield f"option '{option.id}'", option.rationale
    detail = question.detail
    if detail is None:
        return
    for part in detail.parts:
        if part.rationale:
            yield f"part '{part.id}'", part.rationale
        for option in part.options:
            if option.rationale:
                yield f"option '{option.id}' of part '{part.id}'", option.rationale
    if detail.rationale:
        yield "the answer", detail.rationale


def stem_refers_to_text(question: Question) -> Iterator[str]:
    """'Which statement matches the lesson?' tests recall of the text, not a clinical decision."""
    match = _TEXT_REFERENCE.search(" ".join(question.stem.split()))
    if match:
        yield (f"the stem refers to \"{match.group(0)}\"; ask about a client and a decision, "
               "not about what the text says")


def rationale_argues_from_text(question: Question) -> Iterator[str]:
    """'Not listed in the lesson' says where a fact is written, not why it is clinically so."""
    for where, text in _rationales(question):
        match = _FROM_THE_TEXT.search(" ".join(text.split()))
        if match:
            yield (f"the rationale for {where} argues from the text (\"{match.group(0)}\"); "
                   "give the clinical reason")


def true_false_wording_cue(question: Question) -> Iterator[str]:
    """A false statement with 'always'/'never', or a true one with 'may'/'some', is guessable."""
    if question.type != "true_false":
        return
    stem = " ".join(question.stem.split())
    keyed_true = question.key == ("true",)
    cue = (_HEDGED if keyed_true else _OVERSTATED).search(stem)
    if cue:
        kind = "hedged" if keyed_true else "overstated"
        guess = "true" if keyed_true else "false"
        yield (f"the statement is keyed {guess} and {kind} (\"{cue.group(0)}\"); test-wise "
               f"students guess {guess} from the wording")


def _content_words(text: str) -> set[str]:
    """Words that carry meaning, crudely stemmed ("emphasises" = "emphasise")."""
    return {w.rstrip("s") for w in normalise(text).split() if len(w) > 2 and w not in _STOP}


def circular_key_rationale(question: Question) -> Iterator[str]:
    """A key's rationale that only restates the option or the stem explains nothing."""
    if question.type not in ("single_choice", "select_all", "select_n"):
        return
    stem = _content_words(question.stem)
    for option in question.options:
        if option.id not in question.key or not option.rationale:
            continue
        said = _content_words(option.rationale)
        if _CIRCULAR.search(option.rationale) or (said and said <= stem | _content_words(
                option.text)):
            yield (f"the rationale for key '{option.id}' restates the option or the stem; say "
                   "why it is right clinically")


CUE_RULES = (stem_refers_to_text, rationale_argues_from_text, true_false_wording_cue,
             circular_key_rationale)


def select_all_shape(module: Module) -> Iterator[str]:
    """Across a module: every select-all with the same number of distractors (or of keys) is a
    pattern students learn ('three of five are right')."""
    items = [q for quiz in module.quizzes for q in quiz.questions if q.type == "select_all"]
    if len(items) < SAME_SHAPE_MIN_ITEMS:
        return
    distractors = Counter(len(q.options) - len(q.key) for q in items)
    keys = Counter(len(q.key) for q in items)
    for name, counts in (("distractors", distractors), ("correct options", keys)):
        if len(counts) == 1:
            (n,) = counts
            yield (f"module '{module.id}': all {len(items)} select-all questions have {n} "
                   f"{name}; vary it so students cannot count their way to the key")
