"""Option (distractor) frequencies, per part for the items made of parts, and the "never
chosen" checks that read them.

A choice item has one group of options. An item made of parts has one group per part (a
matrix row, a matching item, a drop-down, a bow-tie group, an ordered position), counted over
the responses that contain the item. Parts that choose from one shared list (matrix columns,
matching choices, the items to order) are `shared`: there a distractor is one nobody chose in
any part, and a part's key never chosen says the key may be wrong. Typed answers (short text,
numeric) are grouped by what was typed, so nothing there is "never chosen".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .items import OptionStat, option_stats


@dataclass(frozen=True)
class OptionGroup:
    """The options of one part (or of the whole item: `part` and `label` empty)."""

    part: str
    label: str
    options: tuple[OptionStat, ...]
    unanswered: int  # responses that left this part blank
    shared: bool = False  # the parts choose from one list (matrix, matching, ordering)
    typed: bool = False  # rows are typed answers, not options


def option_group(part: str, label: str, options: Sequence[tuple[str, str, bool]],
                 counts: Mapping[str, int], responses: int, answered: int, *,
                 shared: bool = False) -> OptionGroup:
    """How often each option of one part was chosen, in the part's own option order."""
    return OptionGroup(part, label, option_stats(options, counts, responses),
                       max(0, responses - answered), shared)


def typed_group(rows: Sequence[tuple[str, bool, int]], responses: int, answered: int,
                label: str = "") -> OptionGroup:
    """Typed answers as rows of (answer, accepted, count), most frequent first."""
    stats = tuple(OptionStat(str(n), text, accepted, count,
                             count / responses if responses else None)
                  for n, (text, accepted, count) in enumerate(rows, 1))
    return OptionGroup("", label, stats, max(0, responses - answered), typed=True)


def never_chosen(groups: Sequence[OptionGroup]) -> list[str]:
    """The "never chosen" checks, true to each kind of group."""
    out: list[str] = []
    pooled: dict[str, int] = {}
    for g in groups:
        where = f"{g.label}: " if g.label else ""
        if g.typed:
            continue
        for o in g.options:
            if g.shared:
                pooled[o.id] = pooled.get(o.id, 0) + o.count
                if o.is_key and o.count == 0:
                    out.append(f"{where}its key '{o.id}' was never chosen. Check the key.")
            elif o.count == 0:
                what = "the key" if o.is_key else "a distractor that does not work"
                out.append(f"{where}option '{o.id}' was never chosen ({what}).")
    out += [f"Option '{oid}' was never chosen in any part (a distractor that does not work)."
            for oid, n in pooled.items() if n == 0
            and not any(o.id == oid and o.is_key for g in groups for o in g.options)]
    return [line[0].upper() + line[1:] for line in out]
