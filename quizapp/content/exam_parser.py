"""Parse a module's final exam: its settings in module.yaml, its own pool file, and the
blueprint every drawn form follows (checked here: the pool can fill every cell at once).

The older form, `draw_per_lesson: N` (N items from each lesson quiz), stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .blueprint import fill, matches
from .case_parser import case_item_paths, is_case, parse_case
from .location import Location
from .model import CLIENT_NEEDS, Lesson, Question, Quiz, format_mark
from .problems import Problem
from .questions import parse_question
from .reader import FileReader, describe
from .settings import Blueprint, Cell, QuizSettings
from .settings_parser import SETTING_KEYS, parse_settings
from .yamlpos import Path

DEFAULT_PASS_MARK = 70
MAX_DRAW = 200
MAX_TIME_LIMIT_MINUTES = 600


@dataclass
class FinalSpec:
    """What module.yaml says about the final exam, before its pool is read."""

    id: str
    title: str
    pass_mark: int
    time_limit_minutes: int | None
    settings: QuizSettings
    location: Location
    draw_per_lesson: int | None = None
    pool_file: str | None = None
    blueprint: Blueprint | None = None
    cell_paths: list[Path] = field(default_factory=list)
    reader: FileReader | None = None  # module.yaml's, for errors at the blueprint's cells


def parse_final_exam(r: FileReader) -> FinalSpec | None:
    """Read `final_exam:` from module.yaml (None when absent or unusable)."""
    p: Path = ("final_exam",)
    if not r.mapping(p, ("id", "title"), ("pass_mark", "time_limit_minutes", "draw_per_lesson",
                                           "pool", "blueprint", *SETTING_KEYS)):
        return None
    given = r.get(p)
    legacy = "draw_per_lesson" in given
    if legacy == ("pool" in given or "blueprint" in given) or ("pool" in given) != (
            "blueprint" in given):
        r.error(p, "final_exam needs either `pool:` and `blueprint:` (its own items, drawn by "
                   "a blueprint) or the older `draw_per_lesson:`, not both or neither")
        return None
    fid, title = r.ident((*p, "id")), r.text((*p, "title"))
    pass_mark = r.integer((*p, "pass_mark"), 0, 100, DEFAULT_PASS_MARK)
    limit = (r.integer((*p, "time_limit_minutes"), 1, MAX_TIME_LIMIT_MINUTES)
             if "time_limit_minutes" in given else None)
    settings = parse_settings(r, p, final=not legacy)
    spec = FinalSpec(fid or "", title or "", pass_mark or 0, limit, settings or QuizSettings(),
                     Location(r.file, r.doc.where(p).line), reader=r)
    if legacy:
        spec.draw_per_lesson = r.integer((*p, "draw_per_lesson"), 1, 50)
    else:
        spec.pool_file = _pool_name(r, (*p, "pool"))
        spec.blueprint, spec.cell_paths = _blueprint(r, (*p, "blueprint"))
    broken = (None in (fid, title, pass_mark, settings)
              or ("time_limit_minutes" in given and limit is None)
              or (legacy and spec.draw_per_lesson is None)
              or (not legacy and None in (spec.pool_file, spec.blueprint)))
    return None if broken else spec


def _pool_name(r: FileReader, path: Path) -> str | None:
    name = r.text(path)
    if name is not None and ("/" in name or "\\" in name or not name.endswith(".yaml")
                             or name == "module.yaml"):
        r.error(path, f"pool '{name}' must be a .yaml file in the module folder (a name like "
                      "exam-pool.yaml, no folders)")
        return None
    return name


def _blueprint(r: FileReader, p: Path) -> tuple[Blueprint | None, list[Path]]:
    if not r.mapping(p, ("case_studies",), ("cells",)):
        return None, []
    cases = r.integer((*p, "case_studies"), 0, 50)
    cell_paths = r.items((*p, "cells"))
    cells = [_cell(r, cp) for cp in cell_paths]
    if cases == 0 and not cells:
        r.error(p, "the blueprint draws nothing: give `cells:` or `case_studies:` above 0")
        return None, []
    if cases is None or None in cells:
        return None, []
    return Blueprint(cases, tuple(c for c in cells if c is not None)), cell_paths


def _cell(r: FileReader, cp: Path) -> Cell | None:
    if not r.mapping(cp, ("draw",), ("lesson", "topic", "client_need")):
        return None
    value = r.get(cp)
    if ("lesson" in value) == ("topic" in value):
        r.error(cp, f"{describe(cp)} names what to draw by `lesson:` (a lesson id) or "
                    "`topic:` (a tag on pool items): exactly one of them")
        return None
    draw = r.integer((*cp, "draw"), 1, MAX_DRAW)
    lesson = r.ident((*cp, "lesson")) if "lesson" in value else None
    topic = r.ident((*cp, "topic")) if "topic" in value else None
    need = r.choice((*cp, "client_need"), CLIENT_NEEDS) if "client_need" in value else None
    if draw is None or (lesson or topic) is None or ("client_need" in value and need is None):
        return None
    pos = r.doc.where(cp)
    return Cell(draw, lesson, topic, need, Location(r.file, pos.line, pos.col))


def parse_pool(r: FileReader) -> tuple[list[Question | None], list[Path]]:
    """The pool file's items (single items and unfolding cases' items) with their paths."""
    if not r.mapping((), ("pool",)) or not r.mapping(("pool",), ("questions",)):
        return [None], []
    questions: list[Question | None] = []
    paths: list[Path] = []
    for qp in r.items(("pool", "questions"), min_items=1):
        if is_case(r, qp):
            questions.extend(parse_case(r, qp, quiz_mode=None, in_pool=True))
            paths.extend(case_item_paths(r, qp))
        else:
            questions.append(parse_question(r, qp, pool_item=True))
            paths.append(qp)
    return questions, paths


def check_pool_sources(r: FileReader, questions: list[Question], paths: list[Path],
                       lessons: dict[str, Lesson]) -> bool:
    """Every pool item's lesson is a lesson of the module and its `source` one of that
    lesson's sections (the passage a student is shown after the exam)."""
    ok, reported = True, set()
    for question, path in zip(questions, paths, strict=True):
        lesson_id = question.case.lesson if question.case else question.lesson
        # A case item's path ends stages[i].questions[j] under the case.
        where = (*path[:-4], "lesson") if question.case else (*path, "lesson")
        lesson = lessons.get(lesson_id or "")
        if lesson is None and where in reported:
            ok = False
        elif lesson is None:
            reported.add(where)
            r.error(where, f"lesson '{lesson_id}' is not a lesson of this module (lessons: "
                           f"{', '.join(lessons)})")
            ok = False
        elif lesson.section(question.source) is None:
            r.error((*path, "source"), f"source '{question.source}' is not a section of lesson "
                                       f"'{lesson.id}' (sections: "
                                       f"{', '.join(s.id for s in lesson.sections)})")
            ok = False
    return ok


