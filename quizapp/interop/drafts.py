"""What readers produce: questions already shaped as our YAML (mappings), with the notes of
anything approximated and the place they came from; `yamlout` writes them as a module."""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..content.lint_imported import PLACEHOLDER_RATIONALE
from ..content.model import BLOOM_LEVELS, CLIENT_NEEDS, CLINICAL_JUDGEMENT_STEPS, DIFFICULTIES
from .fidelity import NOT_CONVERTED, ItemFidelity

NO_RATIONALE = PLACEHOLDER_RATIONALE
DEFAULT_META = {"difficulty": "medium", "bloom": "apply", "client_need": "management-of-care"}
MAX_OPTIONS = 8


@dataclass
class Draft:
    """One converted item (or a case of items) as a YAML mapping, and how it was converted."""

    data: dict[str, Any]
    place: str
    source_type: str
    notes: list[str] = field(default_factory=list)


@dataclass
class DraftLesson:
    """A category (Moodle) or assessment (Canvas): becomes one lesson file with its quiz."""

    id: str
    title: str
    place: str
    sections: list[dict[str, str]] = field(default_factory=list)
    items: list[Draft] = field(default_factory=list)


@dataclass
class DraftBank:
    """Everything read from one input, ready to be written; `skipped` lists what was not."""

    title: str
    format: str
    lessons: list[DraftLesson] = field(default_factory=list)
    skipped: list[ItemFidelity] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # images/<name> -> cleaned bytes

    def skip(self, name: str, qtype: str, place: str, why: str) -> None:
        self.skipped.append(ItemFidelity(name, qtype, NOT_CONVERTED, place, "", False, (why,)))


class Unconvertible(ValueError):
    """An item that cannot become one of ours; the message says why (for the report)."""


def slug(text: str, fallback: str = "item", limit: int = 48) -> str:
    """An id for our schema (lowercase letters, digits, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return out or fallback


class Ids:
    """Hands out unique ids within a module."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str, fallback: str = "item") -> str:
        base = slug(wanted, fallback)
        candidate, n = base, 2
        while candidate in self.used:
            candidate = f"{base[:56]}-{n}"
            n += 1
        self.used.add(candidate)
        return candidate


def letters(count: int) -> list[str]:
    """Option ids a, b, c ... (aa, ab ... past z, which no item of ours reaches)."""
    alphabet = string.ascii_lowercase
    return [alphabet[i] if i < 26 else alphabet[i // 26 - 1] + alphabet[i % 26]
            for i in range(count)]


def rationale(text: str, missing: list[int]) -> str:
    if text.strip():
        return text.strip()
    missing.append(1)
    return NO_RATIONALE


def meta_from_tags(tags: list[str], notes: list[str]) -> dict[str, Any]:
    """Our metadata from tags our export wrote (difficulty:..., cn:..., ...), else defaults."""
    found: dict[str, str] = {}
    for tag in tags:
        key, _, value = tag.partition(":")
        found[key.strip().lower()] = value.strip()
    meta: dict[str, Any] = dict(DEFAULT_META)
    if found.get("difficulty") in DIFFICULTIES:
        meta["difficulty"] = found["difficulty"]
    if found.get("bloom") in BLOOM_LEVELS:
        meta["bloom"] = found["bloom"]
    if found.get("cn") in CLIENT_NEEDS:
        meta["client_need"] = found["cn"]
    if found.get("cj") in CLINICAL_JUDGEMENT_STEPS:
        meta["clinical_judgement"] = found["cj"]
    if found.get("src"):
        meta["source"] = found["src"]
    # Defaults are said once, in each lesson file's header comment, not per item.
    return meta


def check_count(what: str, count: int, low: int, high: int) -> None:
    if not low <= count <= high:
        raise Unconvertible(f"has {count} {what}; our items take {low} to {high}")
