"""Parse module.yaml and lesson files (lesson + quiz) into frozen content objects."""

from __future__ import annotations

from pathlib import Path as FsPath

from .case_parser import case_item_paths, is_case, parse_case
from .exam_parser import DEFAULT_PASS_MARK, MAX_TIME_LIMIT_MINUTES, FinalSpec, parse_final_exam
from .figures import read_figure
from .location import Location
from .model import Figure, KeyTerm, Lesson, Question, Quiz, Section
from .questions import parse_question
from .reader import FileReader, known
from .references import check_cited, parse_cited, parse_references
from .settings_parser import SETTING_KEYS, parse_settings
from .yamlpos import Path

QUIZ_MODES = ("test", "practice")


def parse_module_header(r: FileReader) -> tuple[str, str, str, FinalSpec | None] | None:
    """Read module.yaml: (id, title, description, final exam settings or None)."""
    if not r.mapping((), ("id", "title"), ("description", "final_exam")):
        return None
    mid, title = r.ident(("id",)), r.text(("title",))
    description = r.text(("description",), required=False) or ""
    final = parse_final_exam(r) if "final_exam" in r.get(()) else None
    if mid is None or title is None:
        return None
    return mid, title, description, final


def parse_lesson_file(r: FileReader, module_dir: FsPath) -> tuple[Lesson, Quiz] | None:
    """Read one lesson file: its lesson and its quiz. None when either is unusable."""
    if not r.mapping((), ("lesson", "quiz")):
        return None
    lesson = _lesson(r, module_dir)
    quiz = _quiz(r, lesson.id if lesson else None)
    if lesson is None or quiz is None:
        return None
    return lesson, quiz


def _lesson(r: FileReader, module_dir: FsPath) -> Lesson | None:
    p = ("lesson",)
    if not r.mapping(p, ("id", "title", "objectives", "sections"),
                     ("key_terms", "summary", "references")):
        return None
    lid, title = r.ident((*p, "id")), r.text((*p, "title"))
    objectives = [r.text(op) for op in r.items((*p, "objectives"), min_items=1)]
    references = parse_references(r, (*p, "references")) if "references" in r.get(p) else ()
    section_paths = r.items((*p, "sections"), min_items=1)
    sections = [_section(r, sp, module_dir) for sp in section_paths]
    cited_ok = references is None or check_cited(
        r, (*p, "sections"), [s.references if s else () for s in sections], references)
    seen: set[str] = set()
    for sp, section in zip(section_paths, sections, strict=True):
        if section and section.id in seen:
            r.error((*sp, "id"), f"duplicate section id '{section.id}' in lesson '{lid}'")
        if section:
            seen.add(section.id)
    terms = []
    for tp in r.items((*p, "key_terms")):
        if r.mapping(tp, ("term", "definition")):
            terms.append(KeyTerm(r.text((*tp, "term")) or "", r.text((*tp, "definition")) or ""))
    summary = r.text((*p, "summary"), required=False) or ""
    goals, parts = known(objectives), known(sections)
    if (lid is None or title is None or references is None or goals is None or parts is None
            or len(seen) != len(parts) or not cited_ok):
        return None
    return Lesson(id=lid, title=title, objectives=tuple(goals), sections=tuple(parts),
                  key_terms=tuple(terms), summary=summary,
                  location=Location(r.file, r.doc.where(p).line), references=references)


def _section(r: FileReader, p: Path, module_dir: FsPath) -> Section | None:
    if not r.mapping(p, ("id", "heading", "body"),
                     ("nursing_focus", "figure", "article", "references")):
        return None
    sid, heading, body = r.ident((*p, "id")), r.text((*p, "heading")), r.text((*p, "body"))
    focus = r.text((*p, "nursing_focus"), required=False) or ""
    figure = _figure(r, (*p, "figure"), module_dir) if "figure" in r.get(p) else None
    article = r.text((*p, "article")) if "article" in r.get(p) else ""
    cited = parse_cited(r, (*p, "references")) if "references" in r.get(p) else ()
    if article == "" and cited == ():
        r.error(p, f"section '{sid}' names neither the article section it follows (`article:`) "
                   "nor the references it rests on (`references:`)")
        return None
    if sid is None or heading is None or body is None or article is None or cited is None or (
            "figure" in r.get(p) and figure is None):
        return None
    return Section(sid, heading, body, focus, figure, article, cited)


def _figure(r: FileReader, p: Path, module_dir: FsPath) -> Figure | None:
    if not r.mapping(p, ("file", "caption", "description")):
        return None
    file, caption = r.text((*p, "file")), r.text((*p, "caption"))
    description = r.text((*p, "description"))
    if file is None:
        return None
    svg, problem = read_figure(module_dir, file)
    if problem:
        r.error((*p, "file"), problem)
    if svg is None or caption is None or description is None:
        return None
    return Figure(file, caption, description, svg)


def _quiz(r: FileReader, lesson_id: str | None) -> Quiz | None:
    p = ("quiz",)
    if not r.mapping(p, ("id", "title", "questions"),
                     ("pass_mark", "mode", "time_limit_minutes", *SETTING_KEYS)):
        return None
    qid, title = r.ident((*p, "id")), r.text((*p, "title"))
    pass_mark = r.integer((*p, "pass_mark"), 0, 100, DEFAULT_PASS_MARK)
    mode = r.choice((*p, "mode"), QUIZ_MODES) if "mode" in r.get(p) else "test"
    limit = _time_limit(r, p)
    settings = parse_settings(r, p, final=False)
    if mode == "practice" and settings is not None and (
            settings.review, settings.review_shows) != ("immediately", "key"):
        # Practice mode shows each key as soon as the question is checked.
        r.error((*p, "mode"), "a practice-mode quiz shows the key after each question: it "
                              "needs review: immediately and review_shows: key (the defaults)")
        settings = None
    questions: list[Question | None] = []
    for qp in r.items((*p, "questions"), min_items=1):
        if is_case(r, qp):
            questions.extend(parse_case(r, qp, quiz_mode=mode))
        else:
            questions.append(parse_question(r, qp))
    items = known(questions)
    if (qid is None or title is None or pass_mark is None or mode is None or lesson_id is None
            or items is None or limit is False or settings is None):
        return None
    return Quiz(id=qid, title=title, pass_mark=pass_mark, questions=tuple(items), mode=mode,
                lesson_id=lesson_id, time_limit_minutes=limit, settings=settings,
                location=Location(r.file, r.doc.where(p).line))


def question_paths(r: FileReader) -> list[Path]:
    """The YAML path of each question of the file's quiz, in the order the quiz holds them."""
    paths = []
    for qp in r.items(("quiz", "questions")):
        if is_case(r, qp):
            paths.extend(case_item_paths(r, qp))
        else:
            paths.append(qp)
    return paths


def _time_limit(r: FileReader, p: Path) -> int | None | bool:
    """The optional `time_limit_minutes` under `p`: None when absent, False when invalid."""
    if not isinstance(r.get(p), dict) or "time_limit_minutes" not in r.get(p):
        return None
    value = r.integer((*p, "time_limit_minutes"), 1, MAX_TIME_LIMIT_MINUTES)
    return False if value is None else value
