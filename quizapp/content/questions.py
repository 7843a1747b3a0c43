"""Parse questions from YAML, one parser per question type (a registry keyed by type string)."""

from __future__ import annotations

from collections.abc import Callable

from .examples import parse_examples
from .images import optional_images
from .model import (
    BLOOM_LEVELS,
    CLIENT_NEEDS,
    CLINICAL_JUDGEMENT_STEPS,
    DIFFICULTIES,
    QUESTION_TYPES,
    SCORING_RULES,
    Location,
    Option,
    Question,
)
from .reader import OPTION_ID_PATTERN, FileReader, describe
from .types import TYPES
from .types.common import Built
from .yamlpos import Path

# `key` is required by each type that has one at the top level (see _KEYS).
COMMON_REQUIRED = ("id", "type", "stem", "source", "difficulty", "bloom", "client_need")
COMMON_OPTIONAL = ("clinical_judgement", "shuffle", "general_feedback", "scoring", "examples",
                   "images")
MAX_STEM_IMAGES, MAX_OPTION_IMAGES = 4, 1


def parse_question(r: FileReader, path: Path) -> Question | None:
    """Parse the question at `path`; None (with problems recorded) when it is unusable."""
    qtype = r.get((*path, "type")) if isinstance(r.get(path), dict) else None
    parser = _PARSERS.get(qtype) if isinstance(qtype, str) else None
    extra, allowed = _KEYS.get(qtype, _CHOICE_KEYS) if isinstance(qtype, str) else _CHOICE_KEYS
    if not r.mapping(path, COMMON_REQUIRED + extra, COMMON_OPTIONAL + allowed):
        return None
    qid = r.ident((*path, "id"))
    r.choice((*path, "type"), QUESTION_TYPES)
    stem = r.text((*path, "stem"))
    meta = dict(
        source=r.ident((*path, "source")),
        difficulty=r.choice((*path, "difficulty"), DIFFICULTIES),
        bloom=r.choice((*path, "bloom"), BLOOM_LEVELS),
        client_need=r.choice((*path, "client_need"), CLIENT_NEEDS),
        clinical_judgement=r.choice((*path, "clinical_judgement"), CLINICAL_JUDGEMENT_STEPS),
        shuffle=r.boolean((*path, "shuffle"), True),
        general_feedback=r.text((*path, "general_feedback"), required=False) or "",
    )
    examples = parse_examples(r, path, qtype if isinstance(qtype, str) else "")
    images = optional_images(r, path, MAX_STEM_IMAGES)
    if parser is None or images is None:
        return None
    built = parser(r, path)
    scoring = _scoring(r, path, qtype)
    if built is None or None in (qid, stem, scoring, meta["source"], meta["difficulty"],
                                 meta["bloom"], meta["client_need"]):
        return None
    options, key, shuffle, detail = built
    meta["shuffle"] = meta["shuffle"] and shuffle
    pos = r.doc.where(path)
    return Question(id=qid, type=qtype, stem=stem, options=options, key=key, scoring=scoring,
                    detail=detail, location=Location(r.file, pos.line, pos.col),
                    examples=examples, images=images, **meta)


def _scoring(r: FileReader, path: Path, qtype: str) -> str | None:
    rules = SCORING_RULES[qtype]
    if "scoring" not in r.get(path):
        return rules[0]
    return r.choice((*path, "scoring"), rules)


def _options(r: FileReader, path: Path) -> tuple[Option, ...] | None:
    opts: list[Option] = []
    seen: set[str] = set()
    ok = True
    for opath in r.items((*path, "options"), min_items=2):
        if not r.mapping(opath, ("id", "text", "rationale"), ("images",)):
            ok = False
            continue
        oid = r.ident((*opath, "id"), OPTION_ID_PATTERN)
        text = r.text((*opath, "text"))
        rationale = r.text((*opath, "rationale"))
        images = optional_images(r, opath, MAX_OPTION_IMAGES)
        if oid in seen:
            r.error((*opath, "id"), f"duplicate option id '{oid}' in {describe(path)}")
            ok = False
        if oid is None or text is None or rationale is None or images is None:
            ok = False
            continue
        seen.add(oid)
        opts.append(Option(oid, text, rationale, images))
    if len(opts) > 8:
        r.error((*path, "options"), f"{describe(path)} has {len(opts)} options; at most 8")
        ok = False
    return tuple(opts) if ok and opts else None


