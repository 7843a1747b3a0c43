"""The export-mapping table as Markdown, for docs/interop.md (a test keeps the two equal)."""

from __future__ import annotations

from ..content.types import TYPES
from .mapping import FORMAT_NAMES, FORMATS, Mapping, export_mappings


def _cell(row: Mapping, qtype: str) -> str:
    rules = TYPES[qtype].rules
    exact = [r for r in rules if r in row.exact_rules]
    if len(exact) == len(rules):
        verdict = "exact"
    elif exact:
        verdict = f"exact for {', '.join(exact)}; other rules approximated"
    else:
        verdict = "approximated"
    if row.shown_note:
        verdict += " (looks different)"
    return f"{row.target}: {verdict}"


def mapping_table() -> str:
    """One row per question type, one column per export format."""
    lines = ["| Our type | " + " | ".join(FORMAT_NAMES[f] for f in FORMATS) + " |",
             "|---|" + "---|" * len(FORMATS)]
    for qtype, row in export_mappings().items():
        cells = " | ".join(_cell(row[f], qtype) for f in FORMATS)
        lines.append(f"| `{qtype}` | {cells} |")
    return "\n".join(lines) + "\n"
