"""Pictures in a Canvas QTI item: <img> tags in the HTML of the question and of the answers,
pointing into the package ($IMS-CC-FILEBASE$ is its web_resources/ folder)."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import unquote

from lxml import etree

from .archive import Archive, resolve
from .pictures import Found, Pictures
from .safexml import local

Element = etree._Element
Fetch = Callable[[str], bytes | None]
IMAGES = "data-quizapp-images"  # set on a <response_label> whose text had pictures
_FILEBASE = ("$IMS-CC-FILEBASE$/", "$IMS_CC_FILEBASE$/")


def package_fetch(archive: Archive, member: str) -> Fetch:
    """Pictures a QTI file in `archive` refers to; None for anything outside the package."""
    def fetch(src: str) -> bytes | None:
        src = unquote(src.strip()).split("?", 1)[0]
        target = next((f"web_resources/{src[len(p):]}" for p in _FILEBASE
                       if src.startswith(p)), None) or resolve(member, src)
        return archive.read(target) if target and archive.has(target) else None
    return fetch


def no_fetch(src: str) -> bytes | None:
    """A single QTI file carries no pictures."""
    return None


def _mattext(node: Element) -> Element | None:
    return next((c for c in node.iter() if local(c.tag) == "mattext"), None)


def take_pictures(item: Element, pics: Pictures, fetch: Fetch, notes: list[str]) -> Found:
    """Take the pictures out of the question text (returned) and out of each answer (left
    on the answer for the parsers); the texts keep everything else."""
    presentation = next((c for c in item.iter() if local(c.tag) == "presentation"), None)
    if presentation is None:
        return Found("")
    first = next((c for c in presentation if local(c.tag) == "material"), None)
    stem = _mattext(first) if first is not None else None
    found = Found(stem.text or "" if stem is not None else "")
    if stem is not None and stem.text:
        found = pics.take(stem.text, fetch, notes)
        stem.text = found.html
    for label in (c for c in item.iter() if local(c.tag) == "response_label"):
        text = _mattext(label)
        if text is None or "<img" not in (text.text or "").lower():
            continue
        inner = pics.take(text.text or "", fetch, notes)
        text.text = inner.html
        if inner.stem:
            label.set(IMAGES, json.dumps(inner.stem[:1]))
    return found


def label_images(label: Element) -> list[dict[str, str]]:
    raw = label.get(IMAGES)
    return json.loads(raw) if raw else []
