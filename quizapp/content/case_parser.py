"""Parse a `case:` entry of a quiz's (or an exam pool's) `questions:` list.

Two forms: the older single scenario (`scenario:` + `questions:`), kept valid for existing
content, and the unfolding case study (`record:` + `stages:`), the Next Generation NCLEX's:
each stage adds to the client's record and asks its own items, one per step of the NCSBN
clinical judgement model across the case.
"""

from __future__ import annotations

from dataclasses import replace

from .case import NAVIGATION, RECORD_TABS, Case, Record, Stage
from .images import optional_images
from .location import Location
from .model import CLINICAL_JUDGEMENT_STEPS, Question
from .questions import parse_question
from .reader import FileReader, describe
from .yamlpos import Path

MIN_STAGES = 2
MAX_CASE_IMAGES = 6  # a case record may show a rhythm strip, a wound photo, a chart ...


def is_case(r: FileReader, path: Path) -> bool:
    """True when the list entry at `path` is a `case:` rather than a single item."""
    value = r.get(path)
    return isinstance(value, dict) and "case" in value


def case_item_paths(r: FileReader, path: Path) -> list[Path]:
    """The YAML paths of a case entry's items, in order (stage by stage when unfolding)."""
    p = (*path, "case")
    value = r.get(p)
    if isinstance(value, dict) and "stages" in value:
        return [qp for sp in r.items((*p, "stages"))
                for qp in (r.items((*sp, "questions")) if isinstance(r.get(sp), dict) else [])]
    return r.items((*p, "questions"))


def parse_case(r: FileReader, path: Path, *, quiz_mode: str | None,
               in_pool: bool = False) -> list[Question | None]:
    """The items of the case at `path`, each carrying the case (as far as its stage).
    `quiz_mode` is the quiz's mode (None in an exam pool); a [None] marks a broken case."""
    if not r.mapping(path, ("case",)):
        return [None]
    p = (*path, "case")
    value = r.get(p)
    if isinstance(value, dict) and "stages" in value:
        return _unfolding(r, p, quiz_mode, in_pool)
    if isinstance(value, dict) and in_pool:
        r.error(p, f"{describe(p)}: a case in an exam pool must be an unfolding case study "
                   "(`record:` and `stages:`), not a single scenario")
        return [None]
    return _single_scenario(r, p)


def _single_scenario(r: FileReader, p: Path) -> list[Question | None]:
    """The older form: a scenario shared by its own questions, each graded on its own."""
    if not r.mapping(p, ("id", "title", "scenario", "questions"), ("images",)):
        return [None]
    cid, title, scenario = r.ident((*p, "id")), r.text((*p, "title")), r.text((*p, "scenario"))
    images = optional_images(r, p, MAX_CASE_IMAGES)
    questions = [parse_question(r, qp) for qp in r.items((*p, "questions"), min_items=2)]
    if cid is None or title is None or scenario is None or images is None:
        return [None]
    case = Case(cid, title, scenario, location=_where(r, p), images=images)
    return [replace(q, case=case) if q else None for q in questions] or [None]


def _unfolding(r: FileReader, p: Path, quiz_mode: str | None,
               in_pool: bool) -> list[Question | None]:
    optional = ("navigation", "record", "images") + (("lesson",) if in_pool else ())
    required = ("id", "title", "stages") + (("lesson",) if in_pool else ())
    if not r.mapping(p, required, optional):
        return [None]
    cid, title = r.ident((*p, "id")), r.text((*p, "title"))
    lesson = r.ident((*p, "lesson")) if in_pool else None
    navigation = _navigation(r, p, quiz_mode, in_pool)
    record = _record(r, (*p, "record"))
    images = optional_images(r, p, MAX_CASE_IMAGES)
    parsed = [_stage(r, sp) for sp in r.items((*p, "stages"), min_items=MIN_STAGES)]
    _check_stage_ids(r, p, parsed)
    stages = [s for s, _ in parsed if s is not None]
    items = [q for _, qs in parsed for q in qs]
    if stages and record is not None and not (record.tabs() or stages[0].record.tabs()):
        r.error(p, f"{describe(p)} shows an empty record: give `record:` (or the first "
                   f"stage's `record:`) at least one of {', '.join(RECORD_TABS)}")
        return [None]
    if None not in items:  # a broken item's step is unknown: no guessing what is missing
        _check_coverage(r, p, cid, [q for q in items if q is not None])
    if None in (cid, title, navigation, record, images) or (in_pool and lesson is None) \
            or len(stages) != len(parsed) or len(stages) < MIN_STAGES:
        return [None]
    case = Case(cid or "", title or "", navigation=navigation or "locked",
                record=record or Record(), stages=tuple(stages), lesson=lesson,
                location=_where(r, p), images=images or ())
    out: list[Question | None] = []
    for index, (_, questions) in enumerate(parsed):
        at_stage = case.at_stage(index)
        out += [replace(q, case=at_stage) if q else None for q in questions]
    return out or [None]


