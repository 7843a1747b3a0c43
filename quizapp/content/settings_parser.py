"""Parse the quiz settings (on a lesson quiz, and on `final_exam` in module.yaml)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .problems import Problem
from .reader import FileReader, describe
from .settings import GRADING_METHODS, REVIEW_SHOWS, REVIEW_WHEN, QuizSettings
from .yamlpos import Path

SETTING_KEYS = ("attempts_allowed", "grading", "opens", "closes", "review", "review_shows")
MAX_ATTEMPTS = 100
_MISSING = object()


def parse_settings(r: FileReader, p: Path, *, final: bool) -> QuizSettings | None:
    """The settings under the quiz mapping at `p` (defaults for the ones left out); None,
    with problems recorded, when one is invalid. A final exam defaults to `review: after_close`
    and may never show its key immediately."""
    value = r.get(p)
    given = value if isinstance(value, dict) else {}
    attempts = (r.integer((*p, "attempts_allowed"), 1, MAX_ATTEMPTS)
                if "attempts_allowed" in given else None)
    grading = r.choice((*p, "grading"), GRADING_METHODS) if "grading" in given else "highest"
    opens, closes = _moment(r, (*p, "opens"), given), _moment(r, (*p, "closes"), given)
    default_review = "after_close" if final else "immediately"
    review = r.choice((*p, "review"), REVIEW_WHEN) if "review" in given else default_review
    shows = r.choice((*p, "review_shows"), REVIEW_SHOWS) if "review_shows" in given else "key"
    bad = (("attempts_allowed" in given and attempts is None) or None in (grading, review, shows)
           or opens is False or closes is False)
    if bad:
        return None
    assert not isinstance(opens, bool) and not isinstance(closes, bool)
    if opens and closes and closes <= opens:
        r.error((*p, "closes"), f"{describe((*p, 'closes'))} ({closes.isoformat()}) must be "
                                f"after opens ({opens.isoformat()})")
        return None
    if final and review == "immediately" and shows == "key":
        r.error((*p, "review") if "review" in given else p,
                "an exam's key is not shown while any attempt of it can still be opened: use "
                "review: after_close (the default) or never, or review_shows: score or "
                "responses")
        return None
    if review == "after_close" and closes is None:
        pos = r.doc.where((*p, "review") if "review" in given else p)
        r.problems.append(Problem(
            r.file, pos.line, pos.col, "review: after_close with no `closes`: students see "
            f"their {shows} only once you set a close date for their cohort in the browser",
            "warning"))
    return QuizSettings(attempts, grading or "highest", opens, closes, review or default_review,
                        shows or "key")


def _moment(r: FileReader, path: Path, given: dict[str, Any]) -> datetime | None | bool:
    """An ISO date-time with a time zone; None when absent, False (reported) when invalid."""
    if path[-1] not in given:
        return None
    value = given[path[-1]]
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            r.error(path, f"{describe(path)} '{value}' is not a date and time; write it as "
                          "2027-01-10T09:00:00+00:00")
            return False
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            r.error(path, f"{describe(path)} needs a time zone, such as "
                          f"{value.isoformat()}+00:00 (or Z for UTC)")
            return False
        return value
    if isinstance(value, date):
        r.error(path, f"{describe(path)} needs a time and a time zone, such as "
                      f"{value.isoformat()}T09:00:00+00:00")
        return False
    r.error(path, f"{describe(path)} must be a date and time such as 2027-01-10T09:00:00+00:00")
    return False
