"""The pages the browser tests visit, and small page probes shared by the tests.

To cover a new page, add a Screen to SCREENS: the axe-core, keyboard focus and phone-width
(375 and 320 px) tests pick it up. Paths may name the seeded student's attempts ({open_attempt},
{submitted_attempt}, {case_attempt}, ...: the keys of `attempts` returned by seed.py). A
screen's `site` is the real course ("course"), the test bank with one item of every type
("ngn") or the course with the demo class of simulated students ("demo"); which lesson, quiz
or question a course screen shows is read from the course (course.py), so a rewrite of the
course does not break the suite.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from quizapp.rendering import markdown_to_html
from quizapp.services.demo import COHORT_NAME as DEMO_COHORT

from . import course

MODULE = course.module().id
LESSONS = course.module().lessons
FIGURE_LESSON = f"/modules/{MODULE}/lessons/{course.figure_lesson().id}"
QUIZ_OF_LESSON_2 = course.quiz_of(LESSONS[1])  # the quiz rosa failed and has open again
QUIZ = f"/modules/{MODULE}/quizzes/{QUIZ_OF_LESSON_2.id}"
CASE_QUIZ = course.case_quiz()  # an unfolding case with a highlight item, and more widgets
ORDERED_QUIZ = course.quiz_with("ordered_response", "drop_down_cloze")
PREVIEWED = course.first_of_type(("bow_tie", "matrix_multiple_response", "highlight"))


@dataclass(frozen=True)
class Screen:
    """A page as one kind of visitor sees it: `role` is None (anonymous), student or
    instructor, on `site` (a key of conftest.SITES)."""

    name: str
    path: str
    heading: str
    role: str | None = "student"
    status: int = 200
    site: str = "course"  # on "demo", "instructor" is the demo instructor


SCREENS = (
    Screen("login", "/login", "Log in", role=None),
    Screen("signup", "/signup", "Create your account", role=None),
    Screen("dashboard", "/", "My progress"),
    Screen("lesson with a figure", FIGURE_LESSON, course.figure_lesson().title),
    Screen("quiz front page", QUIZ, QUIZ_OF_LESSON_2.title),
    Screen("attempt", "/attempts/{open_attempt}", QUIZ_OF_LESSON_2.title),
    Screen("result", "/attempts/{submitted_attempt}/result", "Result"),
    Screen("attempt with a case study", "/attempts/{case_attempt}", CASE_QUIZ.title),
    Screen("attempt with ordered response and cloze", "/attempts/{ordered_attempt}",
           ORDERED_QUIZ.title),
    Screen("result with a case study", "/attempts/{case_result}/result",
           f"Result: {CASE_QUIZ.title}"),
    Screen("attempt with every item type", "/attempts/{every_type_attempt}", "Ward quiz",
           site="ngn"),
    Screen("result with every item type", "/attempts/{every_type_result}/result",
           "Result: Ward quiz", site="ngn"),
    Screen("practice", "/attempts/{practice_attempt}/practice",
           f"What I missed: {QUIZ_OF_LESSON_2.title}"),
    Screen("practice feedback", "/attempts/{practice_attempt}/practice/{practice_checked}",
           f"What I missed: {QUIZ_OF_LESSON_2.title}"),
    Screen("calibration", "/progress/calibration", "Confidence and accuracy"),
    Screen("gradebook", "/instructor/", "Gradebook", role="instructor"),
    Screen("gradebook sorted",
           f"/instructor/?sort={MODULE}:{course.quiz_of(LESSONS[0]).id}&dir=desc",
           "Gradebook", role="instructor"),
    Screen("cohorts", "/instructor/cohorts", "Cohorts", role="instructor"),
    Screen("student page", "/instructor/students/1", "rosa", role="instructor"),
    Screen("item statistics", "/instructor/stats", "Item statistics", role="instructor"),
    Screen("quiz statistics", f"/instructor/stats/{MODULE}/{QUIZ_OF_LESSON_2.id}?attempts=all",
           f"Statistics: {QUIZ_OF_LESSON_2.title}", role="instructor"),
    Screen("results by tag", "/instructor/results", "Results by tag", role="instructor"),
    Screen("question bank", "/instructor/questions", "Questions", role="instructor"),
    Screen("question preview", f"/instructor/questions/{PREVIEWED.id}", "Question",
           role="instructor"),
    Screen("bank downloads", "/instructor/bank-exports", "Download the question bank",
           role="instructor"),
    Screen("fidelity report", f"/instructor/bank-exports/{MODULE}/canvas-qti/report",
           "What Canvas QTI 1.2 keeps", role="instructor"),
    Screen("LMS courses", "/instructor/lms", "LMS courses", role="instructor"),
    Screen("LMS course", "/instructor/lms/1", "NUR 301 Adult Health", role="instructor"),
    Screen("join a class", "/join", "Join a class"),
    Screen("account", "/account", "Your account"),
    Screen("change password", "/account/password", "Change your password"),
    Screen("reset a student's password", "/instructor/students/1/reset-password",
           "Reset the password of rosa", role="instructor"),
    # The demo instructor's pages, full of the demo class (`quiz demo-class`): see seed.py.
    Screen("demo class gradebook", "/instructor/", "Gradebook", role="instructor", site="demo"),
    Screen("demo class student page", "/instructor/students/{demo_student}", "demo-student-",
           role="instructor", site="demo"),
    Screen("demo class item statistics", "/instructor/stats/{flagged_quiz}", "Statistics: ",
           role="instructor", site="demo"),
    Screen("demo class results by tag", "/instructor/results", "Results by tag",
           role="instructor", site="demo"),
    Screen("demo class cohorts", "/instructor/cohorts", "Cohorts", role="instructor",
           site="demo"),
    Screen("demo class cohort page", "/instructor/cohorts/{demo_cohort}", DEMO_COHORT,
           role="instructor", site="demo"),
    Screen("new join code for the demo class", "/instructor/cohorts/{demo_cohort}/new-code",
           "Make a new join code for", role="instructor", site="demo"),
    Screen("not found", "/modules/no-such-module/lessons/nothing", "Not found", status=404),
    Screen("forbidden", "/instructor/", "Not allowed", status=403),
    Screen("error for a bad attempt", "/attempts/999999", "Not found", status=404),
)


def plain(markdown: str) -> str:
    """The text a screen reader reads for an author's Markdown (tags dropped, spaces joined)."""
    text = re.sub(r"<[^>]+>", " ", markdown_to_html(markdown))
    return " ".join(html.unescape(text).split())


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '',
          value: typeof el.value === 'string' ? el.value : '',
          text: (el.innerText || (el.labels && el.labels[0] ? '' : el.value) || '').trim()
                .slice(0, 80),
          label: el.labels && el.labels[0] ? el.labels[0].innerText.trim() : '',
          checked: !!el.checked, inQuestion: !!el.closest('.question'),
          inputMode: el.inputMode || '',
          // A table's scroll box in a question: "<question id>:<its index there>".
          scroller: el.matches('.table-scroll') && el.closest('.question')
            ? el.closest('.question').dataset.questionId + ':'
              + [...el.closest('.question').querySelectorAll('.table-scroll')].indexOf(el)
            : '',
          outlineStyle: cs.outlineStyle, outlineWidth: parseFloat(cs.outlineWidth),
          outlineColor: cs.outlineColor, boxShadow: cs.boxShadow,
          inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
          // Nothing (a sticky bar, say) painted over the middle of it.
          covered: (() => { const hit = document.elementFromPoint(r.x + r.width / 2,
                                                                  r.y + r.height / 2);
                            return !!hit && !el.contains(hit) && !hit.contains(el); })()};
}"""


def focused(page: Any) -> dict | None:
    """What has the keyboard focus, with its computed focus indicator."""
    return page.evaluate(FOCUSED)


def focus_problem(el: dict) -> str | None:
    """Why the focused element's focus would not be visible, or None if it is."""
    if el["outlineStyle"] in ("none", "hidden") or el["outlineWidth"] < 2:
        return f"no visible outline ({el['outlineStyle']} {el['outlineWidth']}px)"
    if not el["inView"]:
        return "focused but scrolled out of view"
    if el["covered"]:
        return "focused but covered by another element"
    return None


SMALL_TARGETS = """(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
                 + '[tabindex]:not([tabindex="-1"]), [role=button], [role=link]';
  const blockOf = (el) => {
    let node = el.parentElement;
    while (node && getComputedStyle(node).display.startsWith('inline')) node = node.parentElement;
    return node;
  };
  // WCAG 2.5.8 exempts a link inside a sentence: its size is set by the line of text.
  const inRunningText = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const block = blockOf(el);
    return !!block && block.innerText.trim().length > el.innerText.trim().length;
  };
  const small = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not rendered (display none, closed details)
    if (r.width >= minimum && r.height >= minimum) continue;
    if (inRunningText(el)) continue;
    small.push(`${el.outerHTML.slice(0, 120)} is ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  }
  return small;
}"""


def small_targets(page: Any, minimum: int = 24) -> list[str]:
    """Interactive elements smaller than minimum x minimum CSS px (inline text links exempt)."""
    return page.evaluate(SMALL_TARGETS, minimum)


def sideways_overflow(page: Any) -> tuple[int, int]:
    """(scrollWidth, innerWidth) of the page: the first larger means a horizontal scroll."""
    return tuple(page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]"))
