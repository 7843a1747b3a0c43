"""An instructor's first hour with the demo class (`quiz demo-class`, served by the
`demo_server` fixture): the gradebook full of simulated students, one student's page, the item
statistics of a quiz with an item flagged "needs checking", the results by clinical judgement
step, then the cohort renamed and its join code replaced. Every page on the way is checked with
axe-core, at desktop and at phone width; the phone-width layout checks (no sideways scroll, 24 px
targets) run on the same pages through SCREENS (test_phone.py).

The walk follows links and fills forms as a person would; what it expects comes from the demo
class's service (its size, its cohort's name), not from numbers written here.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from quizapp.services import demo

from .axe import describe, violations
from .conftest import DESKTOP, PHONE, Site, log_in

pytestmark = pytest.mark.browser

NEW_NAME = "NUR 210 Spring cohort (demo)"


class Walk:
    """The instructor's page, with axe-core run on every page reached."""

    def __init__(self, page: Page, axe_source: str) -> None:
        self.page, self.axe_source = page, axe_source
        self.problems: list[str] = []

    def arrive(self, heading: str | re.Pattern[str]) -> None:
        """The page shows `heading` as its h1; its axe violations are noted."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(heading)
        found = violations(self.page, self.axe_source)
        if found:
            self.problems.append(f"{self.page.url}:\n{describe(found)}")

    def follow(self, name: str | re.Pattern[str], heading: str | re.Pattern[str], *,
               within: str = "main") -> None:
        """Select the link named `name` (in `within`), then arrive at `heading`."""
        self.page.locator(within).get_by_role("link", name=name, exact=True).first.click()
        self.arrive(heading)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def walk(request: pytest.FixtureRequest, new_context, demo_server: Site,
         axe_source: str) -> Walk:
    context = new_context(base_url=demo_server.base_url, viewport=request.param)
    request.addfinalizer(context.close)
    page = context.new_page()
    log_in(page, demo_server.instructor, demo_server.password)
    return Walk(page, axe_source)


def test_first_hour_with_the_demo_class(walk: Walk, demo_server: Site) -> None:
    page = walk.page
    walk.arrive("My progress")

    # The gradebook: every simulated student of the demo class, in its one cohort.
    walk.follow("Gradebook", "Gradebook", within="header")
    expect(page.locator("#cohort-filter")).to_contain_text(demo.COHORT_NAME)
    expect(page.locator("#gradebook-caption")).to_contain_text(
        f"{demo.DEFAULT_STUDENTS} students.")
    students = page.locator(".gradebook tbody th a")
    expect(students).to_have_count(demo.DEFAULT_STUDENTS)
    expect(page.locator(".gradebook td strong").first).to_have_text(re.compile(r"\d+%"))

    # A student's page: their submitted attempts, each with its score.
    username = students.first.inner_text()
    walk.follow(username, username)
    attempts = page.locator(".attempt-record")
    expect(attempts.first).to_contain_text(re.compile(r"Submitted .* · \d+% · "))

    # Item statistics: the quiz with an item that discriminates the wrong way round.
    walk.follow("Item statistics", "Item statistics", within="nav.subnav")
    module_id, slug = str(demo_server.attempts["flagged_quiz"]).split("/")
    quiz_link = page.locator(f"a[href*='/instructor/stats/{module_id}/{slug}']")
    title = quiz_link.inner_text()
    walk.follow(title, f"Statistics: {title}")
    flagged = page.locator("ul.needs-checking > li")
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Needs checking \([1-9]"))
           ).to_be_visible()
    negative = flagged.filter(has_text="Negative discrimination")
    expect(negative.first).to_be_visible()
    question_id = negative.first.locator("code").first.inner_text()
    row = page.locator("#items-caption").locator("..").locator("tbody tr").filter(
        has=page.locator("code", has_text=question_id))
    expect(row.locator("td").last).to_have_text("Needs checking")
    negative.first.get_by_role("link").first.click()  # down to its options, flag repeated
    options = page.locator("section.item-options").filter(
        has=page.locator("h3 code", has_text=question_id))
    expect(options.locator(".flag-list")).to_contain_text("Negative discrimination")

    # Results by tag: marks by step of the clinical judgement model, from real responses.
    walk.follow("Results by tag", "Results by tag", within="nav.subnav")
    steps = page.locator("#tags-step tbody tr")
    expect(steps.first).to_be_visible()
    assert steps.count() >= 3, "the demo class answers items of few clinical judgement steps"
    for responses in steps.locator("td:nth-child(2)").all_inner_texts():
        assert int(responses) > 0

    # The cohort: renamed, its join code replaced, both in its log; its name then put back,
    # as other tests (and the demo-class service) know the cohort by it.
    walk.follow("Cohorts", "Cohorts", within="nav.subnav")
    walk.follow(demo.COHORT_NAME, demo.COHORT_NAME)
    expect(page.locator("#members")).to_have_text(f"Students ({demo.DEFAULT_STUDENTS})")
    rename(walk, NEW_NAME)
    log = page.locator("#log-caption").locator("..")
    expect(log.locator("tbody tr").first).to_contain_text(
        f"renamed the cohort from “{demo.COHORT_NAME}” to “{NEW_NAME}”")

    old_code = page.locator(".facts code.join-code").inner_text()
    walk.follow("Make a new join code…", f"Make a new join code for {NEW_NAME}?")
    expect(page.locator("main code.join-code")).to_have_text(old_code)
    page.get_by_role("button", name="Make a new join code").click()
    walk.arrive(NEW_NAME)
    new_code = page.locator(".facts code.join-code").inner_text()
    assert new_code and new_code != old_code
    expect(page.get_by_role("status")).to_contain_text(f"The new join code is {new_code}.")
    expect(log.locator("tbody tr").first).to_contain_text("made a new join code")

    # The reports know the cohort by its new name.
    walk.follow("Gradebook", "Gradebook", within="nav.subnav")
    expect(page.locator("#cohort-filter")).to_contain_text(NEW_NAME)
    walk.follow("Cohorts", "Cohorts", within="nav.subnav")
    expect(page.locator("main table")).to_contain_text(new_code)
    walk.follow(NEW_NAME, NEW_NAME)
    rename(walk, demo.COHORT_NAME)
    assert not walk.problems, "\n\n".join(walk.problems)


def rename(walk: Walk, name: str) -> None:
    """Rename the cohort whose page is open, through its form."""
    field = walk.page.get_by_label("New name")
    field.fill(name)
    walk.page.get_by_role("button", name="Rename", exact=True).click()
    walk.arrive(name)
    expect(walk.page.get_by_role("status")).to_contain_text(f"The cohort is now called '{name}'.")
