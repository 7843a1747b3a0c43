"""Past what a scanner sees: 400% zoom (a 320x256 CSS px viewport), where the attempt page's
sticky bars must not take the screen, and Windows High Contrast (forced colours), where
progress bars must still show their value, a student's own highlight selections must keep a
mark on the result page, and keyboard focus must stay visible."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page, expect

from .screens import SCREENS, focus_problem, focused

pytestmark = pytest.mark.browser

ZOOM_400 = {"width": 320, "height": 256}  # a 1280x1024 screen at 400%
PHONE_NARROW = {"width": 320, "height": 568}
STICKY = ".attempt-status, .quiz-actions"

# The screenshot's pixels, decoded by the browser itself (on a blank page, outside the app's
# CSP): [left, right] colours sampled inside the element at `points` (fractions of its width).
SAMPLE = """async ([png, points]) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext("2d");
  g.drawImage(bitmap, 0, 0);
  const y = Math.floor(bitmap.height / 2);
  return points.map(f => Array.from(
    g.getImageData(Math.floor(bitmap.width * f), y, 1, 1).data.slice(0, 3)));
}"""


def colours_at(page: Page, selector: str, points: list[float]) -> list[list[int]]:
    """The colours of the element's pixels at these fractions of its width (middle row)."""
    png = page.locator(selector).first.screenshot()
    blank = page.context.new_page()
    try:
        return blank.evaluate(SAMPLE, [base64.b64encode(png).decode(), points])
    finally:
        blank.close()


# How many CSS px of the viewport's height the bars cover.
COVERED = """(selector) => [...document.querySelectorAll(selector)]
  .map(e => e.getBoundingClientRect())
  .reduce((sum, r) => sum + Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)),
          0)"""


def positions(page: Page) -> list[str]:
    return page.eval_on_selector_all(STICKY, "els => els.map(e => getComputedStyle(e).position)")


def test_the_sticky_bars_let_go_at_400_percent_zoom(open_page, site):
    page = open_page("student", PHONE_NARROW)
    page.goto(site.url("/attempts/{open_attempt}"))
    assert positions(page) == ["sticky", "sticky"]  # a phone keeps them in view
    page.set_viewport_size(ZOOM_400)
    assert positions(page) == ["static", "static"]
    page.locator(".question").nth(3).scroll_into_view_if_needed()
    covered = page.evaluate(COVERED, STICKY)
    assert covered == 0  # nothing is pinned over the question being read


def test_progress_bars_show_their_value_in_forced_colours(open_page, site):
    page = open_page("student")
    page.emulate_media(forced_colors="active")
    try:
        for path, selector in (("/", ".progress-summary progress"),
                               ("/attempts/{open_attempt}", ".quiz-progress progress")):
            page.goto(site.url(path))
            value, maximum = page.locator(selector).first.evaluate("p => [p.value, p.max]")
            done = value / maximum
            assert 0.05 < done < 0.95, (path, value, maximum)
            # the middle of the filled part, and of the part still to fill
            filled, empty = colours_at(page, selector, [done / 2, (1 + done) / 2])
            assert filled != empty, f"{path}: the bar looks empty in forced colours"
    finally:
        page.emulate_media(forced_colors="none")


def test_own_highlight_selections_keep_a_mark_in_forced_colours(open_page, site):
    page = open_page("student")
    page.emulate_media(forced_colors="active")
    try:
        page.goto(site.url("/attempts/{case_result}/result"))
        chosen = page.locator(".phrase-review.is-chosen").first
        expect(chosen).to_be_visible()
        style = chosen.evaluate("e => { const s = getComputedStyle(e); "
                                "return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
        assert style[0] != "none" and style[1] >= 2, style
        plain = page.locator(".phrase-review:not(.is-chosen):not(.is-key)").first
        assert plain.evaluate("e => getComputedStyle(e).outlineStyle") == "none"
    finally:
        page.emulate_media(forced_colors="none")


@pytest.mark.parametrize("screen", [s for s in SCREENS if s.name in (
    "attempt with a case study", "result with a case study", "dashboard", "quiz statistics")],
    ids=lambda s: s.name)
def test_focus_stays_visible_in_forced_colours(screen, visit):
    page = visit(screen)
    page.emulate_media(forced_colors="active")
    try:
        for stop in range(1, 21):
            page.keyboard.press("Tab")
            el = focused(page)
            assert el is not None
            problem = focus_problem(el)
            assert problem is None, f"{screen.name}: Tab stop {stop} <{el['tag']}>: {problem}"
    finally:
        page.emulate_media(forced_colors="none")
