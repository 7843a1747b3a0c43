"""Parsers for items whose parts have their own choices: drop-downs in a passage (cloze and
the rationale dyad) and the bow-tie's three groups."""

from __future__ import annotations

from ..model import Detail, Part
from ..reader import OPTION_ID_PATTERN, FileReader
from ..yamlpos import Path
from .common import Built, key_ids, options, part_rows, passage


def _blanks(r: FileReader, path: Path, low: int, high: int) -> tuple[Part, ...] | None:
    def build(p: Path) -> Part | None:
        bid = r.ident((*p, "id"), OPTION_ID_PATTERN)
        opts = options(r, (*p, "options"), rationale=False)
        why = r.text((*p, "rationale"))
        key = key_ids(r, (*p, "key"), opts, many=False) if opts else None
        if bid is None or opts is None or key is None or why is None:
            return None
        return Part(bid, "", key, opts, why)

    return part_rows(r, path, low, high, "blank", ("id", "options", "key", "rationale"), build)


def _cloze(r: FileReader, path: Path, low: int, high: int) -> Built:
    blanks = _blanks(r, (*path, "blanks"), low, high)
    ids = tuple(b.id for b in blanks) if blanks else ()
    text = passage(r, (*path, "passage"), ids, "blank") if blanks else None
    if blanks is None or text is None:
        return None
    return (), (), True, Detail(passage=text, parts=blanks)


def drop_down_cloze(r: FileReader, path: Path) -> Built:
    """A passage with 1-6 {{ blank }} slots, each a drop-down with its own options and key."""
    return _cloze(r, path, 1, 6)


def drop_down_rationale(r: FileReader, path: Path) -> Built:
    """"The nurse should {{ action }} because {{ reason }}": exactly two linked drop-downs."""
    return _cloze(r, path, 2, 2)


# The bow-tie's groups in reading order (left wing, knot, right wing), with their picks.
BOW_TIE_GROUPS = (
    ("actions", "Actions to take", 2),
    ("condition", "Condition most likely", 1),
    ("parameters", "Parameters to monitor", 2),
)


def bow_tie(r: FileReader, path: Path) -> Built:
    """One condition, two actions and two parameters, each group chosen from its own pool."""
    groups: list[Part | None] = []
    for gid, default_label, picks in BOW_TIE_GROUPS:
        gpath = (*path, gid)
        if not r.mapping(gpath, ("options", "key"), ("label",)):
            groups.append(None)
            continue
        label = r.text((*gpath, "label"), required=False, default=default_label)
        opts = options(r, (*gpath, "options"), low=picks + 1)
        key = key_ids(r, (*gpath, "key"), opts, many=picks > 1) if opts else None
        if key is not None and len(key) != picks:
            r.error((*gpath, "key"), f"the bow-tie's {gid} key needs exactly {picks} ids, "
                                     f"found {len(key)}")
            key = None
        groups.append(None if label is None or opts is None or key is None
                      else Part(gid, label, key, opts, picks=picks))
    if None in groups:
        return None
    return (), (), True, Detail(parts=tuple(g for g in groups if g is not None))
