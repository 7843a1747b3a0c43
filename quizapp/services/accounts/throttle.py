"""Login throttling that slows a guesser down without locking the rightful user out.

Failed logins are counted per account *and* address together: a guesser elsewhere does not
touch the count of the student at school, so nobody can lock a classmate out from home. After
FREE_FAILURES wrong passwords in a row from one address, each further try from there waits a
growing delay (1 s, 2 s, 4 s ... at most MAX_DELAY): a try within the wait is not checked at all,
so even the right password is not looked at, and after it the right password works again.
Success clears the count. A per-address ceiling (LOGIN_LIMIT_PER_ADDRESS, failures only,
enforced by Flask-Limiter on the route) stops one address from spraying many accounts; it is
set high enough for a whole class behind one school address.

Counts live in the limiter's storage (RATELIMIT_STORAGE_URI): `memory://` counts per process,
`redis://...` shares them between every worker and server (the production setting). If the
store is down, logins go on unthrottled and the error is logged: a broken counter must not keep
a class out of an exam.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

logger = logging.getLogger(__name__)

FREE_FAILURES = 3  # typos do not slow anyone down
BASE_DELAY = 1  # seconds after the first failure past the free ones; doubles each time
MAX_DELAY = 60  # the longest wait: what a classmate guessing behind the same NAT can cost
WINDOW = 15 * 60  # a count older than this (since its first failure) starts again


class Counter(Protocol):
    """The part of a `limits` storage the throttle uses (memory, Redis, ...)."""

    def incr(self, key: str, expiry: int, amount: int = 1) -> int: ...
    def get(self, key: str) -> int: ...
    def get_expiry(self, key: str) -> float: ...
    def clear(self, key: str) -> None: ...


@dataclass(frozen=True)
class Verdict:
    """`wait` seconds before this account may try again from this address (0: go ahead)."""

    wait: int


def delay_after(failures: int) -> int:
    """The wait after the n-th failure in a row: 0 for the free ones, then 1, 2, 4 ... MAX."""
    if failures <= FREE_FAILURES:
        return 0
    return min(MAX_DELAY, BASE_DELAY << (failures - FREE_FAILURES - 1))


class LoginThrottle:
    """Failure counts and waits per (account, address), in a shared Counter."""

    def __init__(self, store: Counter) -> None:
        self.store = store

    @staticmethod
    def _keys(account: str, address: str) -> tuple[str, str]:
        pair = f"{address}|{account[:64]}"
        return f"quizapp-login-fail/{pair}", f"quizapp-login-wait/{pair}"

    def check(self, account: str, address: str) -> Verdict:
        """Whether this account may try a password from this address now."""
        _, wait_key = self._keys(account, address)
        try:
            if self.store.get(wait_key) <= 0:
                return Verdict(0)
            left = self.store.get_expiry(wait_key) - time.time()
        except Exception:  # the store is down: log it and let the login go on
            logger.exception("login throttle store failed; login not throttled")
            return Verdict(0)
        return Verdict(max(1, math.ceil(left)))

    def failed(self, account: str, address: str) -> Verdict:
        """Count a wrong password; returns the wait it imposes on the next try."""
        fail_key, wait_key = self._keys(account, address)
        try:
            failures = self.store.incr(fail_key, WINDOW)
            wait = delay_after(failures)
            if wait:
                self.store.clear(wait_key)
                self.store.incr(wait_key, wait)
        except Exception:
            logger.exception("login throttle store failed; failure not counted")
            return Verdict(0)
        return Verdict(wait)

    def succeeded(self, account: str, address: str) -> None:
        """The right password: this account starts afresh from this address."""
        for key in self._keys(account, address):
            try:
                self.store.clear(key)
            except Exception:
                logger.exception("login throttle store failed; count not cleared")
