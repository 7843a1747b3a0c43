"""Reading quiz pages as a browser would: the form fields and their values."""

from __future__ import annotations

import re

OPTION = re.compile(r'<input type="(radio|checkbox)" id="[^"]+" name="q-([^"]+)" value="([^"]+)"')


def options_on_page(html: str) -> dict[str, list[str]]:
    """Question id -> option ids, in the order the page shows them."""
    found: dict[str, list[str]] = {}
    for _, qid, oid in OPTION.findall(html):
        found.setdefault(qid, []).append(oid)
    return found


def attempt_id_from(location: str) -> int:
    match = re.search(r"/attempts/(\d+)", location)
    assert match, location
    return int(match.group(1))
