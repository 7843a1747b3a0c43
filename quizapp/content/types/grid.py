"""Parsers for items whose parts all choose from one shared list: matching (items choose from
a pool) and the matrix types (rows choose among columns)."""

from __future__ import annotations

from ..model import Detail, Option, Part
from ..reader import OPTION_ID_PATTERN, FileReader, describe
from ..yamlpos import Path
from .common import Built, key_ids, options, part_rows


def _parts(r: FileReader, path: Path, choices: tuple[Option, ...], *, many: bool,
           what: str, low: int, high: int) -> tuple[Part, ...] | None:
    """Rows or items: each {id, text, key, rationale}, keyed to ids of `choices`."""
    def build(p: Path) -> Part | None:
        pid = r.ident((*p, "id"), OPTION_ID_PATTERN)
        text, why = r.text((*p, "text")), r.text((*p, "rationale"))
        key = key_ids(r, (*p, "key"), choices, many=many, allow_empty=many,
                      what="column" if what == "row" else "option")
        if pid is None or text is None or why is None or key is None:
            return None
        return Part(pid, text, key, rationale=why, picks=0 if many else 1)

    return part_rows(r, path, low, high, what, ("id", "text", "key", "rationale"), build)


def matching(r: FileReader, path: Path) -> Built:
    """`items`, each matched to one option of the shared `options` pool."""
    pool = options(r, (*path, "options"), rationale=False)
    if pool is None:
        return None
    items = _parts(r, (*path, "items"), pool, many=False, what="item", low=2, high=8)
    if items is None:
        return None
    return pool, (), True, Detail(parts=items)


def _columns(r: FileReader, path: Path) -> tuple[Option, ...] | None:
    return options(r, (*path, "columns"), rationale=False, low=2, high=5, what="column")


def _matrix(r: FileReader, path: Path, *, many: bool
            ) -> tuple[tuple[Option, ...], tuple[Part, ...]] | None:
    """The `columns` and the `rows`, each row keyed to one column (or to a list of them)."""
    columns = _columns(r, path)
    if columns is None:
        return None
    rows = _parts(r, (*path, "rows"), columns, many=many, what="row", low=2, high=10)
    return None if rows is None else (columns, rows)


def matrix_multiple_choice(r: FileReader, path: Path) -> Built:
    """`rows`, each keyed to exactly one of the `columns` (one radio button per row)."""
    matrix = _matrix(r, path, many=False)
    if matrix is None:
        return None
    columns, rows = matrix
    return columns, (), False, Detail(parts=rows)


def matrix_multiple_response(r: FileReader, path: Path) -> Built:
    """`rows`, each keyed to a list of `columns` (checkboxes); scored +/- per column."""
    matrix = _matrix(r, path, many=True)
    if matrix is None:
        return None
    columns, rows = matrix
    for column in columns:
        if not any(column.id in row.key for row in rows):
            # +/- is counted per column: a column with no key could never cost a point.
            r.error((*path, "columns"), f"column '{column.id}' is not in any row's key; every "
                                        f"column of {describe(path)} needs at least one")
            return None
    return columns, (), False, Detail(parts=rows)
