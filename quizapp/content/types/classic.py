"""Parsers for the classic types: single_choice and select_all (options, each with a
rationale, and a key) and true_false (a boolean key and a rationale for each answer)."""

from __future__ import annotations

from ..images import MAX_OPTION_IMAGES, optional_images
from ..model import Option
from ..reader import OPTION_ID_PATTERN, FileReader, describe
from ..yamlpos import Path
from .common import Built, distinct_ids


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


def _key_ids(r: FileReader, path: Path, options: tuple[Option, ...],
             many: bool) -> tuple[str, ...] | None:
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
    places = [(*kpath, i) for i in range(len(values))] if isinstance(raw, list) else [kpath]
    key = distinct_ids(r, list(zip(places, values, strict=True)), ids,
                       f"key '{{}}' names no option of {describe(path)} "
                       f"(options: {', '.join(sorted(ids))})", "key lists option '{}' twice")
    if key is None:
        return None
    if not key:
        r.error(kpath, f"{describe(path)} has an empty key: a select_all needs at least one "
                       "correct option")
        return None
    return tuple(key)


def single_choice(r: FileReader, path: Path) -> Built:
    """Options with rationales and one key."""
    return _options_and_key(r, path, many=False)


def select_all(r: FileReader, path: Path) -> Built:
    """Options with rationales and a key of one or more of them (every option keyed is
    allowed, as NCLEX permits, but `quiz lint` warns about it)."""
    return _options_and_key(r, path, many=True)


def _options_and_key(r: FileReader, path: Path, *, many: bool) -> Built:
    options = _options(r, path)
    if options is None:
        return None
    key = _key_ids(r, path, options, many)
    return (options, key, True, None) if key else None


def true_false(r: FileReader, path: Path) -> Built:
    """A boolean key and a rationale for "true" and for "false" (the two options)."""
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
    texts: dict[str, str | None] = {}
    for answer in ("true", "false"):
        if answer not in normalised:
            r.error(rpath, f"true_false rationale is missing the \"{answer}\" entry")
            continue
        texts[answer] = r.text((*rpath, normalised[answer]))
    yes, no = texts.get("true"), texts.get("false")
    if not isinstance(key, bool) or unknown or yes is None or no is None:
        return None
    options = (Option("true", "True", yes), Option("false", "False", no))
    return options, ("true" if key else "false",), False, None
