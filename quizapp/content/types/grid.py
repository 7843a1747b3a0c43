"""Parsers for items whose parts all choose from one shared list: matching (items choose from
a pool) and the matrix types (rows choose among columns)."""

from __future__ import annotations

from ..model import Detail, Option, Part
from ..reader import OPTION_ID_PATTERN, FileReader, describe
from ..yamlpos import Path
from .common import Built, key_ids, options, part_list, unique_ids


def _parts(r: FileReader, path: Path, choices: tuple[Option, ...], *, many: bool,
           what: str, low: int, high: int) -> tuple[Part, ...] | None:
    """Rows or items: each {id, text, key, rationale}, keyed to ids of `choices`."""
    paths = part_list(r, path, low, high, what)
    if paths is None:
        return None
    parts: list[Part | None] = []
    for p in paths:
        if not r.mapping(p, ("id", "text", "key", "rationale")):
            parts.append(None)
            continue
        pid = r.ident((*p, "id"), OPTION_ID_PATTERN)
        text, why = r.text((*p, "text")), r.text((*p, "rationale"))
        key = key_ids(r, (*p, "key"), choices, many=many, allow_empty=many,
                      what="column" if what == "row" else "option")
        ok = None not in (pid, text, why, key)
        parts.append(Part(pid, text, key, rationale=why, picks=0 if many else 1) if ok else None)
    ids = [p.id if p else None for p in parts]
    if not paths or not unique_ids(r, paths, ids, what) or None in parts:
        return None
    return tuple(p for p in parts if p is not None)


def matching(r: FileReader, path: Path) -> Built:
    """`items`, each matched to one option of the shared `options` pool."""
    pool = options(r, (*path, "options"), rationale=False, images=True)
    if pool is None:
        return None
    items = _parts(r, (*path, "items"), pool, many=False, what="item", low=2, high=8)
    if items is None:
        return None
    return pool, (), True, Detail(parts=items)


def _columns(r: FileReader, path: Path) -> tuple[Option, ...] | None:
    return options(r, (*path, "columns"), rationale=False, low=2, high=5, what="column")


def matrix_multiple_choice(r: FileReader, path: Path) -> Built:
    """`rows`, each keyed to exactly one of the `columns` (one radio button per row)."""
    columns = _columns(r, path)
    if columns is None:
        return None
    rows = _parts(r, (*path, "rows"), columns, many=False, what="row", low=2, high=10)
    if rows is None:
        return None
    return columns, (), False, Detail(parts=rows)


def matrix_multiple_response(r: FileReader, path: Path) -> Built:
    """`rows`, each keyed to a list of `columns` (checkboxes); scored +/- per column."""
    columns = _columns(r, path)
    if columns is None:
        return None
    rows = _parts(r, (*path, "rows"), columns, many=True, what="row", low=2, high=10)
    if rows is None:
        return None
    for column in columns:
        if not any(column.id in row.key for row in rows):
            # +/- is counted per column: a column with no key could never cost a point.
            r.error((*path, "columns"), f"column '{column.id}' is not in any row's key; every "
                                        f"column of {describe(path)} needs at least one")
            return None
    return columns, (), False, Detail(parts=rows)
