"""Filling a blueprint's cells from the pool: exact counts, no item twice, every time."""

from __future__ import annotations

import random

from quizapp.content.blueprint import fill


def test_an_item_two_cells_match_goes_where_it_is_needed() -> None:
    # Cell 0 can only take x; cell 1 takes x or y. Filling cell 1 first with x must be undone.
    filling = fill([1, 1], [["x"], ["x", "y"]])
    assert filling.complete and filling.chosen == (("x",), ("y",))


def test_a_short_cell_is_reported_with_how_many_it_lacks() -> None:
    filling = fill([2, 2], [["a", "b", "c"], ["a", "b", "c"]])
    assert not filling.complete and sum(filling.short) == 1
    assert sorted(i for c in filling.chosen for i in c) == ["a", "b", "c"]


def test_random_forms_always_have_the_exact_count_per_cell_and_no_repeats() -> None:
    pool = [f"i{n}" for n in range(12)]
    candidates = [pool[:6], pool[3:9], pool[:12], pool[8:]]
    draws = [2, 3, 4, 2]
    seen_forms = set()
    for seed in range(300):
        filling = fill(draws, candidates, random.Random(seed))
        assert filling.complete
        assert [len(c) for c in filling.chosen] == draws
        items = [i for c in filling.chosen for i in c]
        assert len(items) == len(set(items)) == sum(draws)
        assert all(set(c) <= set(cand) for c, cand in zip(filling.chosen, candidates, strict=True))
        seen_forms.add(tuple(sorted(items)))
    assert len(seen_forms) > 1  # the draw is random, not one fixed form