def build_final_exam(spec: FinalSpec, lesson_quizzes: list[Quiz], lessons: dict[str, Lesson],
                     pool: list[Question], problems: list[Problem]) -> Quiz:
    """The final exam as a Quiz (its questions are the pool), with the blueprint checked."""
    if spec.draw_per_lesson is not None:
        _check_lesson_draws(spec, lesson_quizzes, problems)
    elif spec.blueprint is not None and spec.reader is not None:
        check_blueprint(spec.reader, spec.blueprint, spec.cell_paths, pool, lessons)
    return Quiz(id=spec.id, title=spec.title, pass_mark=spec.pass_mark,
                questions=tuple(pool), draw_per_lesson=spec.draw_per_lesson,
                time_limit_minutes=spec.time_limit_minutes, settings=spec.settings,
                blueprint=spec.blueprint, pool_file=spec.pool_file, location=spec.location)


def _check_lesson_draws(spec: FinalSpec, quizzes: list[Quiz], problems: list[Problem]) -> None:
    for quiz in quizzes:
        if spec.draw_per_lesson and len(quiz.questions) < spec.draw_per_lesson:
            problems.append(Problem(spec.location.file, spec.location.line, 1,
                                    f"final exam draws {spec.draw_per_lesson} per lesson but "
                                    f"quiz '{quiz.id}' has only {len(quiz.questions)}"))


