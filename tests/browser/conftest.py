"""Browser fixtures: the app behind a real HTTP server on a loopback port, with the real course
from questions/ in a temporary SQLite database, and Debian's Chromium driven by Playwright. The
test banks (tests/data/ngn: every item type; tests/data/exam: unfolding cases) are served on
servers of their own, started when a test first asks for them. seed.py says what each holds.

One server, one browser and one logged-in page per kind of visitor for the whole session, which
keeps the run fast; a test that changes state (signs up, submits) makes its own context.
Every wait is bounded: Playwright's timeouts are set below, and `make test-browser` bounds the run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest

from .course import COURSE

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
except ModuleNotFoundError:  # the `browser` extra is not installed: skip collecting these
    collect_ignore_glob = ["test_*.py"]
    HAVE_PLAYWRIGHT = False
else:
    HAVE_PLAYWRIGHT = True

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 10_000
PASSWORD = "browser-pass-1"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
NARROW = {"width": 320, "height": 568}  # WCAG 1.4.10 reflow: 1280 px at 400% zoom


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
    attempts: dict[str, int | str]  # what the paths name: attempt ids and more (see seed.py)
    join_code: str  # of the instructor's cohort, which the student has joined ("" if none)
    password: str = PASSWORD  # of the student and the instructor

    def url(self, path: str) -> str:
        """The page's address: `path` may name any seeded attempt, like {open_attempt} (or
        another seeded number, like {practice_checked})."""
        return self.base_url + path.format(**self.attempts)


def _app(tmp_path_factory: pytest.TempPathFactory, questions: Path):  # type: ignore[no-untyped-def]
    from quizapp import create_app

    db_file = tmp_path_factory.mktemp("browser-db") / "quizapp.sqlite"
    return create_app({
        "SECRET_KEY": "browser-tests", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "QUESTIONS_PATH": str(questions), "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False, "WTF_CSRF_TIME_LIMIT": None,
    })


@contextmanager
def _fast_hashing() -> Iterator[None]:
    """Hashing at production cost only slows the run (tests/conftest.py does the same)."""
    from argon2 import PasswordHasher

    from quizapp.services.accounts import users

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                          parallelism=1))
        yield


# The address a school's site has, as the demo class's pages show it (see _BehindProxy).
PUBLIC_URL = "https://nursing.example.edu"


class _BehindProxy:
    """WSGI middleware: the app sees each request as a school's https reverse proxy passes it
    on (Host and scheme of PUBLIC_URL, the browser's Referer and Origin at that address), so
    what it writes out in full (the join link on a cohort page) shows a stable, realistic
    address in the screenshots instead of this run's random port. Only the test server sees
    this; the app is unchanged (behind nginx it takes the real Host, and https from
    TRUSTED_PROXY_COUNT). Redirects stay relative, so the browser still reaches `base_url`."""

    def __init__(self, wsgi_app, base_url: str) -> None:  # type: ignore[no-untyped-def]
        self.wsgi_app, self.base_url = wsgi_app, base_url

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        environ["wsgi.url_scheme"] = "https"
        environ["HTTP_HOST"] = PUBLIC_URL.split("://", 1)[1]
        for key in ("HTTP_REFERER", "HTTP_ORIGIN"):  # CSRF checks the origin over https
            value = environ.get(key, "")
            if value.startswith(self.base_url):
                environ[key] = PUBLIC_URL + value[len(self.base_url):]
        return self.wsgi_app(environ, start_response)


@contextmanager
def _serving(app, public: bool = False) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app on 127.0.0.1 (a free port) in a thread; yields its base URL. `public`: the
    app sees itself at PUBLIC_URL (_BehindProxy)."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            """Requests are not logged; errors still are."""

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    if public:
        app.wsgi_app = _BehindProxy(app.wsgi_app, f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, name="quizapp", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@contextmanager
def _served(tmp_path_factory: pytest.TempPathFactory, bank: Path,
            seed: Callable[[], T], public: bool = False) -> Iterator[tuple[str, T]]:
    """`bank` imported into a fresh database, then `seed()` run in the app context, then the
    app served (`public`: see _serving): (its base URL, what `seed` returned)."""
    from quizapp.content import load_bank
    from quizapp.extensions import db
    from quizapp.services.authoring import importer

    app = _app(tmp_path_factory, bank)
    with _fast_hashing():
        with app.app_context():
            db.create_all()  # as tests/conftest.py does; migrations are tested on their own
            importer.import_bank(*load_bank(bank))
            seeded = seed()
            db.engine.dispose()
        with _serving(app, public) as base_url:
            yield base_url, seeded


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on 127.0.0.1 (a free port), with the course imported and a student part-way
    through it, so every page has something to show."""
    from .seed import seed_course

    with _served(tmp_path_factory, COURSE, partial(seed_course, PASSWORD)) as (url, seeded):
        yield Site(base_url=url, **seeded)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The course with the demo class (`quiz demo-class`, made by the same service) on a
    server of its own: the demo instructor's cohort of simulated students, with three weeks of
    activity. The instructor is the demo instructor, with the published demo password; there
    is no student to log in as (simulated students cannot). A test may rename the cohort or
    change its join code, but leaves its name as it found it. Its pages are screenshots for
    the docs: links the app writes out in full show PUBLIC_URL, not the port."""
    from .seed import seed_demo_class

    with _served(tmp_path_factory, COURSE, seed_demo_class, public=True) as (url, seeded):
        yield Site(base_url=url, student="", **seeded)


NGN_STUDENTS = ("nadia", "noor", "nell", "nico", "nina")  # one per test that changes state;
# "nora" has the attempts the screens show (seed.seed_ngn)


@pytest.fixture(scope="session")
def ngn_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The test bank with one item of every type (tests/data/ngn: module "ward", quiz
    "ward-quiz") on a server of its own, with the students in NGN_STUDENTS, and nora's
    attempts for the screens (a graded one and an open one)."""
    from quizapp.services.accounts import users

    from .seed import seed_ngn

    def seed() -> dict[str, int]:
        for name in NGN_STUDENTS:
            users.create_user(name, PASSWORD, "student")
        users.create_user("ward-tutor", PASSWORD, "instructor")
        return seed_ngn(PASSWORD, "nora")

    with _served(tmp_path_factory, ROOT / "tests" / "data" / "ngn", seed) as (url, seeded):
        yield Site(url, "nora", "ward-tutor", seeded, join_code="")


@pytest.fixture(scope="session")
def ngn_site(ngn_server: Site) -> str:
    """The test bank's server (see ngn_server): its base URL."""
    return ngn_server.base_url


CLINIC_STUDENTS = ("cleo", "cody")  # one per test that changes state on the clinic site


@dataclass(frozen=True)
class ClinicSite:
    """tests/data/exam/clinic (unfolding cases, marks, quiz settings, an exam pool) served on
    its own: `cara` has a relapse-quiz attempt at stage 2 of its case and a graded one; the
    instructor `tutor` has her in a cohort."""

    base_url: str
    open_attempt: int
    result_attempt: int
    relapse_quiz: int


@pytest.fixture(scope="session")
def clinic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClinicSite]:
    from .seed import seed_clinic

    bank = ROOT / "tests" / "data" / "exam"
    seed = partial(seed_clinic, PASSWORD, CLINIC_STUDENTS)
    with _served(tmp_path_factory, bank, seed) as (url, (opened, done, quiz)):
        yield ClinicSite(url, opened, done, quiz)


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
def new_context(browser: Browser, site: Site, axe_source: str):
    """new_context(**options): a fresh context (own cookies) on the site (or on `base_url`),
    with the timeouts set
    and axe-core loaded into every page (as an init script, which the page's CSP allows)."""

    def make(**options: object) -> BrowserContext:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("base_url", site.base_url)
        context = browser.new_context(**options)
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


