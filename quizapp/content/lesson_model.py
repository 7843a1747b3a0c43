"""Lessons as frozen content objects: sections, figures, references, key terms. No Flask, no
database. (Split from model.py, which re-exports these names.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from .location import Location


@dataclass(frozen=True)
class Figure:
    file: str
    caption: str
    description: str
    svg: str


@dataclass(frozen=True)
class Reference:
    """A source a lesson rests on: a guideline, a drug label, a review, a society's page."""

    id: str
    authors: str  # people or the organisation
    title: str
    year: int
    url: str = ""
    doi: str = ""

    @property
    def link(self) -> str:
        return self.url or f"https://doi.org/{self.doi}"


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    body: str
    nursing_focus: str = ""
    figure: Figure | None = None
    article: str = ""  # the heading of the source article's section it follows, if any
    references: tuple[str, ...] = ()  # ids of the lesson's references it rests on


@dataclass(frozen=True)
class KeyTerm:
    term: str
    definition: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    objectives: tuple[str, ...]
    sections: tuple[Section, ...]
    key_terms: tuple[KeyTerm, ...]
    summary: str
    location: Location | None = field(default=None, compare=False)
    references: tuple[Reference, ...] = ()

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)
