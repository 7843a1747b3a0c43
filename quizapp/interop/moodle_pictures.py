"""Pictures in a Moodle XML question: `<file>` elements (base64) referred to as
@@PLUGINFILE@@/name in the HTML, and the old `<image>` + `<image_base64>` pair."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import unquote

from lxml import etree

from .moodle_xml import CASE_CLASS
from .pictures import Found, Pictures

Element = etree._Element
IMAGES = "data-quizapp-images"  # set on an <answer> whose text had pictures
MAX_STEM, MAX_CASE = 4, 6


def _files(node: Element | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for file_node in node.iterfind("file") if node is not None else ():
        try:
            out[file_node.get("name", "")] = base64.b64decode(file_node.text or "",
                                                              validate=False)
        except (binascii.Error, ValueError):
            continue
    return out


def _fetcher(files: dict[str, bytes]) -> Any:
    def fetch(src: str) -> bytes | None:
        if not src.startswith("@@PLUGINFILE@@/"):
            return None
        return files.get(unquote(src[len("@@PLUGINFILE@@/"):]).lstrip("/"))
    return fetch


def take_pictures(node: Element, pics: Pictures, notes: list[str]) -> Found:
    """Take the pictures out of the question text (returned, by stem and case) and out of
    each answer (left on the answer for the parsers); the texts keep everything else."""
    text_node = node.find("questiontext/text")
    files = _files(node.find("questiontext"))
    html_text = text_node.text if text_node is not None and text_node.text else ""
    legacy = node.findtext("image") or ""
    if legacy and node.findtext("image_base64"):
        name = legacy.replace("/", "_")
        files.update(_files(etree.fromstring(
            f'<x><file name="{name}">{node.findtext("image_base64")}</file></x>')))
        html_text += f'<img src="@@PLUGINFILE@@/{name}" alt="">'
    found = pics.take(html_text, _fetcher(files), notes, CASE_CLASS)
    if text_node is not None:
        text_node.text = found.html
    for answer in node.iterfind("answer"):
        answer_text = answer.find("text")
        if answer_text is None or "<img" not in (answer_text.text or "").lower():
            continue
        inner = pics.take(answer_text.text or "", _fetcher(_files(answer)), notes)
        answer_text.text = inner.html
        if inner.stem:
            answer.set(IMAGES, json.dumps(inner.stem))
    if len(found.stem) > MAX_STEM or len(found.case) > MAX_CASE:
        notes.append("more pictures than an item shows here: the first were kept")
        found.stem, found.case = found.stem[:MAX_STEM], found.case[:MAX_CASE]
    return found


def answer_images(answer: Element, notes: list[str]) -> list[dict[str, str]]:
    """The picture an option shows (the first one; options show one here)."""
    raw = answer.get(IMAGES)
    if not raw:
        return []
    images: list[dict[str, str]] = json.loads(raw)
    if len(images) > 1:
        notes.append("an answer had several pictures: the first was kept")
    return images[:1]