def _role_pages(new_context, site: Site) -> Iterator[dict[str | None, Page]]:  # type: ignore[no-untyped-def]
    pages: dict[str | None, Page] = {}
    for role, username in ((None, None), ("student", site.student),
                           ("instructor", site.instructor)):
        page = new_context(base_url=site.base_url).new_page()
        if username:
            log_in(page, username, site.password)
        pages[role] = page
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture(scope="session")
def role_pages(new_context, site: Site) -> Iterator[dict[str | None, Page]]:
    """One page per kind of visitor for the session: anonymous, the seeded student, the
    seeded instructor (logged in once, through the form). Tests only read with these."""
    yield from _role_pages(new_context, site)


@pytest.fixture(scope="session")
def ngn_role_pages(new_context, ngn_server: Site) -> Iterator[dict[str | None, Page]]:
    """The same on the test bank's server (nora and ward-tutor)."""
    yield from _role_pages(new_context, ngn_server)


@pytest.fixture(scope="session")
def demo_role_pages(new_context, demo_server: Site) -> Iterator[dict[str | None, Page]]:
    """The same on the demo class's server (anonymous and the demo instructor)."""
    yield from _role_pages(new_context, demo_server)


# A Screen's `site` -> (the fixture serving it, the fixture with its visitors' pages).
SITES = {"course": ("site", "role_pages"), "ngn": ("ngn_server", "ngn_role_pages"),
         "demo": ("demo_server", "demo_role_pages")}


@pytest.fixture
def open_page(request: pytest.FixtureRequest):
    """open_page(role, viewport=DESKTOP, site="course"): the session's page for that visitor
    (None, "student" or "instructor") on that site (a key of SITES), sized to the viewport.
    Reusing pages keeps the run fast; a test that changes state (signs up, submits, logs out)
    makes its own context with `new_context`. A site's server starts when first asked for."""

    def open_(role: str | None = None, viewport: dict[str, int] = DESKTOP,
              site: str = "course") -> Page:
        page = request.getfixturevalue(SITES[site][1])[role]
        page.set_viewport_size(viewport)
        page.emulate_media(media="screen")
        return page

    return open_


@pytest.fixture
def visit(open_page, request: pytest.FixtureRequest):
    """visit(screen, viewport=DESKTOP): the screen's visitor on the screen's site, at its
    page, which must answer with the screen's status and show its heading; the page."""

    def go(screen, viewport: dict[str, int] = DESKTOP) -> Page:  # type: ignore[no-untyped-def]
        site = request.getfixturevalue(SITES[screen.site][0])
        page = open_page(screen.role, viewport, screen.site)
        response = page.goto(site.url(screen.path))
        assert response is not None and response.status == screen.status, screen.path
        expect(page.get_by_role("heading", level=1)).to_contain_text(screen.heading)
        return page

    return go


@pytest.fixture
def page(new_context) -> Iterator[Page]:
    """A page in a fresh context of its own, nobody logged in."""
    context = new_context()
    yield context.new_page()
    context.close()


_usernames = (f"learner-{n}" for n in range(1, 10_000))


def new_username() -> str:
    """A username no test has used yet (each site has its own database, so any site)."""
    return next(_usernames)


def sign_up(page: Page, username: str, password: str = PASSWORD) -> None:
    """Create a student account through the sign-up form, as a person would."""
    page.goto("/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")


@pytest.fixture
def new_student(new_context) -> Iterator[tuple[Page, str]]:
    """(page, username): a student who just signed up, in a context of their own."""
    context = new_context()
    page = context.new_page()
    username = new_username()
    sign_up(page, username)
    yield page, username
    context.close()
