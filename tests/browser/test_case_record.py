"""The unfolding case study's client record, as NCLEX shows it, at phone (375 px) and desktop
width: no axe violation, nothing scrolls sideways, big enough targets; the tabs work with the
keyboard and without JavaScript; moving on to the next stage works without JavaScript too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from . import axe, course
from .conftest import DESKTOP, NARROW, PASSWORD, PHONE, TIMEOUT_MS
from .screens import sideways_overflow, small_targets

pytestmark = pytest.mark.browser

VIEWPORTS = [PHONE, NARROW, DESKTOP]


@pytest.fixture(scope="module")
def clinic_pages(browser, clinic_site, axe_source):  # type: ignore[no-untyped-def]
    """One logged-in page for cara (student) and one for tutor (instructor)."""
    pages = {}
    for name in ("cara", "tutor"):
        context = browser.new_context(base_url=clinic_site.base_url, viewport=DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(script=axe_source)
        page = context.new_page()
        _log_in(page, name)
        pages[name] = page
    yield pages
    for page in pages.values():
        page.context.close()


def _log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1, name="My progress")).to_be_visible()


def _check(page: Page, axe_source: str, what: str) -> None:
    scroll_width, inner_width = sideways_overflow(page)
    assert scroll_width <= inner_width, f"{what} scrolls sideways at {inner_width}px"
    small = small_targets(page)
    assert not small, f"{what}: targets under 24x24 px:\n" + "\n".join(small)
    found = axe.violations(page, axe_source)
    assert not found, f"{what} at {inner_width}px:\n{axe.describe(found)}"


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
def test_the_record_at_a_later_stage_reads_well(viewport, clinic_pages, clinic_site,
                                                axe_source):
    page = clinic_pages["cara"]
    page.set_viewport_size(viewport)
    page.goto(f"/attempts/{clinic_site.open_attempt}")
    record = page.get_by_role("group", name="Client record").first
    expect(record).to_be_visible()
    expect(page.get_by_text("Stage 2 of 3").first).to_be_visible()
    # Tabs with something new are open and say so in words; the others are closed.
    labs = record.locator("details", has=page.locator("summary", has_text="Laboratory Results"))
    expect(labs).to_have_attribute("open", "")
    expect(labs.locator("summary")).to_contain_text("New")
    history = record.locator("details", has=page.locator("summary",
                                                         has_text="History and Physical"))
    expect(history).not_to_have_attribute("open", "")
    expect(page.get_by_text("nitrites positive").first).to_be_visible()
    expect(page.get_by_role("button", name="Go on to stage 3 of 3")).to_be_visible()
    _check(page, axe_source, "attempt with an unfolding case")
    # The folded copy of the record beside the stage's second item opens too.
    page.locator("details.case-scenario > summary").first.click()
    _check(page, axe_source, "attempt with an unfolding case, record shown twice")


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}px")
def test_the_result_shows_each_stage_and_reads_well(viewport, clinic_pages, clinic_site,
                                                    axe_source):
    page = clinic_pages["cara"]
    page.set_viewport_size(viewport)
    page.goto(f"/attempts/{clinic_site.result_attempt}/result")
    expect(page.get_by_role("heading", name="By clinical judgement step")).to_be_visible()
    for n in (1, 2, 3):
        expect(page.get_by_text(f"Stage {n} of 3").first).to_be_visible()
    _check(page, axe_source, "result with an unfolding case")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_the_instructor_quiz_settings_pages_read_well(viewport, clinic_pages, clinic_site,
                                                      axe_source):
    page = clinic_pages["tutor"]
    page.set_viewport_size(viewport)
    page.goto("/instructor/quizzes")
    _check(page, axe_source, "quiz settings")
    page.goto(f"/instructor/quizzes/{clinic_site.relapse_quiz}")
    expect(page.get_by_label("Closes (UTC)")).to_be_visible()
    _check(page, axe_source, "one quiz's settings")


def test_a_tab_opens_and_closes_with_the_keyboard(clinic_pages, clinic_site):
    page = clinic_pages["cara"]
    page.set_viewport_size(PHONE)
    page.goto(f"/attempts/{clinic_site.open_attempt}")
    summary = page.locator(".case-record").first.locator("summary",
                                                          has_text="History and Physical")
    details = summary.locator("xpath=..")
    summary.focus()
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(page.get_by_text("secondary progressive MS").first).to_be_visible()
    page.keyboard.press("Space")
    expect(details).not_to_have_attribute("open", "")


def test_without_javascript_a_student_reads_the_record_and_moves_on(browser, clinic_site):
    context = browser.new_context(base_url=clinic_site.base_url, viewport=PHONE,
                                  java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    _log_in(page, "cleo")
    page.goto("/modules/clinic/quizzes/relapse-quiz")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("Stage 1 of 3").first).to_be_visible()
    assert "nitrites" not in page.content()  # a later stage is not in the page at all
    page.locator(".case-record summary", has_text="Vital Signs").first.click()
    page.get_by_role("checkbox", name="weaker legs since Saturday").check()
    page.get_by_role("button", name="Go on to stage 2 of 3").click()
    expect(page.get_by_text("Stage 2 of 3").first).to_be_visible()
    expect(page.get_by_text("Closed: Day 1, 08:00").first).to_be_visible()
    expect(page.get_by_text("nitrites positive").first).to_be_visible()
    assert page.get_by_role("checkbox", name="weaker legs since Saturday").count() == 0
    context.close()


# Every word in a visible case record table cell, as letters and digits between other
# characters (a line may break after "-" or "/"), that the browser drew on more than one line.
# A whitespace-free run longer than LONG_TOKEN characters (a URL, a lab code) may still wrap.
SPLIT_WORDS = """(longToken) => {
  const split = [];
  const cells = [...document.querySelectorAll('.record-entry td, .record-entry th')]
    .filter(cell => cell.checkVisibility());
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const token of node.data.matchAll(/\\S+/g)) {
        if (token[0].length > longToken) continue;
        for (const word of token[0].matchAll(/[\\p{L}\\p{N}]+/gu)) {
          const range = document.createRange();
          const start = token.index + word.index;
          range.setStart(node, start);
          range.setEnd(node, start + word[0].length);
          const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top);
          if (tops.some(top => Math.abs(top - tops[0]) > 1)) {
            split.push(`"${word[0]}" in the cell "${cell.innerText.trim()}"`);
          }
        }
      }
    }
  }
  return [cells.length, split];
}"""
LONG_TOKEN = 24

# The record's table boxes: [scrolls sideways, a Tab stop, has a name].
RECORD_SCROLLERS = """() => [...document.querySelectorAll('.record-entry .table-scroll')]
  .filter(el => el.checkVisibility())
  .map(el => [el.scrollWidth > el.clientWidth, el.tabIndex === 0,
               !!el.getAttribute('aria-label')])"""


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_record_tables_never_break_a_word(viewport, new_student, site):
    """The course's record tables at 320 px and at desktop width, every tab and the folded
    copies open: no word drawn on two lines; a table too wide for its tab scrolls in its own
    focusable box, and the page itself does not scroll sideways."""
    page, _ = new_student
    quiz = course.record_table_quiz()
    page.goto(f"/modules/{course.module().id}/quizzes/{quiz.id}")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("group", name="Client record").first).to_be_visible()
    page.set_viewport_size(viewport)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    cells, split = page.evaluate(SPLIT_WORDS, LONG_TOKEN)
    assert cells, f"{quiz.id}: no case record table on the attempt's first page"
    assert not split, f"{quiz.id} at {viewport['width']}px splits words:\n" + "\n".join(split)
    for wide, tab_stop, named in page.evaluate(RECORD_SCROLLERS):
        assert tab_stop and named or not wide, "a wide record table's box is not a named Tab stop"
    scroll_width, inner_width = sideways_overflow(page)
    assert scroll_width <= inner_width, f"the attempt scrolls sideways at {inner_width}px"
