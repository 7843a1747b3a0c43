"""Parsers for items that choose among one list of options: select_n, ordered_response and
highlight (whose options are phrases of a passage)."""

from __future__ import annotations

from ..model import Detail
from ..reader import FileReader, describe
from ..yamlpos import Path
from .common import Built, key_ids, options, passage


def select_n(r: FileReader, path: Path) -> Built:
    """`select: N` options out of the list; at least N keys and at least one wrong option."""
    opts = options(r, (*path, "options"), images=True)
    picks = r.integer((*path, "select"), 1, 7)
    if opts is None or picks is None:
        return None
    key = key_ids(r, (*path, "key"), opts, many=True)
    if key is None:
        return None
    if len(key) < picks:
        r.error((*path, "key"), f"select_n asks for {picks} choices but the key has only "
                                f"{len(key)}; full marks would be out of reach")
        return None
    if len(key) == len(opts):
        r.error((*path, "key"), "select_n needs at least one wrong option; every option is keyed")
        return None
    if picks >= len(opts):
        r.error((*path, "select"), f"select: {picks} leaves nothing to decide among "
                                   f"{len(opts)} options")
        return None
    return opts, key, True, Detail(picks=picks)


def ordered_response(r: FileReader, path: Path) -> Built:
    """Options are the items to put in order; `key` lists every item id in the right order."""
    opts = options(r, (*path, "options"), low=3, what="item", images=True)
    if opts is None:
        return None
    key = key_ids(r, (*path, "key"), opts, many=True, what="item")
    if key is None:
        return None
    missing = [o.id for o in opts if o.id not in key]
    if missing:
        r.error((*path, "key"), f"the order in {describe((*path, 'key'))} must place every "
                                f"item; missing: {', '.join(missing)}")
        return None
    return opts, key, True, Detail()


def highlight(r: FileReader, path: Path) -> Built:
    """A passage whose {{ id }} slots are the selectable phrases; `key` names those to pick."""
    phrases = options(r, (*path, "phrases"), low=2, high=16, what="phrase")
    if phrases is None:
        return None
    text = passage(r, (*path, "passage"), tuple(p.id for p in phrases), "phrase")
    key = key_ids(r, (*path, "key"), phrases, many=True, what="phrase")
    if text is None or key is None:
        return None
    if len(key) == len(phrases):
        r.error((*path, "key"), "highlight needs at least one phrase that is not keyed")
        return None
    # Phrases stay in passage order: shuffling would scramble the text.
    return phrases, key, False, Detail(passage=text)
