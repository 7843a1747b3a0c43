"""Browser fixtures: the app behind a real HTTP server on a loopback port, with the real course
from questions/ in a temporary SQLite database, and Debian's Chromium driven by Playwright.

One server, one browser and one logged-in page per kind of visitor for the whole session, which
keeps the run fast; a test that changes state (signs up, submits) makes its own context.
Every wait is bounded: Playwright's timeouts are set below, and `make test-browser` bounds the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .screens import MODULE

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
except ModuleNotFoundError:  # the `browser` extra is not installed: skip collecting these
    collect_ignore_glob = ["test_*.py"]
    HAVE_PLAYWRIGHT = False
else:
    HAVE_PLAYWRIGHT = True

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000
PASSWORD = "browser-pass-1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def pytest_configure(config: pytest.Config) -> None:
    markexpr = config.getoption("markexpr", "") or ""
    if not HAVE_PLAYWRIGHT and "browser" in markexpr and "not browser" not in markexpr:
        raise pytest.UsageError("Browser tests need Playwright: run `make test-browser`, which "
                                "installs the `browser` extra, Chromium and axe-core.")


@dataclass(frozen=True)
class Site:
    """The running server and what was seeded into it."""

    base_url: str
    student: str
    instructor: str
    open_attempt: int
    submitted_attempt: int
    join_code: str  # of the instructor's cohort, which rosa has joined

    def url(self, path: str) -> str:
        return self.base_url + path.format(open_attempt=self.open_attempt,
                                           submitted_attempt=self.submitted_attempt)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on 127.0.0.1 (a free port), with the course imported and a student part-way
    through it, so every page has something to show."""
    from argon2 import PasswordHasher
    from werkzeug.serving import WSGIRequestHandler, make_server

    from quizapp import create_app
    from quizapp.services import accounts

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            """Requests are not logged; errors still are."""

    db_file = tmp_path_factory.mktemp("browser-db") / "quizapp.sqlite"
    app = create_app({
        "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "QUESTIONS_PATH": str(ROOT / "questions"), "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False, "WTF_CSRF_TIME_LIMIT": None,
    })
    with pytest.MonkeyPatch.context() as patch:
        # Hashing at production cost only slows the run (tests/conftest.py does the same).
        patch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                          parallelism=1))
        seeded = _seed(app)
        server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        thread = threading.Thread(target=server.serve_forever, name="quizapp", daemon=True)
        thread.start()
        try:
            yield Site(base_url=f"http://127.0.0.1:{server.server_port}", **seeded)
        finally:
            server.shutdown()
            thread.join(timeout=10)


def _seed(app) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Rosa is in the teacher's cohort, has read lessons 1-2, passed quiz 1, failed quiz 2 once
    and has a second go open with three answers saved. Services do the writing, as pages would."""
    from quizapp.content import load_bank
    from quizapp.extensions import db
    from quizapp.services import accounts, attempts, cohorts, importer, learning, progress, quizzes

    def keys(attempt_id: int) -> dict[str, list[str]]:
        return {q.id: list(q.key) for _, q in attempts.attempt_questions(attempt_id)}

    with app.app_context():
        db.create_all()  # as tests/conftest.py does; migrations are tested on their own
        importer.import_bank(*load_bank(ROOT / "questions"))
        rosa = accounts.create_user("rosa", PASSWORD, "student").id
        teacher = accounts.create_user("teacher", PASSWORD, "instructor").id
        join_code = cohorts.create_cohort(teacher, "Spring 2026").code
        cohorts.join_cohort(rosa, join_code)
        for slug in ("introduction", "understanding-ms"):
            progress.mark_read(rosa, learning.lesson_page(MODULE, slug).lesson_id)
        passed = attempts.start_attempt(rosa, quizzes.find_quiz(MODULE, "introduction-quiz").id)
        attempts.submit_attempt(rosa, passed.id, keys(passed.id))
        quiz = quizzes.find_quiz(MODULE, "understanding-ms-quiz").id
        failed = attempts.start_attempt(rosa, quiz).id
        # The first option of the first half: a result with right, wrong and unanswered items.
        items = attempts.attempt_questions(failed)
        attempts.submit_attempt(rosa, failed, {q.id: [q.options[0].id]
                                               for _, q in items[: len(items) // 2]})
        open_ = attempts.start_attempt(rosa, quiz).id
        attempts.save_answers(rosa, open_, dict(list(keys(open_).items())[:3]))
        db.engine.dispose()
    return {"student": "rosa", "instructor": "teacher", "open_attempt": open_,
            "submitted_attempt": failed, "join_code": join_code}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not at {CHROMIUM}: `make test-browser` installs Debian's "
                    "chromium (or set CHROMIUM to its path)")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             timeout=30_000)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script; every context made here also loads it into each page it opens."""
    from .axe import axe_path

    return axe_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def new_context(browser: Browser, site: Site, axe_source: str):  # type: ignore[no-untyped-def]
    """new_context(**options): a fresh context (own cookies) on the site, with the timeouts set
    and axe-core loaded into every page (as an init script, which the page's CSP allows)."""

    def make(**options: object) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=site.base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(script=axe_source)
        return context

    return make


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the form, as a person would."""
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name="My progress")).to_be_visible()


@pytest.fixture(scope="session")
def role_pages(new_context, site: Site) -> Iterator[dict[str | None, Page]]:  # type: ignore[no-untyped-def]
    """One page per kind of visitor for the session: anonymous, the seeded student, the
    seeded instructor (logged in once, through the form). Tests only read with these."""
    pages: dict[str | None, Page] = {}
    for role, username in ((None, None), ("student", site.student),
                           ("instructor", site.instructor)):
        page = new_context().new_page()
        if username:
            log_in(page, username)
        pages[role] = page
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def open_page(role_pages: dict[str | None, Page]):  # type: ignore[no-untyped-def]
    """open_page(role, viewport=DESKTOP): the session's page for that visitor (None, "student"
    or "instructor"), sized to the viewport. Reusing pages keeps the run fast; a test that
    changes state (signs up, submits, logs out) makes its own context with `new_context`."""

    def open_(role: str | None = None, viewport: dict[str, int] = DESKTOP) -> Page:
        page = role_pages[role]
        page.set_viewport_size(viewport)
        page.emulate_media(media="screen")
        return page

    return open_


@pytest.fixture
def page(new_context) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A page in a fresh context of its own, nobody logged in."""
    context = new_context()
    yield context.new_page()
    context.close()


_usernames = (f"learner-{n}" for n in range(1, 10_000))


def sign_up(page: Page, username: str, password: str = PASSWORD) -> None:
    """Create a student account through the sign-up form, as a person would."""
    page.goto("/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")


@pytest.fixture
def new_student(new_context) -> Iterator[tuple[Page, str]]:  # type: ignore[no-untyped-def]
    """(page, username): a student who just signed up, in a context of their own."""
    context = new_context()
    page = context.new_page()
    username = next(_usernames)
    sign_up(page, username)
    yield page, username
    context.close()
