"""Case studies as frozen content objects: the client record (five tabs, as the Next
Generation NCLEX shows it) and the stages of an unfolding case. No Flask, no database.

A case's items each carry the case in their snapshot, but only as far as their own stage:
an item of stage 2 stores the starting record and the additions of stages 1 and 2, never
what later stages add. Editing a later stage therefore leaves earlier items' versions alone,
and a page built from the items a student has reached can never show a later stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .image_model import Image, images_from, images_json
from .location import Location

# The record's tabs in the order NCLEX shows them; YAML keys and snapshot keys are the same.
RECORD_TABS = ("nurses_notes", "history_and_physical", "vital_signs", "laboratory_results",
               "orders")
RECORD_TAB_TITLES = {
    "nurses_notes": "Nurses' Notes",
    "history_and_physical": "History and Physical",
    "vital_signs": "Vital Signs",
    "laboratory_results": "Laboratory Results",
    "orders": "Orders/MAR",
}
NAVIGATION = ("locked", "free")


@dataclass(frozen=True)
class Record:
    """Markdown text per tab (empty when the tab says nothing at this point)."""

    nurses_notes: str = ""
    history_and_physical: str = ""
    vital_signs: str = ""
    laboratory_results: str = ""
    orders: str = ""

    def tabs(self) -> dict[str, str]:
        """The tabs that say something, in NCLEX order."""
        return {tab: getattr(self, tab) for tab in RECORD_TABS if getattr(self, tab)}

    def to_json(self) -> dict[str, str]:
        return self.tabs()

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Record:
        return cls(**{tab: data.get(tab, "") for tab in RECORD_TABS})


@dataclass(frozen=True)
class Stage:
    """One point in time of an unfolding case: what it adds to the record, and its items."""

    id: str
    title: str
    record: Record = Record()
    question_ids: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "record": self.record.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stage:
        return cls(data["id"], data["title"], Record.from_json(data.get("record", {})))


@dataclass(frozen=True)
class Case:
    """A case study. The older single-scenario form has `scenario` and no stages; an unfolding
    case has a starting `record` and `stages`. In a question's case, `stage` is the index of
    the question's own stage and `stages` runs only up to it (see the module docstring)."""

    id: str
    title: str
    scenario: str = ""
    navigation: str = "locked"  # locked: a stage once left is closed; free: may go back
    record: Record = Record()
    stages: tuple[Stage, ...] = ()
    stage: int | None = None  # the question's stage (index into the full list of stages)
    stage_count: int = 0  # how many stages the whole case has
    lesson: str | None = None  # in an exam pool: the lesson the case belongs to
    location: Location | None = field(default=None, compare=False)
    images: tuple[Image, ...] = ()  # pictures shown with the scenario or the record

    @property
    def unfolding(self) -> bool:
        return bool(self.stages)

    def at_stage(self, index: int) -> Case:
        """The case as an item of stage `index` carries it: stages up to and including it."""
        return replace(self, stages=self.stages[:index + 1], stage=index,
                       stage_count=len(self.stages))

    def record_at(self, index: int) -> dict[str, list[tuple[str, bool]]]:
        """Per tab, the entries shown at stage `index`: the starting record, then each stage's
        additions in order, each flagged True when it is new at that stage."""
        shown: dict[str, list[tuple[str, bool]]] = {}
        entries = [(self.record, False)] + [(s.record, i == index)
                                            for i, s in enumerate(self.stages[:index + 1])]
        for record, new in entries:
            for tab, text in record.tabs().items():
                shown.setdefault(tab, []).append((text, new))
        return {tab: shown[tab] for tab in RECORD_TABS if tab in shown}

    def as_scenario(self) -> str:
        """The case as one Markdown scenario (what other systems, without stages or tabs, can
        show): the older form's scenario, or the record at the item's stage, tab by tab."""
        if not self.unfolding or self.stage is None:
            return self.scenario
        head = (f"*Stage {self.stage + 1} of {self.stage_count}: "
                f"{self.stages[self.stage].title}*")
        tabs = [f"**{RECORD_TAB_TITLES[tab]}**\n\n" + "\n\n".join(text for text, _ in entries)
                for tab, entries in self.record_at(self.stage).items()]
        return "\n\n".join([head, *tabs])

    def to_json(self) -> dict[str, Any]:
        if not self.unfolding:  # the older form keeps its snapshot (and content hash) exactly
            out: dict[str, Any] = {"id": self.id, "title": self.title,
                                   "scenario": self.scenario}
            if self.images:
                out["images"] = images_json(self.images)
            return out
        data: dict[str, Any] = {
            "id": self.id, "title": self.title, "navigation": self.navigation,
            "record": self.record.to_json(), "stages": [s.to_json() for s in self.stages],
            "stage": self.stage, "stage_count": self.stage_count,
        }
        if self.lesson is not None:
            data["lesson"] = self.lesson
        if self.images:
            data["images"] = images_json(self.images)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        images = images_from(data.get("images"))
        if "stages" not in data:
            return cls(data["id"], data["title"], data.get("scenario", ""), images=images)
        return cls(data["id"], data["title"], navigation=data["navigation"],
                   record=Record.from_json(data["record"]),
                   stages=tuple(Stage.from_json(s) for s in data["stages"]),
                   stage=data["stage"], stage_count=data["stage_count"],
                   lesson=data.get("lesson"), images=images)
