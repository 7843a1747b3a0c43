"""Item statistics per quiz, with its charts, and results by tag per cohort."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from ..charts import BarChart, bar_chart
from ..services.accounts import cohorts
from ..services.attempts.quizzes import find_quiz
from ..services.reports import item_statistics, tag_results
from .blueprint import bp
from .forms import attempts_from_query, scope_from_query


@bp.route("/stats")
def stats_index():
    """Every quiz, with how many of your students took it; links to its statistics."""
    scope = scope_from_query()
    return render_template("instructor/stats_index.html",
                           quizzes=item_statistics.quiz_overview(scope),
                           cohorts=cohorts.cohorts_of(current_user.id),
                           cohort_id=scope.cohort_id)


@bp.route("/stats/<module_id>/<slug>")
def quiz_stats(module_id: str, slug: str):
    """Moodle-style statistics for one quiz; questions that need checking point to the YAML."""
    scope = scope_from_query()
    report = item_statistics.quiz_stats(scope, find_quiz(module_id, slug),
                                        attempts_from_query())
    return render_template("instructor/quiz_stats.html", report=report,
                           charts=_charts(report), cohorts=cohorts.cohorts_of(current_user.id),
                           cohort_id=scope.cohort_id)


def _charts(report: item_statistics.QuizStatsReport) -> tuple[BarChart, BarChart]:
    which = f"{report.which} attempts"
    bins = report.histogram
    top = max(bins, key=lambda b: b.count)
    hist_desc = (f"Bar chart of {report.summary.attempts} scores ({which}) in ten bands. "
                 + (f"The most common band is {top.label} with {top.count}."
                    if top.count else "There are no attempts yet."))
    periods = report.completion
    done = periods[-1].cumulative if periods else 0
    comp_desc = (f"Bar chart of the running total of students who have passed, by period. "
                 f"{done} student(s) passed by {periods[-1].start.isoformat()}."
                 if periods else "No student has passed this quiz yet.")
    return (
        bar_chart("score-histogram", f"Score distribution: {report.title}", hist_desc,
                  [b.label for b in bins], [b.count for b in bins], "Score", "Attempts"),
        bar_chart("completion", f"Students who passed over time: {report.title}", comp_desc,
                  [p.start.strftime("%d %b") for p in periods],
                  [p.cumulative for p in periods], "Period starting", "Students passed"))


@bp.route("/results")
def results():
    """Results by lesson, client-need category and difficulty for your cohorts (or one)."""
    scope = scope_from_query()
    return render_template("instructor/results.html", tags=tag_results.tag_results(scope),
                           cohorts=cohorts.cohorts_of(current_user.id),
                           cohort_id=scope.cohort_id)
