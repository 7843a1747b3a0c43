"""How faithfully each export format holds an item, from its type's export mapping in the
question-type registry (content/types/exports.py holds the data): exact, approximated (how,
and whether a learner can score differently) or not exported (why)."""

from __future__ import annotations

from ..content.model import Question
from ..content.types import TYPES
from ..content.types.exports import ExportTarget
from .fidelity import APPROXIMATED, EXACT, NOT_EXPORTED, ItemFidelity

FORMATS = ("moodle", "canvas-qti", "qti21", "qti3")
FORMAT_NAMES = {"moodle": "Moodle XML", "canvas-qti": "Canvas QTI 1.2",
                "qti21": "QTI 2.1", "qti3": "QTI 3.0"}


Mapping = ExportTarget
_CASE = "shared case scenario copied into the item's text; stages shown as one scenario"


def export_mappings() -> dict[str, dict[str, ExportTarget]]:
    """Type -> format -> target, for every type the registry gives an export mapping."""
    return {name: spec.export for name, spec in TYPES.items() if spec.export}


def mapping_for(qtype: str, fmt: str) -> ExportTarget | None:
    """The row for `qtype` in `fmt`, or None when the type has none (not exportable)."""
    spec = TYPES.get(qtype)
    return spec.export.get(fmt) if spec is not None and spec.export else None


def item_fidelity(question: Question, fmt: str) -> ItemFidelity:
    """How faithfully `fmt` holds `question`: exact, approximated (how) or not exported (why)."""
    name = FORMAT_NAMES[fmt]
    place = f"{question.location.file}:{question.location.line}" if question.location else ""
    row = mapping_for(question.type, fmt)
    if row is None or not row.target:
        why = row.scoring_note if row else f"{name} has no mapping for this type"
        return ItemFidelity(question.id, question.type, NOT_EXPORTED, place, "", False, (why,))
    notes: list[str] = []
    scoring_same = question.scoring in row.exact_rules
    if not scoring_same:
        notes.append(row.scoring_note.format(fmt=name))
    if row.shown_note:
        notes.append(row.shown_note)
    if question.case is not None:
        notes.append(_CASE)
    if not row.option_pictures and any(o.images for o in question.options):
        notes.append(f"pictures in the options are left out ({name} has no place for them "
                     "there)")
    status = EXACT if not notes else APPROXIMATED
    return ItemFidelity(question.id, question.type, status, place, row.target, scoring_same,
                        tuple(notes))
