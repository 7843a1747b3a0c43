"""The case study above an item: the older scenario, or an unfolding case's record as it
stands at the item's stage (tabs in NCLEX order, each stage's additions marked New while that
stage is shown). Built only from the item's snapshot, which holds no later stage. No DB."""

from __future__ import annotations

from dataclasses import replace

from ...content.case import RECORD_TAB_TITLES, Case
from ...content.image_model import Image
from ...rendering import markdown_to_html
from .views import CaseView, ImageView, ItemView, RecordEntry, RecordTab


def image_views(images: tuple[Image, ...]) -> tuple[ImageView, ...]:
    """What a page needs to show each picture (the template makes its URL)."""
    return tuple(ImageView(i.digest, i.alt) for i in images)


def case_view(case: Case, repeat: bool) -> CaseView:
    """The view of `case` as the item that carries it shows it."""
    images = image_views(case.images)
    if not case.unfolding or case.stage is None:
        return CaseView(case.id, case.title, markdown_to_html(case.scenario), repeat,
                        images=images)
    record = tuple(
        RecordTab(tab, RECORD_TAB_TITLES[tab],
                  tuple(RecordEntry(markdown_to_html(text), new and case.stage > 0)
                        for text, new in entries))
        for tab, entries in case.record_at(case.stage).items())
    return CaseView(case.id, case.title, "", repeat, stage=case.stage,
                    stage_count=case.stage_count, stage_title=case.stages[case.stage].title,
                    record=record, images=images)


def same_showing(previous: CaseView | None, case: Case) -> bool:
    """Whether the item before already showed this case at this stage (so fold it here)."""
    return (previous is not None and previous.id == case.id
            and previous.stage == (case.stage if case.unfolding else None))


def mark_last(items: list[ItemView]) -> list[ItemView]:
    """Flag each case's last item on the page (where its stage controls go)."""
    out = list(items)
    for i, item in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else None
        if item.case is not None and (nxt is None or nxt.case is None
                                      or nxt.case.id != item.case.id):
            out[i] = replace(item, case=replace(item.case, last=True))
    return out
