"""Typed, frozen content objects parsed from the YAML bank. No Flask, no database.

A Question serialises to a snapshot (a JSON-able dict) that is stored with every version, so an
attempt is always graded and shown against exactly what the student saw.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

from .case import Case
from .location import Location as Location  # re-exported: older imports name model
from .settings import Blueprint, QuizSettings

QUESTION_TYPES = (
    "single_choice", "true_false", "select_all",  # the classic types
    "select_n", "ordered_response", "matching", "drop_down_cloze", "drop_down_rationale",
    "matrix_multiple_choice", "matrix_multiple_response", "highlight", "bow_tie", "numeric",
    "short_text",
)
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
# The rules each type may use; the first is its default (scoring.rules.default_rule agrees).
SCORING_RULES = {
    "single_choice": ("zero_one",),
    "true_false": ("zero_one",),
    "select_all": ("plus_minus", "all_or_nothing"),
    "select_n": ("zero_one", "all_or_nothing"),
    "ordered_response": ("all_or_nothing", "zero_one"),
    "matching": ("zero_one", "all_or_nothing"),
    "drop_down_cloze": ("zero_one", "all_or_nothing"),
    "drop_down_rationale": ("dyad", "zero_one"),
    "matrix_multiple_choice": ("zero_one", "all_or_nothing"),
    "matrix_multiple_response": ("plus_minus", "all_or_nothing"),
    "highlight": ("plus_minus", "all_or_nothing"),
    "bow_tie": ("zero_one", "all_or_nothing"),
    "numeric": ("zero_one",),
    "short_text": ("zero_one",),
}


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    rationale: str


@dataclass(frozen=True)
class Example:
    """An author's worked example: a response and the points it must score. Authoring
    metadata only: checked by `quiz validate`, never stored with a version."""

    response: Any  # as written in YAML, with lists turned into tuples
    score: int
    line: int
    col: int


@dataclass(frozen=True)
class Part:
    """One answerable part of a multi-part item: a matrix row, a matching item, a drop-down in
    a passage, a bow-tie group. `key` holds its correct option ids; `options` are its own
    choices, or empty when it chooses from the question's options (matrix columns, a pool)."""

    id: str
    text: str
    key: tuple[str, ...]
    options: tuple[Option, ...] = ()
    rationale: str = ""
    picks: int = 1  # how many choices the part takes; 0 means any number (matrix rows)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def to_json(self) -> list[Any]:
        return [self.id, self.text, list(self.key),
                [[o.id, o.text, o.rationale] for o in self.options], self.rationale, self.picks]

    @classmethod
    def from_json(cls, data: list[Any]) -> Part:
        pid, text, key, options, rationale, picks = data
        return cls(pid, text, tuple(key), tuple(Option(*o) for o in options), rationale, picks)


@dataclass(frozen=True)
class Detail:
    """What the newer item types need beyond options and key; absent for the classic three,
    so their snapshots (and content hashes) are what they always were."""

    passage: str = ""  # Markdown with {{ slot }} markers (cloze, rationale, highlight)
    parts: tuple[Part, ...] = ()
    picks: int = 0  # select_n: how many options to choose
    unit: str = ""  # numeric: shown beside the input
    tolerance: str = "0"  # numeric: a decimal, as text so it is exact
    tolerance_kind: str = "absolute"  # numeric: absolute | percent
    case_sensitive: bool = False  # short_text
    rationale: str = ""  # numeric, short_text: why the key is right

    def to_json(self) -> dict[str, Any]:
        """Only the fields that differ from their defaults: adding a field changes no hash."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                out[f.name] = [p.to_json() for p in value] if f.name == "parts" else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Detail:
        values = dict(data)
        values["parts"] = tuple(Part.from_json(p) for p in values.get("parts", ()))
        return cls(**values)


@dataclass(frozen=True)
class Question:
    """One gradable item. `key` holds the correct option ids (for numeric the target, for
    short_text the accepted answers); `detail` holds what the newer types add."""

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
    detail: Detail | None = None
    case: Case | None = None
    # Marks the item is worth (default 1): earned points are scaled to it, kept exact.
    mark: Fraction = Fraction(1)
    lesson: str | None = None  # an exam pool item's lesson (its blueprint cell key)
    topics: tuple[str, ...] = ()  # optional tags a blueprint cell may draw by
    location: Location | None = field(default=None, compare=False)
    # Not part of the snapshot or hash: adding an example does not make a new version.
    examples: tuple[Example, ...] = field(default=(), compare=False)

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.detail.parts if self.detail else ()

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def to_snapshot(self) -> dict[str, Any]:
        """The JSON-able form stored with each version (no file location: moving isn't editing)."""
        snap = {
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
        # Only present when set, so the classic types keep their snapshots and hashes.
        if self.detail is not None:
            snap["detail"] = self.detail.to_json()
        if self.case is not None:
            snap["case"] = self.case.to_json()
        if self.mark != 1:
            snap["mark"] = format_mark(self.mark)
        if self.lesson is not None:
            snap["lesson"] = self.lesson
        if self.topics:
            snap["topics"] = list(self.topics)
        return snap

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
            detail=Detail.from_json(snap["detail"]) if "detail" in snap else None,
            case=Case.from_json(snap["case"]) if "case" in snap else None,
            mark=Fraction(snap.get("mark", 1)),
            lesson=snap.get("lesson"),
            topics=tuple(snap.get("topics", ())),
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


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    pass_mark: int
    questions: tuple[Question, ...]
    lesson_id: str | None = None
    draw_per_lesson: int | None = None  # the older final exam that draws from lesson quizzes
    mode: str = "test"  # the default attempt mode: test or practice
    time_limit_minutes: int | None = None  # None: untimed
    settings: QuizSettings = QuizSettings()
    # A final exam with its own pool: `questions` holds the pool, drawn by the blueprint.
    blueprint: Blueprint | None = None
    pool_file: str | None = None
    location: Location | None = field(default=None, compare=False)

    @property
    def is_final(self) -> bool:
        return self.blueprint is not None or self.draw_per_lesson is not None

    def marks_possible(self) -> Fraction:
        """The sum of the marks of the quiz's items (of a lesson quiz: every item)."""
        return sum((q.mark for q in self.questions), Fraction(0))


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    description: str
    lessons: tuple[Lesson, ...]
    quizzes: tuple[Quiz, ...]
    final_exam: Quiz | None = None
    location: Location | None = field(default=None, compare=False)

    def all_quizzes(self) -> list[Quiz]:
        """The lesson quizzes, then the final exam (whose questions are its pool)."""
        return [*self.quizzes, *([self.final_exam] if self.final_exam else [])]


@dataclass(frozen=True)
class Bank:
    """Everything under a questions/ folder."""

    modules: tuple[Module, ...]

    def questions(self) -> list[Question]:
        """Every item: the lesson quizzes' and the final exam pools'."""
        return [q for m in self.modules for quiz in m.all_quizzes() for q in quiz.questions]


def format_mark(mark: Fraction) -> str:
    """A mark as authors write it: `2`, `0.5`, `1.25` (marks are whole hundredths)."""
    whole, hundredths = divmod(int(mark * 100), 100)
    return str(whole) if not hundredths else f"{whole}.{hundredths:02d}".rstrip("0")
