"""Quiz settings every LMS quiz has (attempts allowed, grading method, availability, review
options) and a final exam's blueprint, as frozen content objects. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .location import Location

GRADING_METHODS = ("highest", "last", "first", "average")
REVIEW_WHEN = ("immediately", "after_close", "never")
REVIEW_SHOWS = ("score", "responses", "key")  # each shows what the one before it does, and more


@dataclass(frozen=True)
class QuizSettings:
    """How a quiz may be taken and what a student sees afterwards."""

    attempts_allowed: int | None = None  # None: unlimited
    grading: str = "highest"
    opens: datetime | None = None  # aware datetimes (YAML requires a time zone)
    closes: datetime | None = None
    review: str = "immediately"
    review_shows: str = "key"

    def to_json(self) -> dict[str, Any]:
        """The settings as stored on the quiz row (datetimes as ISO text)."""
        return {"attempts_allowed": self.attempts_allowed, "grading": self.grading,
                "opens": self.opens.isoformat() if self.opens else None,
                "closes": self.closes.isoformat() if self.closes else None,
                "review": self.review, "review_shows": self.review_shows}


@dataclass(frozen=True)
class Cell:
    """One row of a blueprint: draw `draw` single items of the pool that belong to `lesson`
    (or carry `topic`) and, when given, to the NCLEX client-need category `client_need`."""

    draw: int
    lesson: str | None = None
    topic: str | None = None
    client_need: str | None = None
    location: Location | None = field(default=None, compare=False)

    def describe(self) -> str:
        """`lesson pharmacology, client need basic-care-and-comfort`, for messages and pages."""
        what = f"lesson '{self.lesson}'" if self.lesson else f"topic '{self.topic}'"
        return what + (f", client need '{self.client_need}'" if self.client_need else "")

    def to_json(self) -> dict[str, Any]:
        return {"draw": self.draw, "lesson": self.lesson, "topic": self.topic,
                "client_need": self.client_need}


@dataclass(frozen=True)
class Blueprint:
    """What every form of a final exam contains: whole case studies, then single items per
    cell. Every form drawn from it has the same items per cell and the same marks possible."""

    case_studies: int
    cells: tuple[Cell, ...]

    def to_json(self) -> dict[str, Any]:
        return {"case_studies": self.case_studies, "cells": [c.to_json() for c in self.cells]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Blueprint:
        return cls(data["case_studies"], tuple(Cell(**c) for c in data["cells"]))
