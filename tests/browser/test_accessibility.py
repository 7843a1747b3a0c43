"""WCAG 2.1 A/AA in a real browser: axe-core on every page, visible keyboard focus, and form
errors that a screen reader announces."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from . import axe
from .screens import SCREENS, focus_problem, focused

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_page_has_no_wcag_violations(screen, visit, axe_source):
    """WCAG 2.1 A/AA, and axe's best practices too (unique landmarks, one main, headings)."""
    page = visit(screen)
    found = axe.violations(page, axe_source, (*axe.WCAG_TAGS, "best-practice"))
    assert not found, f"{screen.name} ({screen.path}):\n{axe.describe(found)}"


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_every_tab_stop_shows_where_the_focus_is(screen, visit):
    page = visit(screen)
    seen = []
    for _ in range(30):  # the first 30 stops cover the header and the page's main controls
        page.keyboard.press("Tab")
        el = focused(page)
        if el is None or (seen and el == seen[0]):
            break
        problem = focus_problem(el)
        assert problem is None, f"{screen.name}: Tab stop {len(seen) + 1} <{el['tag']}> " \
                                f"'{el['text'] or el['label']}': {problem}"
        seen.append(el)
    assert len(seen) >= 3, f"{screen.name}: only {len(seen)} Tab stops"


def test_the_seeded_pages_show_what_the_screens_cover(open_page, site):
    """The dashboard and calibration screens are checked with their study panels filled in:
    reviews due, missed questions, weak areas, answers at every confidence."""
    page = open_page("student")
    page.goto(site.url("/"))
    study = page.get_by_role("region", name="Practise what you need")
    expect(study).to_contain_text(re.compile(r"Spaced review:\s+\d+ questions? due today"))
    expect(study.get_by_role("button", name=re.compile(r"^Start review \(\d+ due\)"))) \
        .to_be_visible()
    expect(study.get_by_role("button", name=re.compile(r"^Retake what I missed"))).to_be_visible()
    expect(study.get_by_role("heading", name="Where you score lowest")).to_be_visible()
    page.goto(site.url("/progress/calibration"))
    for level in ("Low", "Medium", "High"):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=level,
                                                                   exact=True))
        expect(row.get_by_role("cell").first).not_to_have_text("0")
    expect(page.get_by_role("heading", name=re.compile(r"^Confident but wrong"))).to_be_visible()


def test_skip_link_is_first_and_moves_focus_to_the_content(open_page, site):
    page = open_page("student")
    page.goto(site.url("/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "skip link stays off screen"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_signup_errors_are_announced_and_tied_to_their_fields(page, site, axe_source):
    page.goto(site.url("/signup"))
    page.get_by_label("Username").fill("no spaces allowed")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Repeat password").fill("different")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("alert")).to_contain_text("Please fix the 3 field(s)")
    expected = {"Username": "Use letters, digits", "Password": "at least 8",
                "Repeat password": "Passwords differ."}
    for label, message in expected.items():
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile(re.escape(message), re.I))
    found = axe.violations(page, axe_source)
    assert not found, axe.describe(found)


def test_a_wrong_password_is_announced(page, site):
    page.goto(site.url("/login"))
    page.get_by_label("Username").fill(site.student)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("Wrong username or password.")
    expect(page.get_by_label("Password")).to_have_accessible_description(
        "Wrong username or password.")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")


def test_the_focus_check_catches_a_hidden_outline(open_page, site):
    """The focus probe must be able to fail: with outlines removed it reports the Tab stop."""
    page = open_page(None)
    page.goto(site.url("/login"))
    field = page.get_by_label("Username")
    field.evaluate("el => { el.style.outline = 'none' }")
    field.focus()
    el = focused(page)
    assert el is not None and focus_problem(el) is not None
