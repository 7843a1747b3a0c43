"""Screenshots of the main pages at phone and desktop width, for people to look at.

`make screenshots` writes them to docs/screenshots/ (shown in the README); in a plain test run
they go to a temporary folder, so the pages are still rendered and checked at both widths."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, PUBLIC_URL, SITES
from .screens import FIGURE_LESSON, QUIZ

pytestmark = pytest.mark.browser


class Shot(NamedTuple):
    name: str  # the file is docs/screenshots/<name>-<width>.png
    role: str | None  # who looks: None, "student" or "instructor" (conftest.open_page)
    path: str
    scroll_to: str | None = None  # what to scroll to the top first (a Playwright selector)
    site: str = "course"  # a key of conftest.SITES: "demo" is the demo class's instructor
    phone_scroll_to: str | None = None  # at phone width, instead of scroll_to


HEADING = "main h1"  # a phone shot that starts at the page's heading
SHOTS = (
    Shot("login", None, "/login"),
    Shot("dashboard", "student", "/"),
    Shot("lesson", "student", FIGURE_LESSON),
    Shot("lesson-figure", "student", FIGURE_LESSON, "figure"),
    Shot("quiz", "student", QUIZ),
    Shot("attempt", "student", "/attempts/{open_attempt}"),
    Shot("result", "student", "/attempts/{submitted_attempt}/result"),
    # The unfolding case at its second stage: "Stage 2 of n", the client record's tabs, the
    # stage's first item (see FOLD for which tab is open).
    Shot("case-study", "student", "/attempts/{case_attempt}", "li[data-case]:has(.case-record)"),
    Shot("practice-feedback", "student",
         "/attempts/{practice_attempt}/practice/{practice_checked}"),
    Shot("calibration", "student", "/progress/calibration"),
    # The instructor's pages as the demo class (`quiz demo-class`) fills them. On a phone the
    # header and the instructor's menu fill the first screen: those shots start at the heading.
    Shot("gradebook", "instructor", "/instructor/", site="demo", phone_scroll_to=HEADING),
    Shot("student", "instructor", "/instructor/students/{demo_student}", site="demo",
         phone_scroll_to=HEADING),
    Shot("item-statistics", "instructor", "/instructor/stats/{flagged_quiz}",
         "h2:has-text('Needs checking')", site="demo"),
    Shot("results-by-tag", "instructor", "/instructor/results", ".table-scroll:has(#tags-step)",
         site="demo"),
    Shot("cohort", "instructor", "/instructor/cohorts/{demo_cohort}", site="demo",
         phone_scroll_to=HEADING),
)
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
# A case's record is taller than any screen with every new tab open, as a stage first shows it:
# the shot shows it as a student who has closed the tabs she read sees it, every tab's name and
# its "New" badge in view, the shortest tab with new entries left open.
FOLD = {"case-study": """el => {
  const tabs = [...el.querySelectorAll('.record-tab')];
  const shortest = tabs.filter(t => t.classList.contains('has-new'))
                       .sort((a, b) => a.offsetHeight - b.offsetHeight)[0];
  tabs.forEach(t => { t.open = t === shortest; });
}"""}


@pytest.fixture(scope="module")
def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = os.environ.get("QUIZAPP_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("width", WIDTHS, ids=str)
@pytest.mark.parametrize("shot", SHOTS, ids=[s.name for s in SHOTS])
def test_screenshot(shot: Shot, width: str, open_page, request: pytest.FixtureRequest,
                    shots_dir: Path) -> None:
    site = request.getfixturevalue(SITES[shot.site][0])
    page = open_page(shot.role, WIDTHS[width], shot.site)
    response = page.goto(site.url(shot.path))
    assert response is not None and response.ok
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_to = shot.phone_scroll_to if width == "phone" and shot.phone_scroll_to else (
        shot.scroll_to)
    if scroll_to:
        shown = page.locator(scroll_to).first
        if shot.name in FOLD:
            shown.evaluate(FOLD[shot.name])
        shown.evaluate("el => el.scrollIntoView({block: 'start'})")
    target = shots_dir / f"{shot.name}-{width}.png"
    page.screenshot(path=target, animations="disabled", caret="hide")
    assert target.read_bytes().startswith(b"\x89PNG")


def test_the_cohort_shot_shows_a_schools_address_not_the_test_port(open_page, demo_server):
    """The join link on the cohort page is written out in full: the screenshot shows the
    address a school's site has (conftest.PUBLIC_URL), never this run's random port."""
    page = open_page("instructor", DESKTOP, "demo")
    page.goto(demo_server.url("/instructor/cohorts/{demo_cohort}"))
    join = page.locator("li", has_text="Join code:").locator("strong")
    expect(join).to_have_text(f"{PUBLIC_URL}/join")
    port = demo_server.base_url.rsplit(":", 1)[1]
    assert f":{port}" not in page.locator("main").inner_text()
