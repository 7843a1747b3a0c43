"""Near-duplicate text detection for the linter, fast enough for a bank of 10,000 stems.

difflib's ratio is the measure (2 x matching characters / total characters). Comparing every
pair is quadratic (minutes for a few hundred stems), so two texts are only compared when they
share at least half of the less common words of the one with fewer: copy-paste edits (a word
changed, added or dropped) always do; texts that differ in every distinctive word are not
compared even if they look alike letter by letter ("dose 1 of drug 7" / "dose 10 of drug 70").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher

_WORD = re.compile(r"[a-z0-9]+")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    """Lowercase, no punctuation or Markdown marks, single spaces: what a reader compares."""
    return " ".join(_PUNCT.sub(" ", text.lower().replace("_", " ")).split())


def ratio(a: str, b: str) -> float:
    """difflib's similarity of two normalised texts, 0.0 to 1.0."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def similar_pairs(texts: Sequence[str], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(earlier index, later index, ratio) for each pair of normalised texts at least
    `threshold` alike. Exact duplicates always count, even when empty of words."""
    words = [set(_WORD.findall(t)) for t in texts]
    frequency = Counter(w for ws in words for w in ws)
    # Words most texts contain ("client", "nurse") say nothing about sameness; skipping them
    # keeps the candidate search near linear.
    common = max(50, len(texts) // 20)
    rare = [[w for w in ws if frequency[w] <= common] for ws in words]
    index: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        shared: Counter[int] = Counter(j for w in rare[i] for j in index[w])
        for j, count in shared.items():
            if count * 2 >= min(len(rare[i]), len(rare[j])):
                found = _alike(texts[j], text, threshold)
                if found is not None:
                    yield j, i, found
        for w in rare[i]:
            index[w].append(i)
        if not rare[i]:  # nothing distinctive: compare with the other such texts directly
            yield from _plain(texts, i, index, threshold)
            index[""].append(i)


def _plain(texts: Sequence[str], i: int, index: dict[str, list[int]],
           threshold: float) -> Iterator[tuple[int, int, float]]:
    for j in index[""]:
        found = _alike(texts[j], texts[i], threshold)
        if found is not None:
            yield j, i, found


MAX_COMPARED = 2000  # characters: ratio() is quadratic, and no stem or option is this long


def _alike(a: str, b: str, threshold: float) -> float | None:
    if a == b:
        return 1.0
    a, b = a[:MAX_COMPARED], b[:MAX_COMPARED]
    if a == b:  # the same start, different after it
        return 0.99
    if not a or not b or 2 * min(len(a), len(b)) < threshold * (len(a) + len(b)):
        return None
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return None
    value = matcher.ratio()
    return value if value >= threshold else None
