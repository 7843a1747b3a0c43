"""Typed, frozen content objects parsed from the YAML bank. No Flask, no database.

A Question serialises to a snapshot (a JSON-able dict) that is stored with every version, so an
attempt is always graded and shown against exactly what the student saw.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

QUESTION_TYPES = ("single_choice", "true_false", "select_all")
DIFFICULTIES = ("easy", "medium", "hard")
BLOOM_LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")
CLIENT_NEEDS = (
    "management-of-care",
    "safety-and-infection-control",
    "health-promotion-and-maintenance",
    "psychosocial-integrity",
    "basic-care-and-comfort",
    "pharmacological-and-parenteral-therapies",
    "reduction-of-risk-potential",
    "physiological-adaptation",
)
CLINICAL_JUDGEMENT_STEPS = (
    "recognize-cues",
    "analyze-cues",
    "prioritize-hypotheses",
    "generate-solutions",
    "take-action",
    "evaluate-outcomes",
)
SCORING_RULES = {
    "single_choice": ("zero_one",),
    "true_false": ("zero_one",),
    "select_all": ("plus_minus", "all_or_nothing"),
}


@dataclass(frozen=True)
class Location:
    """Where something was written: shown to authors in errors and on preview pages."""

    file: str
    line: int


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    rationale: str


@dataclass(frozen=True)
class Question:
    """One gradable item. `key` holds the correct option ids."""

    id: str
    type: str
    stem: str
    options: tuple[Option, ...]
    key: tuple[str, ...]
    scoring: str
    source: str
    difficulty: str
    bloom: str
    client_need: str
    clinical_judgement: str | None = None
    shuffle: bool = True
    general_feedback: str = ""
    location: Location | None = field(default=None, compare=False)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def to_snapshot(self) -> dict[str, Any]:
        """The JSON-able form stored with each version (no file location: moving isn't editing)."""
        return {
            "id": self.id,
            "type": self.type,
            "stem": self.stem,
            "options": [[o.id, o.text, o.rationale] for o in self.options],
            "key": list(self.key),
            "scoring": self.scoring,
            "source": self.source,
            "difficulty": self.difficulty,
            "bloom": self.bloom,
            "client_need": self.client_need,
            "clinical_judgement": self.clinical_judgement,
            "shuffle": self.shuffle,
            "general_feedback": self.general_feedback,
        }

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any]) -> Question:
        """Rebuild a question from a stored snapshot."""
        return cls(
            id=snap["id"],
            type=snap["type"],
            stem=snap["stem"],
            options=tuple(Option(*o) for o in snap["options"]),
            key=tuple(snap["key"]),
            scoring=snap["scoring"],
            source=snap["source"],
            difficulty=snap["difficulty"],
            bloom=snap["bloom"],
            client_need=snap["client_need"],
            clinical_judgement=snap.get("clinical_judgement"),
            shuffle=snap.get("shuffle", True),
            general_feedback=snap.get("general_feedback", ""),
        )

    def content_hash(self) -> str:
        """A stable digest of the snapshot: equal hashes mean an unchanged question."""
        canonical = json.dumps(self.to_snapshot(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Figure:
    file: str
    caption: str
    description: str
    svg: str


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    source: str
    body: str
    nursing_focus: str = ""
    figure: Figure | None = None


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

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    pass_mark: int
    questions: tuple[Question, ...]
    lesson_id: str | None = None
    draw_per_lesson: int | None = None  # set on a final exam that draws from lesson quizzes
    time_limit_minutes: int | None = None  # None: untimed
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    description: str
    lessons: tuple[Lesson, ...]
    quizzes: tuple[Quiz, ...]
    final_exam: Quiz | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Bank:
    """Everything under a questions/ folder."""

    modules: tuple[Module, ...]

    def questions(self) -> list[Question]:
        return [q for m in self.modules for quiz in m.quizzes for q in quiz.questions]
