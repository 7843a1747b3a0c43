"""The keys any item may carry for issue 13: `mark:` (what it is worth), `lesson:` (an exam
pool item's lesson) and `topics:` (tags a blueprint cell may draw by)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from .reader import FileReader, describe
from .yamlpos import Path

MAX_MARK = 100
EXTRA_KEYS = ("mark", "topics", "lesson")


def parse_mark(r: FileReader, path: Path) -> Fraction | None:
    """The optional `mark:` (default 1): a positive number in whole hundredths, at most 100.
    Read from the YAML text's digits, so 0.1 is exactly a tenth."""
    mpath = (*path, "mark")
    value = r.get(mpath)
    if not isinstance(r.get(path), dict) or "mark" not in r.get(path):
        return Fraction(1)
    try:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise InvalidOperation
        mark = Fraction(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        r.error(mpath, f"{describe(mpath)} must be a number of marks such as 1, 2 or 0.5, "
                       f"found '{value}'")
        return None
    if not 0 < mark <= MAX_MARK or (mark * 100).denominator != 1:
        r.error(mpath, f"{describe(mpath)} must be more than 0 and at most {MAX_MARK}, in "
                       f"hundredths at most (such as 0.25), found {value}")
        return None
    return mark


def parse_lesson(r: FileReader, path: Path, pool_item: bool) -> str | bool | None:
    """An exam pool item's lesson id; None elsewhere; False when missing or misplaced."""
    present = "lesson" in r.get(path)
    if pool_item and not present:
        r.error(path, f"{describe(path)} is missing required key 'lesson' (an exam pool item "
                      "names the lesson it belongs to, which its blueprint cell and its "
                      "`source` refer to)")
        return False
    if not pool_item and present:
        r.error((*path, "lesson"), "'lesson' belongs on single items of an exam pool (or on "
                                   "a pool case); here the item belongs to its lesson already",
                key=True)
        return False
    return r.ident((*path, "lesson")) or (False if present else None)


def parse_topics(r: FileReader, path: Path) -> tuple[str, ...] | None:
    """Optional `topics:` tags (ids) that a blueprint cell may draw by."""
    paths = r.items((*path, "topics"))
    if not paths:
        return ()
    topics = [r.ident(tp) for tp in paths]
    if None in topics:
        return None
    return tuple(t for t in topics if t is not None)
