"""`quiz lint`: warnings about item-writing flaws that item-writing guides name.

Pure: a Bank in, warnings (Problems with severity "warning") out, each pointing at the question
(or quiz) at fault. Warnings never block an import; `quiz lint --strict` makes them fail CI.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .lint_cues import CUE_RULES, select_all_shape
from .lint_imported import imported_placeholders
from .location import Location
from .model import Bank, Module, Question, Quiz
from .problems import Problem
from .similarity import normalise, similar_pairs
from .types import options_answer, stem_asks

NEAR_DUPLICATE = 0.9  # difflib ratio at or above which two stems or options count as the same
LONG_KEY_FACTOR = 1.5  # a key this many times longer than every distractor stands out...
LONG_KEY_MIN_EXTRA = 15  # ...when it is also at least this many characters longer
NGN_CASE_ITEMS = 6  # one item per step of the NCSBN clinical judgement model

_ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options|choices|answers)\b", re.I)
# "at least", "not only" and "... or not" (a yes/no choice) are not negative questions.
_NEGATIVE = re.compile(r"(?<!at )(?<!or )\b(not|except|least)\b(?! only)", re.I)
_ABSOLUTE = re.compile(r"\b(always|never|all|none)\b", re.I)
_EMPTY_RATIONALE = {"correct", "incorrect", "right", "wrong", "true", "false", "not", "this",
                    "that", "is", "it", "the", "answer", "option", "choice", "yes", "no", "a",
                    "an", "very", "good", "well", "done", "so"}
_VERDICTS = {"correct", "incorrect", "right", "wrong", "true", "false"}

Rule = Callable[[Question], Iterator[str]]


def lint_bank(bank: Bank) -> list[Problem]:
    """Every warning for the bank, sorted by file, line and column."""
    warnings: list[Problem] = []
    for module in bank.modules:
        for quiz in module.all_quizzes():
            warnings += lint_quiz(quiz)
            warnings += case_sizes(quiz)
        warnings += lint_module(module)
    warnings += duplicate_stems(bank.questions())
    return sorted(set(warnings))


def lint_quiz(quiz: Quiz) -> list[Problem]:
    """The per-question warnings for a quiz, and the quiz-wide longest-key pattern."""
    warnings = [_warn(q, message) for q in quiz.questions for rule in RULES
                for message in rule(q)]
    message = longest_key_pattern(quiz)
    if message and quiz.location:
        warnings.append(Problem(quiz.location.file, quiz.location.line, quiz.location.col,
                                message, "warning"))
    return warnings


def case_sizes(quiz: Quiz) -> list[Problem]:
    """An NGN case study is six items, one per clinical judgement step; more is allowed."""
    counts: dict[str, int] = {}
    where: dict[str, Location | None] = {}
    for q in quiz.questions:
        if q.case is not None and q.case.unfolding:
            counts[q.case.id] = counts.get(q.case.id, 0) + 1
            where.setdefault(q.case.id, q.case.location)
    warnings = []
    for cid, n in counts.items():
        loc = where[cid]
        if n > NGN_CASE_ITEMS and loc is not None:
            warnings.append(Problem(loc.file, loc.line, loc.col, f"case '{cid}' has {n} items; "
                                    f"an NGN case study has {NGN_CASE_ITEMS}, one per clinical "
                                    "judgement step", "warning"))
    return warnings


def lint_module(module: Module) -> list[Problem]:
    """Module-wide patterns, reported at the module file."""
    loc = module.location
    file, line, col = (loc.file, loc.line, loc.col) if loc else ("?", 0, 0)
    return [Problem(file, line, col, message, "warning") for message in select_all_shape(module)]


def _warn(question: Question, message: str) -> Problem:
    loc = question.location
    file, line, col = (loc.file, loc.line, loc.col) if loc else ("?", 0, 0)
    return Problem(file, line, col, f"question '{question.id}': {message}", "warning")


def all_or_none_of_the_above(question: Question) -> Iterator[str]:
    """'All/none of the above' can be answered by spotting two true (or one false) options."""
    for option in question.options:
        match = _ABOVE.search(option.text)
        if match:
            yield (f"option '{option.id}' says \"{match.group(0)}\"; write options that each "
                   "stand on their own")


def _lead_in(question: Question) -> str:
    """The sentence that asks: the last one with a question mark, else the last sentence (a
    true/false statement is all lead-in)."""
    text = " ".join(question.stem.split())
    if question.type == "true_false":
        return text
    sentences = re.split(r"(?<=[.?!])\s+", text)
    asking = [s for s in sentences if "?" in s]
    return asking[-1] if asking else sentences[-1]


def _emphasised(text: str, start: int) -> bool:
    """Inside **bold**, *italics*, __bold__ or _italics_ (which may span several words)."""
    before = text[:start]
    return any(before.count(mark) % 2 == 1 for mark in ("**", "__")) or any(
        before.replace(mark * 2, "").count(mark) % 2 == 1 for mark in ("*", "_"))


def negative_stem(question: Question) -> Iterator[str]:
    """A negative lead-in is easy to misread unless the negative word stands out."""
    if not stem_asks(question):
        return
    lead = _lead_in(question)
    for match in _NEGATIVE.finditer(lead):
        word = match.group(0)
        if not (word.isupper() or _emphasised(lead, match.start())):
            yield (f"the stem asks a negative question ('{word}'); write the negative word in "
                   f"capitals ({word.upper()}) or ask positively")
            return


def long_key(question: Question) -> Iterator[str]:
    """A key much longer than every distractor gives itself away."""
    if question.type != "single_choice" or len(question.options) < 3:
        return
    key = question.option(question.key[0])
    others = [len(o.text) for o in question.options if o.id != question.key[0]]
    if key and len(key.text) >= LONG_KEY_FACTOR * max(others) \
            and len(key.text) - max(others) >= LONG_KEY_MIN_EXTRA:
        yield (f"the key (option '{key.id}', {len(key.text)} characters) is much longer than "
               f"every distractor (the longest has {max(others)}); even out the lengths")


def near_duplicate_options(question: Question) -> Iterator[str]:
    """Two options that say the same thing are either both right or both wrong."""
    if not options_answer(question):
        return
    texts = [normalise(o.text) for o in question.options]
    for j, i, alike in similar_pairs(texts, NEAR_DUPLICATE):
        a, b = question.options[j].id, question.options[i].id
        same = "the same" if alike == 1.0 else f"nearly the same ({alike:.0%} alike)"
        yield f"options '{a}' and '{b}' are {same}"


def every_option_keyed(question: Question) -> Iterator[str]:
    """A select-all with every option correct rewards choosing everything."""
    if question.type == "select_all" and len(question.key) == len(question.options):
        yield "every option is correct; add at least one plausible wrong option"


def empty_rationale(question: Question) -> Iterator[str]:
    """A rationale must say why, not only whether."""
    for option in question.options:
        words = set(normalise(option.rationale).split())
        if words <= _EMPTY_RATIONALE and words & _VERDICTS:
            yield (f"the rationale for option '{option.id}' only says \"{option.rationale}\"; "
                   "explain why")


def absolute_words(question: Question) -> Iterator[str]:
    """'Always', 'never', 'all', 'none' only in distractors tell students which to rule out."""
    if not options_answer(question):
        return
    found: dict[str, list[str]] = {}
    for option in question.options:
        words = {m.group(0).lower() for m in _ABSOLUTE.finditer(_ABOVE.sub("", option.text))}
        if words and option.id in question.key:
            return
        for word in sorted(words):
            found.setdefault(word, []).append(option.id)
    if found:
        listed = "; ".join(f"'{w}' in option {', '.join(ids)}" for w, ids in sorted(found.items()))
        yield (f"absolute words appear only in distractors ({listed}); students learn to rule "
               "them out")


RULES: tuple[Rule, ...] = (all_or_none_of_the_above, negative_stem, long_key,
                           near_duplicate_options, every_option_keyed, empty_rationale,
                           absolute_words, imported_placeholders, *CUE_RULES)


def longest_key_pattern(quiz: Quiz) -> str | None:
    """Across a quiz: the key is the (strictly) longest option in most single-choice items."""
    items = [q for q in quiz.questions if q.type == "single_choice" and len(q.options) >= 3]
    longest = 0
    for q in items:
        lengths = sorted((len(o.text), o.id in q.key) for o in q.options)
        if lengths[-1][1] and lengths[-1][0] > lengths[-2][0]:
            longest += 1
    if len(items) >= 3 and longest * 2 > len(items):
        return (f"quiz '{quiz.id}': the key is the longest option in {longest} of {len(items)} "
                "single-choice questions; test-wise students pick the longest option")
    return None


def _stem_text(question: Question) -> str:
    """The stem, with the passage of the item types that have one ("Complete the sentence"
    is the stem of many cloze items; their passages differ)."""
    detail = getattr(question, "detail", None)
    passage = getattr(detail, "passage", "") if detail else ""
    return f"{question.stem} {passage}" if passage else question.stem


def duplicate_stems(questions: list[Question]) -> list[Problem]:
    """Across the bank: two questions whose stems are the same or nearly the same."""
    texts = [normalise(_stem_text(q)) for q in questions]
    warnings = []
    for j, i, alike in similar_pairs(texts, NEAR_DUPLICATE):
        first, second = questions[j], questions[i]
        where = (f" ({first.location.file}:{first.location.line})" if first.location else "")
        same = "the same as" if alike == 1.0 else f"nearly the same ({alike:.0%} alike) as"
        warnings.append(_warn(second, f"the stem is {same} question '{first.id}'{where}"))
    return warnings
