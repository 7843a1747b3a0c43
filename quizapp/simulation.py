"""A simulated clock and attempt seeds, so the real services can replay a made-up history.

`quiz demo-class` runs simulated students through the same services a browser uses (start,
save, submit, practice, review), at times of its choosing and with reproducible draws. Inside
`simulated(...)` the server's clock (models.types.utcnow) reads the simulation's time and new
attempts take their seeds from its generator; outside it (everywhere else in the app) nothing
changes: the real clock and `secrets`. A context variable, so one simulation never leaks into
another thread or request.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

SEED_RANGE = 2**31  # attempt.seed: fits a 32-bit INTEGER on every backend


class Simulation:
    """The simulated time (moved by the caller) and the generator of attempt seeds."""

    def __init__(self, now: datetime, seed: int) -> None:
        self.now = now
        self.rng = random.Random(seed)

    def set_time(self, when: datetime) -> None:
        """Move the clock to `when` (timezone-aware: the app stores UTC)."""
        if when.tzinfo is None:
            raise ValueError("naive datetime given to the simulated clock")
        self.now = when.astimezone(UTC)


_current: ContextVar[Simulation | None] = ContextVar("simulation", default=None)


@contextmanager
def simulated(now: datetime, seed: int) -> Iterator[Simulation]:
    """Run the block on a simulated clock starting at `now`, with seeded attempt seeds."""
    simulation = Simulation(now, seed)
    simulation.set_time(now)
    token = _current.set(simulation)
    try:
        yield simulation
    finally:
        _current.reset(token)


def simulated_now() -> datetime | None:
    """The simulated time, or None outside a simulation."""
    simulation = _current.get()
    return simulation.now if simulation is not None else None


def attempt_seed() -> int:
    """The seed of a new attempt (question draw and option order): unpredictable, except in a
    simulation, where it comes from the simulation's seeded generator."""
    simulation = _current.get()
    if simulation is None:
        return secrets.randbelow(SEED_RANGE)
    return simulation.rng.randrange(SEED_RANGE)
