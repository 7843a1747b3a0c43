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
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from .screens import CASE_QUIZ, MODULE

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
    attempts: dict[str, int]  # the seeded student's attempt ids, by name (see _seed)
    join_code: str  # of the instructor's cohort, which rosa has joined

    def url(self, path: str) -> str:
        """The page's address: `path` may name any seeded attempt, like {open_attempt}."""
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


@contextmanager
def _serving(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: object, **kwargs: object) -> None:
            """Requests are not logged; errors still are."""

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="quizapp", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The app on 127.0.0.1 (a free port), with the course imported and a student part-way
    through it, so every page has something to show."""
    app = _app(tmp_path_factory, ROOT / "questions")
    with _fast_hashing():
        seeded = _seed(app)
        with _serving(app) as base_url:
            yield Site(base_url=base_url, **seeded)


NGN_STUDENTS = ("nadia", "noor", "nell", "nico", "nina")  # one per test that changes state


@pytest.fixture(scope="session")
def ngn_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test bank with one item of every type (tests/data/ngn: module "ward", quiz
    "ward-quiz") on a server of its own, with the students in NGN_STUDENTS; its base URL."""
    from quizapp.content import load_bank
    from quizapp.extensions import db
    from quizapp.services.accounts import users
    from quizapp.services.authoring import importer

    ngn = ROOT / "tests" / "data" / "ngn"
    app = _app(tmp_path_factory, ngn)
    with _fast_hashing():
        with app.app_context():
            db.create_all()
            importer.import_bank(*load_bank(ngn))
            for name in NGN_STUDENTS:
                users.create_user(name, PASSWORD, "student")
            db.engine.dispose()
        with _serving(app) as base_url:
            yield base_url


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
    from quizapp.content import load_bank
    from quizapp.content.types import key_answer
    from quizapp.extensions import db
    from quizapp.services import attempts
    from quizapp.services.accounts import cohorts, users
    from quizapp.services.attempts import quizzes
    from quizapp.services.authoring import importer

    bank = ROOT / "tests" / "data" / "exam"
    app = _app(tmp_path_factory, bank)
    with _fast_hashing():
        with app.app_context():
            db.create_all()
            importer.import_bank(*load_bank(bank))
            cara = users.create_user("cara", PASSWORD, "student").id
            for name in CLINIC_STUDENTS:
                users.create_user(name, PASSWORD, "student")
            tutor = users.create_user("tutor", PASSWORD, "instructor").id
            cohorts.join_cohort(cara, cohorts.create_cohort(tutor, "Ward 4").code)
            quiz = quizzes.find_quiz("clinic", "relapse-quiz").id
            done = attempts.start_attempt(cara, quiz).id
            keys = {q.id: key_answer(q) for _, q in attempts.attempt_questions(done)}
            for _ in range(2):
                attempts.advance_stage(cara, done, "rl-haddad", {})
            attempts.submit_attempt(cara, done, {k: keys[k] for k in ("rl-case-action",
                                                                      "rl-case-evaluate")})
            opened = attempts.start_attempt(cara, quiz).id
            attempts.advance_stage(cara, opened, "rl-haddad",
                                   {"rl-case-cues": ["weak"], "rl-case-analyze": ["a"]})
            db.engine.dispose()
        with _serving(app) as base_url:
            yield ClinicSite(base_url, opened, done, quiz)


CHOICE_TYPES = ("single_choice", "true_false", "select_all")
LEVELS = ("high", "low", "medium")


