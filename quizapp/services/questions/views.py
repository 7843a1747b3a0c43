"""Read models for one question on the attempt and result pages: frozen dataclasses that the
widgets in templates/learner/ render (_widgets.html, then widgets/<widget>.html)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageView:
    """A picture the page shows: the stored file's digest (for its URL) and its alt text."""

    digest: str
    alt: str


@dataclass(frozen=True)
class OptionView:
    id: str
    html: str
    chosen: bool
    correct: bool = False
    rationale_html: str = ""
    images: tuple[ImageView, ...] = ()


@dataclass(frozen=True)
class PartView:
    """A matrix row, matching item, drop-down, bow-tie group or ordered position."""

    id: str
    label_html: str
    options: tuple[OptionView, ...]
    picks: int = 1  # 1: one choice; 0: any number; N: at most N
    rationale_html: str = ""
    correct: bool | None = None  # set on the result page only
    name: str = ""  # a drop-down in a passage: the sentence it completes (plain text)

    @property
    def multiple(self) -> bool:
        return self.picks != 1

    @property
    def chosen(self) -> tuple[OptionView, ...]:
        return tuple(o for o in self.options if o.chosen)

    @property
    def keys(self) -> tuple[OptionView, ...]:
        return tuple(o for o in self.options if o.correct)


@dataclass(frozen=True)
class Segment:
    """A piece of a passage: sanitised HTML, then the widget for `slot` (when set)."""

    html: str
    slot: str = ""


@dataclass(frozen=True)
class RecordEntry:
    """One entry of a record tab: the starting record's, or a stage's addition."""

    html: str
    new: bool  # added at the stage being shown: marked "New"


@dataclass(frozen=True)
class RecordTab:
    """A tab of the client record (Nurses' Notes, Vital Signs ...) as shown at one stage."""

    key: str
    title: str
    entries: tuple[RecordEntry, ...]

    @property
    def has_new(self) -> bool:
        return any(e.new for e in self.entries)


@dataclass(frozen=True)
class CaseView:
    id: str
    title: str
    scenario_html: str
    repeat: bool  # the item before shows the same case (and stage): start folded
    # An unfolding case: the item's stage (0-based) of `stage_count`, and the record as it
    # stands at that stage (later stages are not in the item's snapshot at all).
    stage: int | None = None
    stage_count: int = 0
    stage_title: str = ""
    record: tuple[RecordTab, ...] = ()
    last: bool = False  # the last item of this case on the page (its controls follow)
    images: tuple[ImageView, ...] = ()

    @property
    def unfolding(self) -> bool:
        return self.stage is not None

    @property
    def has_new(self) -> bool:
        return any(tab.has_new for tab in self.record)


@dataclass(frozen=True)
class ItemView:
    question_id: str
    number: int
    type: str
    stem_html: str
    widget: str  # templates/learner/widgets/<widget>.html shows it (from the type registry)
    multiple: bool
    options: tuple[OptionView, ...]
    answered: bool
    earned: int | None = None
    possible: int | None = None
    source: str | None = None
    general_feedback_html: str = ""
    picks: int = 0  # select_n: choose at most this many
    parts: tuple[PartView, ...] = ()
    segments: tuple[Segment, ...] = ()
    text: str = ""  # numeric, short_text: what was typed
    text_note: str = ""  # e.g. why a typed number could not be read
    unit: str = ""
    key_html: str = ""  # numeric, short_text: what is accepted (result page only)
    rationale_html: str = ""
    case: CaseView | None = None
    instruction: str = ""  # the line under the stem, from the type registry
    images: tuple[ImageView, ...] = ()  # under the stem
    error: str = ""  # why the answer shown was not saved (an answer the server refused)
    error_part: str | None = None  # the part that answer's problem is in

    @property
    def error_id(self) -> str:
        return f"q{self.number}-error"

    @property
    def outcome(self) -> str:
        if self.earned is None or self.possible is None:
            return ""
        if self.earned == self.possible:
            return "correct"
        return "partly correct" if self.earned else "incorrect"

    def part(self, part_id: str) -> PartView | None:
        return next((p for p in self.parts if p.id == part_id), None)

    def option(self, option_id: str) -> OptionView | None:
        return next((o for o in self.options if o.id == option_id), None)
