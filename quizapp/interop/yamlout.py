"""Write converted drafts as a module folder in our YAML: module.yaml and one lesson file
(lesson + quiz) per category, each approximation said in a comment above its item."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .drafts import Draft, DraftBank, DraftLesson, Ids
from .fidelity import APPROXIMATED, EXACT, NOT_CONVERTED, FidelityReport, ItemFidelity


class _Dumper(yaml.SafeDumper):
    """Block scalars for multi-line text, so lessons stay readable and diffable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)


def _clean(data: Any) -> Any:
    """Drop the readers' private keys (those starting with '_')."""
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items() if not str(k).startswith("_")}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return data


def _sections(lesson: DraftLesson, bank: DraftBank, ids: Ids,
              source: str) -> list[dict[str, str]]:
    # `article:` names where the text came from; the author replaces it with real sources
    # (`references:`) when writing the lesson.
    origin = f"Imported from {source}: {lesson.title}"
    if lesson.sections:
        return [{"id": s["id"], "heading": s["heading"], "article": origin, "body": s["body"]}
                for s in lesson.sections]
    body = (f"Questions imported from '{lesson.title}' in {bank.title or 'a question bank'}. "
            "Write the lesson text here.")
    return [{"id": ids.take(f"{lesson.id}-about", "section"), "heading": lesson.title,
             "article": origin, "body": body}]


def _questions(lesson: DraftLesson, section_ids: list[str]) -> list[dict[str, Any]]:
    def with_source(q: dict[str, Any]) -> dict[str, Any]:
        wanted = q.get("_source")
        q["source"] = wanted if wanted in section_ids else section_ids[0]
        order = ["id", "type", "stem", "source", "difficulty", "bloom", "client_need",
                 "clinical_judgement"]
        return {**{k: q[k] for k in order if k in q}, **{k: v for k, v in q.items()
                                                         if k not in order}}

    out = []
    for draft in lesson.items:
        if "case" in draft.data:
            case = draft.data["case"]
            case["questions"] = [with_source(q) for q in case["questions"]]
            out.append(draft.data)
        else:
            out.append(with_source(draft.data))
    return out


def _annotate(text: str, drafts: list[Draft]) -> str:
    """Put each draft's notes in comments above the line that starts it."""
    lines, at = text.split("\n"), 0
    for draft in drafts:
        marker = "- case:" if "case" in draft.data else f"- id: {draft.data['id']}"
        while at < len(lines) and lines[at].strip() != marker:
            at += 1
        if at == len(lines) or not draft.notes:
            at = 0 if at == len(lines) else at
            continue
        indent = re.match(r"\s*", lines[at]).group(0)  # type: ignore[union-attr]
        comments = [f"{indent}# converted approximately: {n}" for n in draft.notes]
        lines[at:at] = comments
        at += len(comments) + 1
    return "\n".join(lines)


def _lesson_file(lesson: DraftLesson, bank: DraftBank, ids: Ids, source: str) -> str:
    sections = _sections(lesson, bank, ids, source)
    data = {"lesson": {"id": lesson.id, "title": lesson.title,
                       "objectives": [f"Review the questions imported from '{lesson.title}'."],
                       "sections": sections},
            "quiz": {"id": ids.take(f"{lesson.id}-quiz"), "title": f"{lesson.title}: quiz",
                     "questions": _questions(lesson, [s["id"] for s in sections])}}
    header = (f"# Converted by `quiz convert` from {source} ({bank.format}).\n"
              "# Review before `quiz import`: objectives and lesson text are placeholders, each\n"
              "# section's `article:` only names the bank (cite real `references:`), and\n"
              "# metadata the source did not have (difficulty, bloom, client_need) are defaults.\n")
    return header + _annotate(_dump(_clean(data)), lesson.items)


def _unique_cases(bank: DraftBank, ids: Ids) -> None:
    for lesson in bank.lessons:
        for draft in lesson.items:
            if "case" in draft.data:
                draft.data["case"]["id"] = ids.take(draft.data["case"]["id"], "case")


def render_module(bank: DraftBank, module_id: str,
                  source: str) -> tuple[dict[str, str | bytes], FidelityReport]:
    """File name -> YAML text (or image bytes) for the module folder, and the report."""
    ids = Ids()
    ids.used.update(q["id"] for lesson in bank.lessons for d in lesson.items
                    for q in ([d.data] if "case" not in d.data else d.data["case"]["questions"]))
    ids.used.update(s["id"] for lesson in bank.lessons for s in lesson.sections)
    ids.used.update(lesson.id for lesson in bank.lessons)
    _unique_cases(bank, ids)
    report = FidelityReport(bank.format, "convert", list(bank.skipped))
    files: dict[str, str | bytes] = {
        "module.yaml": _dump({"id": module_id, "title": bank.title or module_id,
                              "description": f"Converted from {source}."})}
    files.update(bank.files)
    written = [lesson for lesson in bank.lessons if lesson.items]
    for n, lesson in enumerate(written, start=1):
        files[f"{n:02d}-{lesson.id[:40]}.yaml"] = _lesson_file(lesson, bank, ids, source)
        for draft in lesson.items:
            report.items.extend(_entries(draft))
    for lesson in bank.lessons:
        if not lesson.items:
            report.lessons.append(ItemFidelity(lesson.title, "category", NOT_CONVERTED,
                                               lesson.place, "", False,
                                               ("holds no question that could be converted; "
                                                "its descriptions were not written",)))
    return files, report


def _entries(draft: Draft) -> list[ItemFidelity]:
    status = APPROXIMATED if draft.notes else EXACT
    questions = draft.data["case"]["questions"] if "case" in draft.data else [draft.data]
    return [ItemFidelity(q["id"], draft.source_type, status, draft.place, q["type"],
                         not any("score" in n for n in draft.notes), tuple(draft.notes))
            for q in questions]
