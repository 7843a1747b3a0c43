"""The order an attempt shows a question's options in: fixed by the attempt's seed, so a reload
shows the same order and no order needs storing."""

from __future__ import annotations

import random

from ...content.model import Question as QuestionContent


def option_order(seed: int, question: QuestionContent) -> list[str]:
    """The option ids in the order this attempt shows them (stable for the attempt)."""
    ids = [o.id for o in question.options]
    if question.shuffle:
        random.Random(f"{seed}:{question.id}").shuffle(ids)
    return ids