def _key_ids(r: FileReader, path: Path, options: tuple[Option, ...], many: bool) -> tuple | None:
    kpath = (*path, "key")
    raw = r.get(kpath)
    if raw is None:
        r.error(kpath, f"{describe(kpath)} is empty: name the correct option "
                       f"id{'s' if many else ''}")
        return None
    values = raw if isinstance(raw, list) else [raw]
    if not many and isinstance(raw, list):
        r.error(kpath, f"{describe(path)} is single choice: key must be one option id, not a list")
        return None
    ids = {o.id for o in options}
    key: list[str] = []
    for i, value in enumerate(values):
        where = (*kpath, i) if isinstance(raw, list) else kpath
        if not isinstance(value, str) or value not in ids:
            r.error(where, f"key '{value}' names no option of {describe(path)} "
                           f"(options: {', '.join(sorted(ids))})")
            return None
        if value in key:
            r.error(where, f"key lists option '{value}' twice")
            return None
        key.append(value)
    if not key:
        r.error(kpath, f"{describe(path)} has an empty key: a select_all needs at least one "
                       "correct option")
        return None
    return tuple(key)


def _single_choice(r: FileReader, path: Path) -> Built:
    options = _options(r, path)
    if options is None:
        return None
    key = _key_ids(r, path, options, many=False)
    return (options, key, True, None) if key else None


def _select_all(r: FileReader, path: Path) -> Built:
    options = _options(r, path)
    if options is None:
        return None
    key = _key_ids(r, path, options, many=True)
    # Every option keyed is allowed (NCLEX permits it) but `quiz lint` warns about it.
    return (options, key, True, None) if key else None


def _true_false(r: FileReader, path: Path) -> Built:
    kpath, rpath = (*path, "key"), (*path, "rationale")
    key = r.get(kpath)
    if not isinstance(key, bool):
        r.error(kpath, f"a true_false key must be true or false, found '{key}'")
    rationale = r.get(rpath)
    if not isinstance(rationale, dict):
        r.error(rpath, "true_false needs rationale: with a \"true\" and a \"false\" entry")
        return None
    normalised = {str(k).lower(): k for k in rationale}
    unknown = [k for k in normalised if k not in ("true", "false")]
    for k in unknown:
        r.error((*rpath, normalised[k]), f"unknown key '{k}' in rationale; use \"true\" and "
                                         "\"false\"", key=True)
    texts = {}
    for answer in ("true", "false"):
        if answer not in normalised:
            r.error(rpath, f"true_false rationale is missing the \"{answer}\" entry")
            continue
        texts[answer] = r.text((*rpath, normalised[answer]))
    if not isinstance(key, bool) or unknown or None in texts.values() or len(texts) != 2:
        return None
    options = (Option("true", "True", texts["true"]), Option("false", "False", texts["false"]))
    return options, ("true" if key else "false",), False, None


_PARSERS: dict[str, Callable[[FileReader, Path], Built]] = {
    "single_choice": _single_choice,
    "select_all": _select_all,
    "true_false": _true_false,
    **{name: spec.parse for name, spec in TYPES.items()},
}
# Per type: the keys it requires and allows beside the common ones.
_CHOICE_KEYS: tuple[tuple[str, ...], tuple[str, ...]] = (("options", "key"), ())
_KEYS = {"true_false": (("key", "rationale"), ()),
         **{name: (spec.required, spec.optional) for name, spec in TYPES.items()}}