def check_blueprint(r: FileReader, blueprint: Blueprint, cell_paths: list[Path],
                    pool: list[Question], lessons: dict[str, Lesson]) -> None:
    """The pool can fill every cell at once, with the cases asked for, and every form is
    worth the same marks; each problem at the cell (or `case_studies`) it concerns."""
    singles = [q for q in pool if q.case is None]
    candidates: list[list[str]] = []
    for n, (cell, cp) in enumerate(zip(blueprint.cells, cell_paths, strict=True), start=1):
        if cell.lesson is not None and cell.lesson not in lessons:
            r.error((*cp, "lesson"), f"blueprint cell {n}: lesson '{cell.lesson}' is not a "
                                     f"lesson of this module (lessons: {', '.join(lessons)})")
        found = [q for q in singles if matches(cell, q)]
        candidates.append([q.id for q in found])
        marks = sorted({q.mark for q in found})
        if len(marks) > 1:
            worth = ", ".join(f"{q.id}: {format_mark(q.mark)}" for q in found)
            r.error(cp, f"blueprint cell {n} ({cell.describe()}) may draw items worth different "
                        f"marks ({worth}), so forms would differ in marks possible; give them "
                        "the same mark")
    _check_filling(r, blueprint, cell_paths, candidates)
    _check_cases(r, blueprint, pool)


def _check_filling(r: FileReader, blueprint: Blueprint, cell_paths: list[Path],
                   candidates: list[list[str]]) -> None:
    draws = [c.draw for c in blueprint.cells]
    filling = fill(draws, candidates)
    for n, (cell, cp, found, short) in enumerate(
            zip(blueprint.cells, cell_paths, candidates, filling.short, strict=True), start=1):
        if not short:
            continue
        if len(found) < cell.draw:
            r.error(cp, f"blueprint cell {n} ({cell.describe()}) draws {cell.draw} but the pool "
                        f"has only {len(found)} single item(s) that match; add "
                        f"{cell.draw - len(found)}")
            continue
        rivals = [str(m) for m, other in enumerate(candidates, start=1)
                  if m != n and set(other) & set(found)]
        r.error(cp, f"blueprint cell {n} ({cell.describe()}) is short by {short}: its "
                    f"{len(found)} matching item(s) are also drawn by cell(s) "
                    f"{', '.join(rivals)}, and together they need more; add items or narrow "
                    "a cell")


def _check_cases(r: FileReader, blueprint: Blueprint, pool: list[Question]) -> None:
    cases: dict[str, list[Question]] = {}
    for q in pool:
        if q.case is not None:
            cases.setdefault(q.case.id, []).append(q)
    where: Path = ("final_exam", "blueprint", "case_studies")
    if len(cases) < blueprint.case_studies:
        r.error(where, f"the blueprint draws {blueprint.case_studies} case studies but the "
                       f"pool has {len(cases)}")
    worth = {cid: sum((q.mark for q in items), Fraction(0)) for cid, items in cases.items()}
    if blueprint.case_studies and len(set(worth.values())) > 1:
        listed = ", ".join(f"{cid}: {format_mark(m)}" for cid, m in worth.items())
        r.error(where, f"the pool's case studies are worth different marks ({listed}), so "
                       "forms would differ in marks possible; give each case the same total")
