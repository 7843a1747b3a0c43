"""HTTP for the calls we make to an LMS (key sets, tokens, scores, rosters): every request has
a timeout, so an LMS that hangs never holds an app server's worker for long."""

from __future__ import annotations

from typing import Any

import requests

# (connect, read) seconds: an LMS that is up answers a score or a roster page well within this.
TIMEOUT = (5.0, 20.0)
USER_AGENT = "quizapp-lti (LTI 1.3 tool)"


class TimeoutSession(requests.Session):
    """A requests session whose requests time out unless told otherwise."""

    def __init__(self, timeout: tuple[float, float] = TIMEOUT) -> None:
        super().__init__()
        self.timeout = timeout
        self.headers["User-Agent"] = USER_AGENT

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)