def _seed(app) -> dict[str, object]:
    """Rosa is in the teacher's cohort, has read lessons 1-2, passed quiz 1 and failed quiz 2
    three days ago (saying how sure she was), so reviews are due today; she has a second go at
    quiz 2 open with three answers saved, a graded and an open attempt at the case-study quiz,
    open attempts at the quizzes with the other widgets, and a "retake what I missed" practice
    set with its first question checked (wrongly, with high confidence). Services do the
    writing, as pages would."""
    from quizapp.content import load_bank
    from quizapp.content.types import key_answer
    from quizapp.extensions import db
    from quizapp.models.types import utcnow
    from quizapp.services import attempts
    from quizapp.services.accounts import cohorts, users
    from quizapp.services.attempts import practice, quizzes
    from quizapp.services.authoring import importer
    from quizapp.services.learning import course, progress, retakes

    def keys(attempt_id: int) -> dict[str, object]:
        return {q.id: key_answer(q) for _, q in attempts.attempt_questions(attempt_id)}

    earlier = utcnow() - timedelta(days=3)
    with app.app_context():
        db.create_all()  # as tests/conftest.py does; migrations are tested on their own
        importer.import_bank(*load_bank(ROOT / "questions"))
        rosa = users.create_user("rosa", PASSWORD, "student").id
        teacher = users.create_user("teacher", PASSWORD, "instructor").id
        join_code = cohorts.create_cohort(teacher, "Spring 2026").code
        _seed_lms_course(teacher, rosa)
        cohorts.join_cohort(rosa, join_code)
        for slug in ("introduction", "understanding-ms"):
            progress.mark_read(rosa, course.lesson_page(MODULE, slug).lesson_id)
        passed = attempts.start_attempt(rosa, quizzes.find_quiz(MODULE, "introduction-quiz").id)
        attempts.submit_attempt(rosa, passed.id, keys(passed.id), now=earlier)
        quiz = quizzes.find_quiz(MODULE, "understanding-ms-quiz").id
        failed = attempts.start_attempt(rosa, quiz).id
        # The first option of the first half: a result with right, wrong and unanswered items;
        # each answered one with a stated confidence, for the calibration page.
        items = attempts.attempt_questions(failed)
        first_half = [q for _, q in items[: len(items) // 2] if q.type in CHOICE_TYPES]
        sure = {q.id: LEVELS[n % 3] for n, q in enumerate(first_half)}
        attempts.submit_attempt(rosa, failed, {q.id: [q.options[0].id] for q in first_half},
                                confidence=sure, now=earlier)
        open_ = attempts.start_attempt(rosa, quiz).id
        attempts.save_answers(rosa, open_, dict(list(keys(open_).items())[:3]))

        case_quiz = quizzes.find_quiz(MODULE, CASE_QUIZ).id
        case_result = attempts.start_attempt(rosa, case_quiz).id
        # The key of every other question: right and wrong parts in each kind of widget.
        graded = {qid: key for n, (qid, key) in enumerate(keys(case_result).items()) if n % 2}
        attempts.submit_attempt(rosa, case_result, graded)
        # Open attempts showing the other widgets: ordered response and drop-down cloze;
        # a typed short answer.
        opened = {name: attempts.start_attempt(rosa, quizzes.find_quiz(MODULE, slug).id).id
                  for name, slug in (("case_attempt", CASE_QUIZ),
                                     ("ordered_attempt", "pathophysiology-quiz"),
                                     ("typed_attempt", "diagnosis-quiz"))}

        missed = retakes.start_missed(rosa, quiz_id=quiz).id
        first = attempts.attempt_questions(missed)[0][1]
        assert first.type in CHOICE_TYPES, first.type
        wrong = next(o.id for o in first.options if o.id not in first.key)
        practice.check_answer(rosa, missed, first.id, [wrong], "high")  # a confident error
        db.engine.dispose()
    return {"student": "rosa", "instructor": "teacher", "join_code": join_code,
            "attempts": {"open_attempt": open_, "submitted_attempt": failed,
                         "case_result": case_result, "practice_attempt": missed, **opened}}


def _seed_lms_course(teacher: int, student: int) -> None:
    """An LMS course (course 1) that the teacher teaches and rosa takes, for its page."""
    from quizapp.database import write_transaction
    from quizapp.lti.claims import Context
    from quizapp.services.lti import courses, platforms

    lms = "https://lms.example.edu"
    platform = platforms.add_platform(platforms.PlatformSettings(
        "school-lms", lms, "client-1", f"{lms}/auth", f"{lms}/token", f"{lms}/jwks",
        deployment_ids=("1:deployment",)))
    with write_transaction():
        course, _ = courses.course_for(platform.id, Context("course-1", "NUR 301 Adult Health"),
                                       "1:deployment", f"{lms}/members")
        courses.enrol(course.cohort_id, teacher, "instructor")
        courses.enrol(course.cohort_id, student, "student")


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
def role_pages(new_context, site: Site) -> Iterator[dict[str | None, Page]]:
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
def open_page(role_pages: dict[str | None, Page]):
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
def page(new_context) -> Iterator[Page]:
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
def new_student(new_context) -> Iterator[tuple[Page, str]]:
    """(page, username): a student who just signed up, in a context of their own."""
    context = new_context()
    page = context.new_page()
    username = next(_usernames)
    sign_up(page, username)
    yield page, username
    context.close()
