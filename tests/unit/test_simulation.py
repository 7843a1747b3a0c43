"""The simulated clock and attempt seeds (quizapp/simulation.py): the demo class's replay
follows them; outside a simulation the real clock and unpredictable seeds are untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.models.types import utcnow
from quizapp.simulation import SEED_RANGE, attempt_seed, simulated, simulated_now

T0 = datetime(2030, 1, 2, 9, 0, tzinfo=UTC)


def test_inside_a_simulation_the_clock_is_the_simulations():
    with simulated(T0, 1) as sim:
        assert utcnow() == T0 and simulated_now() == T0
        sim.set_time(T0 + timedelta(hours=3))
        assert utcnow() == T0 + timedelta(hours=3)
    assert simulated_now() is None
    assert abs(utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_seeds_repeat_for_the_same_simulation_seed_only():
    def seeds(seed):
        with simulated(T0, seed):
            return [attempt_seed() for _ in range(5)]

    assert seeds(1) == seeds(1) != seeds(2)
    assert all(0 <= s < SEED_RANGE for s in seeds(3))
    assert len({attempt_seed() for _ in range(5)}) == 5  # outside: unpredictable


def test_the_clock_takes_only_aware_times():
    with simulated(T0, 1) as sim, pytest.raises(ValueError, match="naive"):
        sim.set_time(datetime(2030, 1, 2))
