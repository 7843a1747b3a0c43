"""Where something was written: shown to authors in errors and on preview pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A file, line and column in the question bank."""

    file: str
    line: int
    col: int = 1
