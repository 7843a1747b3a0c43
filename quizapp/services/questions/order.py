"""The order an attempt shows a question's options in: fixed by the attempt's seed, so a reload
shows the same order and no order needs storing."""

from __future__ import annotations

import random

from ...content.model import Option
from ...content.model import Question as QuestionContent


def option_order(seed: int, question: QuestionContent) -> list[str]:
    """The option ids in the order this attempt shows them (stable for the attempt)."""
    ids = [o.id for o in question.options]
    if question.shuffle:
        random.Random(f"{seed}:{question.id}").shuffle(ids)
    return ids


def ordered_options(seed: int, question: QuestionContent) -> list[Option]:
    """The options themselves, in the order this attempt shows them."""
    return pick(question.options, option_order(seed, question))


def pick(options: tuple[Option, ...], ids: list[str]) -> list[Option]:
    """The options with these ids, in this order (the ids come from the same options)."""
    by_id = {o.id: o for o in options}
    return [by_id[oid] for oid in ids]
