"""Helpers shared by the parsers of the newer item types: option lists, keys, passages."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from ..images import MAX_OPTION_IMAGES, optional_images
from ..model import Detail, Option, Part
from ..reader import OPTION_ID_PATTERN, FileReader, describe
from ..slots import SLOT_PATTERN, misplaced_slots
from ..yamlpos import Path

# What a type parser returns: (options, key, shuffle allowed, detail), or None when unusable.
Built = tuple[tuple[Option, ...], tuple[str, ...], bool, Detail | None] | None



def options(r: FileReader, path: Path, *, rationale: bool = True, low: int = 2,
            high: int = 8, what: str = "option", images: bool = False,
            ) -> tuple[Option, ...] | None:
    """A list of {id, text, rationale} mappings (rationale optional unless `rationale`); with
    `images`, each may show one picture (`images:`)."""
    value = r.get(path)
    if not isinstance(value, list):
        r.items(path)  # records "must be a list" (or nothing when missing: the key check did)
        return None
    required = ("id", "text", "rationale") if rationale else ("id", "text")
    allowed = ("images",) if images else ()
    opts: list[Option] = []
    ok = True
    for opath in r.items(path):
        if not r.mapping(opath, required, allowed + (() if rationale else ("rationale",))):
            ok = False
            continue
        oid = r.ident((*opath, "id"), OPTION_ID_PATTERN)
        text = r.text((*opath, "text"))
        why = r.text((*opath, "rationale"), required=rationale)
        pictures = optional_images(r, opath, MAX_OPTION_IMAGES) if images else ()
        if oid is not None and oid in {o.id for o in opts}:
            r.error((*opath, "id"), f"duplicate {what} id '{oid}' in {describe(path)}")
            ok = False
        elif oid is None or text is None or why is None or pictures is None:
            ok = False
        else:
            opts.append(Option(oid, text, why, pictures))
    if ok and not low <= len(opts) <= high:
        r.error(path, f"{describe(path)} has {len(opts)} {what}(s); use {low} to {high}")
        ok = False
    return tuple(opts) if ok else None


def distinct_ids(r: FileReader, values: list[tuple[Path, Any]], known: Collection[str],
                 unknown: str, twice: str) -> list[str] | None:
    """The ids among `values` ((where, value) pairs) when each is one of `known` and none comes
    twice; otherwise None, with the first problem recorded where it is (the messages put the
    value in their {})."""
    key: list[str] = []
    for where, value in values:
        if not isinstance(value, str) or value not in known:
            r.error(where, unknown.format(value))
            return None
        if value in key:
            r.error(where, twice.format(value))
            return None
        key.append(value)
    return key


def key_ids(r: FileReader, path: Path, known: tuple[Option, ...], *, many: bool,
            what: str = "option", allow_empty: bool = False) -> tuple[str, ...] | None:
    """The key at `path`: one id (many=False) or a list of distinct ids, all of `known`."""
    raw = r.get(path)
    if many and not isinstance(raw, list):
        r.error(path, f"{describe(path)} must be a list of {what} ids, like [a, c]")
        return None
    if not many and not isinstance(raw, str):
        r.error(path, f"{describe(path)} must be one {what} id")
        return None
    ids = [o.id for o in known]
    values: list[Any] = raw if many else [raw]
    key = distinct_ids(r, [(path, v) for v in values], ids,
                       f"{describe(path)} names '{{}}', which is not one of the {what}s "
                       f"({', '.join(ids)})", f"{describe(path)} lists '{{}}' twice")
    if key is None:
        return None
    if not key and not allow_empty:
        r.error(path, f"{describe(path)} must not be empty")
        return None
    return tuple(key)


def passage(r: FileReader, path: Path, slot_ids: tuple[str, ...], what: str) -> str | None:
    """A Markdown passage whose {{ id }} slots name each of `slot_ids` exactly once."""
    text = r.text(path)
    if text is None:
        return None
    found = [m.group(1).strip() for m in SLOT_PATTERN.finditer(text)]
    ok = True
    for name in found:
        if name not in slot_ids:
            r.error(path, f"{describe(path)} has the slot '{{{{ {name} }}}}' but no {what} "
                          f"has the id '{name}' ({what}s: {', '.join(slot_ids)})")
            ok = False
    for sid in slot_ids:
        count = found.count(sid)
        if count != 1:
            r.error(path, f"{what} '{sid}' must appear once in {describe(path)} as "
                          f"{{{{ {sid} }}}}; it appears {count} time(s)")
            ok = False
    for name in misplaced_slots(text) if ok else ():
        r.error(path, f"{what} '{{{{ {name} }}}}' in {describe(path)} is not in the text: a "
                      f"slot may not stand inside a link (its text, address or title), an "
                      f"image or any other Markdown attribute; put it in the sentence itself")
        ok = False
    return text if ok else None


def part_rows(r: FileReader, path: Path, low: int, high: int, what: str, keys: tuple[str, ...],
              build: Callable[[Path], Part | None]) -> tuple[Part, ...] | None:
    """A list of parts (rows, items, blanks), `low` to `high` of them, each a mapping with
    `keys` that `build` reads, their ids distinct; None (problems recorded) otherwise."""
    paths = part_list(r, path, low, high, what)
    if paths is None:
        return None
    parts = [build(p) if r.mapping(p, keys) else None for p in paths]
    ids = [p.id if p else None for p in parts]
    if not paths or not unique_ids(r, paths, ids, what) or None in parts:
        return None
    return tuple(p for p in parts if p is not None)


def part_list(r: FileReader, path: Path, low: int, high: int, what: str) -> list[Path] | None:
    """The item paths of a list of parts (rows, items, blanks); None when not `low`-`high`."""
    value = r.get(path)
    if isinstance(value, list) and not low <= len(value) <= high:
        count = f"{low}" if low == high else f"{low} to {high}"
        r.error(path, f"{describe(path)} has {len(value)} {what}(s); it needs {count}")
        return None
    return r.items(path)


def unique_ids(r: FileReader, paths: list[Path], ids: list[str | None], what: str) -> bool:
    """Report repeated ids among parts; True when all are present and distinct."""
    seen: set[str] = set()
    ok = True
    for p, pid in zip(paths, ids, strict=True):
        if pid is None:
            ok = False
        elif pid in seen:
            r.error((*p, "id"), f"duplicate {what} id '{pid}'")
            ok = False
        else:
            seen.add(pid)
    return ok
