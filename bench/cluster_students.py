"""The student of bench/burst.py (log in, start the quiz, autosave answers, submit) made to
survive an app instance dying under it, as the real pages do.

What a request in flight on the killed instance gets: nginx passes a request that never
reached an instance (connection refused) to the other one by itself, and a GET that failed
half-way too; a POST that reached the dying instance is answered 502 (nginx never replays a
POST: it may have been committed). The student then does what attempt.js does: keeps the
answer, waits (1 s, doubling) and sends it again with the same sequence number. If the lost
try had in fact been committed, the server refuses the repeat as stale (409): the page
reloads, reads the new sequence number, and the answer is sent once more. Every such repeat
is counted; a request that still fails after RETRIES tries, or any other status, is an error.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from attempt_page import choose_answers
from burst import PASSWORD, SEQUENCE, TOKEN, Run
from loopback_client import Browser, Reply

RETRIES = 6
RETRYABLE = {502, 503, 504}


@dataclass
class Repeats:
    """Requests sent again after an instance died under them, and why."""

    failures: list[tuple[str, str]] = field(default_factory=list)  # (request, what it got)
    committed_unacknowledged: int = 0  # saves the server had stored when their reply was lost
    in_flight: int = 0  # requests sent and not yet answered, now
    in_flight_at_kill: int = 0


async def send(run: Run, repeats: Repeats, kind: str, request: Callable[[], Awaitable[Reply]],
               expect: set[int]) -> Reply | None:
    """`request()` until it gets a status in `expect`: a 502-504 or a broken connection is
    tried again (up to RETRIES times); anything else is an error."""
    pause = 1.0
    for _ in range(RETRIES):
        began = time.perf_counter()
        repeats.in_flight += 1
        try:
            reply = await request()
        except (OSError, TimeoutError, ValueError) as exc:
            repeats.in_flight -= 1
            failure = type(exc).__name__
        else:
            repeats.in_flight -= 1
            run.latencies.append((kind, time.perf_counter() - began))
            if reply.status_code in expect:
                return reply
            if reply.status_code not in RETRYABLE:
                run.errors.append(f"{kind}: HTTP {reply.status_code} {reply.text[:120]!r}")
                return None
            failure = f"HTTP {reply.status_code}"
        repeats.failures.append((kind, failure))
        await asyncio.sleep(pause)
        pause *= 2
    run.errors.append(f"{kind}: still failing after {RETRIES} tries ({failure})")
    return None


class Page:
    """The attempt page as the student's browser holds it: token and sequence number."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.token = TOKEN.search(text).group(1)
        self.sequence = int(SEQUENCE.search(text).group(1))


async def save_answer(run: Run, repeats: Repeats, c: Browser, url: str, page: Page,
                      fields: dict[str, object], question_id: str) -> bool:
    """Autosave one answer until the server says it is stored; True when it did."""
    def post() -> Awaitable[Reply]:  # the page's token and sequence number as of this try
        return c.post(url + "/answers", data={
            **fields, "shown": question_id, "sequence": str(page.sequence)},
            headers={"X-CSRFToken": page.token, "Accept": "application/json"})

    for _ in range(3):
        reply = await send(run, repeats, "answer save", post, {200, 409})
        if reply is None:
            return False
        if reply.status_code == 200:
            page.sequence = reply.json()["sequence"]
            return True
        if reply.json().get("status") != "stale":
            run.errors.append(f"answer save: 409 {reply.text[:120]!r}")
            return False
        # The try whose reply was lost had been committed: reload, as attempt.js does.
        repeats.committed_unacknowledged += 1
        reloaded = await send(run, repeats, "attempt page", lambda: c.get(url), {200})
        if reloaded is None:
            return False
        page.__init__(reloaded.text)  # type: ignore[misc]
    run.errors.append("answer save: stale three times in a row")
    return False


async def student(run: Run, repeats: Repeats, port: int, number: int, delay: float,
                  quiz_url: str, answers: int, rng: random.Random) -> None:
    """One student through nginx on `port`, from the login page to the result page."""
    await asyncio.sleep(delay)
    c = Browser("127.0.0.1", port)
    login = await send(run, repeats, "login page", lambda: c.get("/login"), {200})
    if login is None:
        return
    token = TOKEN.search(login.text).group(1)
    form = {"username": f"bench-{number:04d}", "password": PASSWORD, "csrf_token": token}
    if await send(run, repeats, "login", lambda: c.post("/login", data=form), {302}) is None:
        return
    quiz = await send(run, repeats, "quiz page", lambda: c.get(quiz_url), {200})
    if quiz is None:
        return
    start_form = {"csrf_token": TOKEN.search(quiz.text).group(1)}
    started = await send(run, repeats, "start",
                         lambda: c.post(quiz_url + "/start", data=start_form), {302})
    if started is None:
        return
    url = started.headers["location"]
    attempt_id = int(url.rsplit("/", 1)[1])
    reply = await send(run, repeats, "attempt page", lambda: c.get(url), {200})
    if reply is None:
        return
    page, acked = Page(reply.text), run.acknowledged.setdefault(attempt_id, {})
    for save in choose_answers(page.text, rng)[:answers]:
        await asyncio.sleep(rng.uniform(0.5, 2.0))  # reading the question
        if not await save_answer(run, repeats, c, url, page, save.fields, save.question_id):
            return
        acked[save.question_id] = save.expected
    await submit(run, repeats, c, url, page)


async def submit(run: Run, repeats: Repeats, c: Browser, url: str, page: Page) -> None:
    """Submit (a repeat of a submit that was committed lands on the result too)."""
    form = {"csrf_token": page.token, "action": "submit", "sequence": str(page.sequence)}
    if await send(run, repeats, "submit", lambda: c.post(url, data=form), {302, 409}) is None:
        return
    await send(run, repeats, "result page", lambda: c.get(url + "/result"), {200})
