"""Lint for converted banks: the placeholders `quiz convert` writes where another system's
file had nothing (a rationale, a picture's alt text) are there to be replaced."""

from __future__ import annotations

from collections.abc import Iterator

from .model import Question

PLACEHOLDER_RATIONALE = "The imported bank gives no rationale here; add the clinical reason."
PLACEHOLDER_ALT = "Picture from the imported bank, not yet described: say what it shows."


def _rationales(q: Question) -> list[str]:
    texts = [o.rationale for o in q.options] + [p.rationale for p in q.parts]
    return texts + ([q.detail.rationale] if q.detail else [])


def imported_placeholders(q: Question) -> Iterator[str]:
    """A placeholder rationale or alt text left from `quiz convert`."""
    missing = sum(1 for text in _rationales(q) if text == PLACEHOLDER_RATIONALE)
    if missing:
        yield (f"{missing} rationale(s) are still the placeholder `quiz convert` wrote; give "
               "the clinical reason")
    pictures = [*q.images, *(i for o in q.options for i in o.images),
                *(q.case.images if q.case else ())]
    undescribed = sum(1 for image in pictures if image.alt == PLACEHOLDER_ALT)
    if undescribed:
        yield (f"{undescribed} picture(s) still have the placeholder alt text `quiz convert` "
               "wrote; describe what each shows")