def _navigation(r: FileReader, p: Path, quiz_mode: str | None, in_pool: bool) -> str | None:
    if "navigation" not in r.get(p):
        return "locked"
    npath = (*p, "navigation")
    navigation = r.choice(npath, NAVIGATION)
    if navigation == "free" and in_pool:
        r.error(npath, "navigation: free lets a student go back to earlier stages; an exam "
                       "pool's cases must be locked (leave navigation out)")
        return None
    if navigation == "free" and quiz_mode == "test":
        r.error(npath, "navigation: free is for practice: this quiz's mode is test, where a "
                       "stage once left is closed (set the quiz's `mode: practice` or leave "
                       "navigation out)")
        return None
    return navigation


def _record(r: FileReader, path: Path) -> Record | None:
    """A record (the five tabs, each optional Markdown); an empty Record when absent."""
    if not isinstance(r.get(path[:-1]), dict) or path[-1] not in r.get(path[:-1]):
        return Record()
    if not r.mapping(path, (), RECORD_TABS):
        return None
    texts = {tab: r.text((*path, tab)) for tab in RECORD_TABS if tab in r.get(path)}
    if None in texts.values():
        return None
    return Record(**{tab: text or "" for tab, text in texts.items()})


def _stage(r: FileReader, sp: Path) -> tuple[Stage | None, list[Question | None]]:
    if not r.mapping(sp, ("id", "title", "questions"), ("record",)):
        return None, [None]
    sid, title, record = r.ident((*sp, "id")), r.text((*sp, "title")), _record(
        r, (*sp, "record"))
    questions = []
    for qp in r.items((*sp, "questions"), min_items=1):
        question = parse_question(r, qp)
        if question is not None and question.clinical_judgement is None:
            r.error(qp, f"{describe(qp)} is in an unfolding case: it needs "
                        f"`clinical_judgement:` (one of {', '.join(CLINICAL_JUDGEMENT_STEPS)})")
            question = None
        questions.append(question)
    if None in (sid, title, record):
        return None, questions
    ids = tuple(q.id for q in questions if q is not None)
    return Stage(sid or "", title or "", record or Record(), ids), questions


def _check_stage_ids(r: FileReader, p: Path,
                     parsed: list[tuple[Stage | None, list[Question | None]]]) -> None:
    seen: set[str] = set()
    for i, (stage, _) in enumerate(parsed):
        if stage is not None and stage.id in seen:
            r.error((*p, "stages", i, "id"), f"duplicate stage id '{stage.id}' in case "
                                             f"'{r.get((*p, 'id'))}'")
        if stage is not None:
            seen.add(stage.id)


def _check_coverage(r: FileReader, p: Path, cid: str | None, items: list[Question]) -> None:
    """Across a case's items every clinical judgement step is asked at least once."""
    steps = {q.clinical_judgement for q in items}
    missing = [s for s in CLINICAL_JUDGEMENT_STEPS if s not in steps]
    if missing and cid is not None and items:
        r.error(p, f"case '{cid}' asks no item for {', '.join(missing)}: an unfolding case "
                   "covers all six clinical judgement steps (one item per step)")


def _where(r: FileReader, p: Path) -> Location:
    pos = r.doc.where(p)
    return Location(r.file, pos.line, pos.col)
