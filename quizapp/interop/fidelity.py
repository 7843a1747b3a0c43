"""The fidelity model: per item, how faithfully a format holds it (exact / approximated /
not exported, with how and why), printed for a person and written as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXACT, APPROXIMATED, NOT_EXPORTED = "exact", "approximated", "not_exported"
NOT_CONVERTED = "not_converted"  # the import direction's "not exported"
STATUSES = (EXACT, APPROXIMATED, NOT_EXPORTED, NOT_CONVERTED)


@dataclass(frozen=True)
class ItemFidelity:
    """One item in one direction: `place` is where it was read (file:line or archive!member)."""

    item: str
    type: str
    status: str
    place: str = ""
    target: str = ""  # what the item became (a Moodle qtype, a QTI interaction ...)
    scoring_same: bool = True  # False when a learner can score differently there
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.item, "type": self.type, "status": self.status, "place": self.place,
                "target": self.target, "scoring_same": self.scoring_same,
                "notes": list(self.notes)}


@dataclass
class FidelityReport:
    """Everything one export (or conversion) did, item by item, and what became of lessons."""

    format: str
    direction: str = "export"  # or "convert"
    items: list[ItemFidelity] = field(default_factory=list)
    lessons: list[ItemFidelity] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in (EXACT, APPROXIMATED)}
        out[NOT_EXPORTED if self.direction == "export" else NOT_CONVERTED] = 0
        for item in self.items:
            out[item.status] = out.get(item.status, 0) + 1
        return out

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-able data (what `--report FILE` writes)."""
        return {"format": self.format, "direction": self.direction, "summary": self.counts(),
                "items": [i.to_json() for i in self.items],
                "lessons": [i.to_json() for i in self.lessons]}

    def summary_line(self) -> str:
        parts = [f"{n} {status.replace('_', ' ')}" for status, n in self.counts().items()]
        return f"{self.format}: {len(self.items)} item(s): {', '.join(parts)}"

    def lines(self) -> list[str]:
        """One line per item and per lesson (what a person reads), then the summary."""
        out = []
        for entry in [*self.items, *self.lessons]:
            where = f" [{entry.place}]" if entry.place else ""
            how = f" -> {entry.target}" if entry.target else ""
            score = "" if entry.scoring_same or entry.status in (NOT_EXPORTED, NOT_CONVERTED) \
                else " (scores differently)"
            out.append(f"{entry.status:<13} {entry.item} ({entry.type}){how}{score}{where}")
            out.extend(f"{'':<14}- {note}" for note in entry.notes)
        out.append(self.summary_line())
        return out
