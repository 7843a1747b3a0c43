"""Phones: at 375 CSS px, and at 320 (WCAG 1.4.10's reflow width, a 1280 px screen at 400%
zoom), nothing scrolls sideways, every control is a big enough touch target, and axe still finds
nothing; the result page prints without the site's chrome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from . import axe
from .conftest import NARROW, PHONE
from .screens import SCREENS, sideways_overflow, small_targets

pytestmark = pytest.mark.browser

@pytest.mark.parametrize("viewport", [PHONE, NARROW], ids=lambda v: f"{v['width']}px")
@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.name)
def test_page_fits_a_phone_and_its_targets_are_big_enough(screen, viewport, open_page, site,
                                                          axe_source):
    page = open_page(screen.role, viewport)
    response = page.goto(site.url(screen.path))
    assert response is not None and response.status == screen.status
    expect(page.get_by_role("heading", level=1)).to_contain_text(screen.heading)

    scroll_width, inner_width = sideways_overflow(page)
    assert scroll_width <= inner_width, f"{screen.name} scrolls sideways at {inner_width}px"
    small = small_targets(page)
    assert not small, f"{screen.name}: targets under 24x24 px:\n" + "\n".join(small)
    found = axe.violations(page, axe_source)
    assert not found, f"{screen.name} at {inner_width}px:\n{axe.describe(found)}"


def test_the_target_check_catches_a_small_control(open_page, site):
    """The probe above must be able to fail: shrink one button and it is reported."""
    page = open_page("student", PHONE)
    page.goto(site.url("/"))
    page.get_by_role("button", name="Log out").evaluate(
        "b => { b.style.cssText = 'min-height:0;padding:0;font-size:8px;line-height:1' }")
    assert any("Log out" in s for s in small_targets(page))


def test_the_result_page_prints_without_navigation(open_page, site):
    page = open_page("student")
    page.goto(site.url("/attempts/{submitted_attempt}/result"))
    page.emulate_media(media="print")
    for hidden in (page.get_by_role("banner"), page.get_by_role("contentinfo"),
                   page.get_by_role("link", name="Retake the quiz"),
                   page.get_by_role("navigation", name="Breadcrumb")):
        expect(hidden).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Result")
    expect(page.get_by_text("marks ·")).to_be_visible()
    expect(page.get_by_text("Correct answer").first).to_be_visible()
    background = page.locator("body").evaluate("b => getComputedStyle(b).backgroundColor")
    assert background == "rgb(255, 255, 255)"
