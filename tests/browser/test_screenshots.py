"""Screenshots of the main pages at phone and desktop width, for people to look at.

`make screenshots` writes them to docs/screenshots/ (shown in the README); in a plain test run
they go to a temporary folder, so the pages are still rendered and checked at both widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .screens import FIGURE_LESSON, QUIZ

pytestmark = pytest.mark.browser

SHOTS = (  # (file name, who, path, what to scroll into view first or None)
    ("login", None, "/login", None),
    ("dashboard", "student", "/", None),
    ("lesson", "student", FIGURE_LESSON, None),
    ("lesson-figure", "student", FIGURE_LESSON, "figure"),
    ("quiz", "student", QUIZ, None),
    ("attempt", "student", "/attempts/{open_attempt}", None),
    ("result", "student", "/attempts/{submitted_attempt}/result", None),
    # The unfolding case at its second stage: "Stage 2 of n", the client record's tabs, the
    # stage's first item (see FOLD for which tab is open).
    ("case-study", "student", "/attempts/{case_attempt}", "li[data-case]:has(.case-record)"),
    ("practice-feedback", "student", "/attempts/{practice_attempt}/practice/{practice_checked}",
     None),
    ("calibration", "student", "/progress/calibration", None),
    ("gradebook", "instructor", "/instructor/", None),
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
@pytest.mark.parametrize("name, role, path, scroll_to", SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshot(name, role, path, scroll_to, width, open_page, site, shots_dir):
    page = open_page(role, WIDTHS[width])
    response = page.goto(site.url(path))
    assert response is not None and response.ok
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if scroll_to:
        shown = page.locator(scroll_to).first
        if name in FOLD:
            shown.evaluate(FOLD[name])
        shown.evaluate("el => el.scrollIntoView({block: 'start'})")
    target = shots_dir / f"{name}-{width}.png"
    page.screenshot(path=target, animations="disabled", caret="hide")
    assert target.read_bytes().startswith(b"\x89PNG")
