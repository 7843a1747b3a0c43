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
from .image_model import Image as Image
from .image_model import images_from as images_from
from .image_model import images_json as images_json
from .lesson_model import Figure as Figure
from .lesson_model import KeyTerm as KeyTerm
from .lesson_model import Lesson as Lesson
from .lesson_model import Reference as Reference
from .lesson_model import Section as Section
from .location import Location as Location  # re-exported: older imports name model
from .memo import SnapshotMemo
from .settings import Blueprint, QuizSettings

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
@dataclass(frozen=True)
class Option:
    id: str
    text: str
    rationale: str
    images: tuple[Image, ...] = ()

    def to_json(self) -> list[Any]:
        """[id, text, rationale], and the images only when there are some (old hashes hold)."""
        out: list[Any] = [self.id, self.text, self.rationale]
        if self.images:
            out.append(images_json(self.images))
        return out

    @classmethod
    def from_json(cls, data: list[Any]) -> Option:
        return cls(data[0], data[1], data[2], images_from(data[3] if len(data) > 3 else None))


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
        return cls(pid, text, tuple(key), tuple(Option.from_json(o) for o in options), rationale,
                   picks)


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
    images: tuple[Image, ...] = ()  # shown under the stem

    @property
    def parts(self) -> tuple[Part, ...]:
        return self.detail.parts if self.detail else ()

    def all_images(self) -> list[Image]:
        """Every image the item shows: under its stem, in its options and in its case record."""
        images = list(self.images)
        for option in self.options:
            images.extend(option.images)
        if self.case is not None:
            images.extend(self.case.images)
        return images

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def to_snapshot(self) -> dict[str, Any]:
        """The JSON-able form stored with each version (no file location: moving isn't editing)."""
        snap: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "stem": self.stem,
            "options": [o.to_json() for o in self.options],
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
        if self.images:
            snap["images"] = images_json(self.images)
        return snap

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any]) -> Question:
        """Rebuild a question from a stored snapshot (built once per process for each
        distinct snapshot: see content/memo.py)."""
        return _SNAPSHOTS.get(snap)

    @classmethod
    def from_snapshot_text(cls, text: str) -> Question:
        """As from_snapshot, from the snapshot's stored JSON text (`models.SNAPSHOT_TEXT`),
        without decoding it when an equal text was built before."""
        return _SNAPSHOTS.get_text(text)

    @classmethod
    def _build(cls, snap: dict[str, Any]) -> Question:
        return cls(
            id=snap["id"],
            type=snap["type"],
            stem=snap["stem"],
            options=tuple(Option.from_json(o) for o in snap["options"]),
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
            images=images_from(snap.get("images")),
        )

    def content_hash(self) -> str:
        """A stable digest of the snapshot: equal hashes mean an unchanged question."""
        canonical = json.dumps(self.to_snapshot(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SNAPSHOTS: SnapshotMemo[Question] = SnapshotMemo(Question._build)


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
