"""A lesson's sources: the `references:` list and the ids its sections cite.

Current evidence is the course's ground truth, so every lesson names what it rests on (guidelines,
drug labels, reviews) and every section says which of them (or which article section) it follows.
"""

from __future__ import annotations

import re
from datetime import date

from .model import Reference
from .reader import FileReader

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
FIRST_YEAR = 1900


def parse_references(r: FileReader, path: tuple) -> tuple[Reference, ...] | None:
    """The lesson's `references:` (call only when the key is present); None when any entry is
    unusable (each problem recorded)."""
    refs: list[Reference | None] = []
    seen: set[str] = set()
    for item in r.items(path, min_items=1):
        ref = _reference(r, item)
        if ref and ref.id in seen:
            r.error((*item, "id"), f"duplicate reference id '{ref.id}'")
            ref = None
        if ref:
            seen.add(ref.id)
        refs.append(ref)
    if None in refs or not refs:
        return None
    return tuple(r for r in refs if r is not None)


def _reference(r: FileReader, p: tuple) -> Reference | None:
    if not r.mapping(p, ("id", "authors", "title", "year"), ("url", "doi")):
        return None
    rid, authors, title = r.ident((*p, "id")), r.text((*p, "authors")), r.text((*p, "title"))
    year = r.integer((*p, "year"), FIRST_YEAR, date.today().year + 1)
    url = r.text((*p, "url"), required=False, default="") or ""
    doi = r.text((*p, "doi"), required=False, default="") or ""
    ok = True
    if not url and not doi:
        r.error(p, f"reference '{rid}' needs a `url` or a `doi` so a reader can find it")
        ok = False
    if url and not URL_PATTERN.match(url):
        r.error((*p, "url"), f"url '{url}' is not a web address (http:// or https://)")
        ok = False
    if doi and not DOI_PATTERN.match(doi):
        r.error((*p, "doi"), f"doi '{doi}' is not a DOI (it starts with '10.', e.g. 10.1016/...)")
        ok = False
    if not ok or None in (rid, authors, title, year):
        return None
    return Reference(rid, authors, title, year, url, doi)


def parse_cited(r: FileReader, path: tuple) -> tuple[str, ...] | None:
    """A section's `references:` (a list of reference ids; call only when the key is present);
    checked against the lesson's list by `check_cited`."""
    ids = [r.ident(p) for p in r.items(path, min_items=1)]
    if None in ids or not ids:
        return None
    return tuple(i for i in ids if i is not None)


def check_cited(r: FileReader, sections_path: tuple, cited: list[tuple[str, ...]],
                references: tuple[Reference, ...]) -> bool:
    """Every id a section cites is one of the lesson's references; False after any problem."""
    known = {ref.id for ref in references}
    ok = True
    for i, ids in enumerate(cited):
        for j, rid in enumerate(ids):
            if rid not in known:
                listed = ", ".join(sorted(known)) or "none"
                r.error((*sections_path, i, "references", j),
                        f"reference '{rid}' is not in the lesson's references (listed: {listed})")
                ok = False
    return ok
