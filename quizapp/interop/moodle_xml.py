"""The parts every Moodle XML question shares: texts with their pictures, answers,
fractions, the header; and the marks our export leaves so that `quiz convert` can read its
own files back exactly (a passage, a case scenario, the part rationales)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from decimal import Decimal

from lxml import etree

from ..content.model import Image, Part, Question
from ..content.types import max_score
from .pictures import file_name, tags
from .texts import to_html, to_inline_html
from .xmlbuild import Element, cdata, sub

PASSAGE_CLASS, CASE_CLASS, RATIONALES_CLASS = "quizapp-passage", "quizapp-case", \
    "quizapp-rationales"
PLUGINFILE = "@@PLUGINFILE@@/"



def fraction(value: Decimal | float) -> str:
    """A Moodle fraction: percent with at most 5 decimals, as Moodle writes them."""
    text = f"{float(value):.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def files(node: Element, images: tuple[Image, ...]) -> None:
    """The pictures a text shows, embedded as Moodle does (@@PLUGINFILE@@ + base64 <file>)."""
    for image in images:
        sub(node, "file", base64.b64encode(image.data).decode("ascii"),
            name=file_name(image), path="/", encoding="base64")


def text(parent: Element, tag: str, html: str, fmt: str = "html",
          images: tuple[Image, ...] = ()) -> Element:
    node = sub(parent, tag, format=fmt)
    cdata(node, "text", html + tags(images, PLUGINFILE))
    files(node, images)
    return node


def answer(parent: Element, frac: str, html: str, feedback: str = "",
            fmt: str = "html", images: tuple[Image, ...] = ()) -> Element:
    node = sub(parent, "answer", fraction=frac, format=fmt)
    cdata(node, "text", html + tags(images, PLUGINFILE))
    files(node, images)
    if feedback:
        text(node, "feedback", to_html(feedback))
    return node


def case_html(q: Question) -> str:
    if q.case is None:
        return ""
    return (f'<div class="{CASE_CLASS}" data-case="{q.case.id}"><h3>{esc(q.case.title)}</h3>'
            f"{to_html(q.case.as_scenario())}{tags(q.case.images, PLUGINFILE)}</div>")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def part_rationales(parts: tuple[Part, ...], label: Callable[[Part], str]) -> str:
    items = "".join(f'<li data-part="{p.id}"><strong>{esc(label(p))}</strong>: '
                    f"{to_inline_html(p.rationale)}</li>" for p in parts if p.rationale)
    return f'<ul class="{RATIONALES_CLASS}">{items}</ul>' if items else ""


def header(q: Question, qtype: str, question_html: str, feedback_html: str = "") -> Element:
    node = etree.Element("question", type=qtype)
    name = sub(node, "name")
    sub(name, "text", q.id)
    body = text(node, "questiontext", case_html(q) + question_html, images=q.images)
    files(body, q.case.images if q.case else ())  # their <img> tags are in the case's div
    general = to_html(q.general_feedback) if q.general_feedback else ""
    text(node, "generalfeedback", general + feedback_html)
    sub(node, "defaultgrade", str(max_score(q)))
    sub(node, "penalty", "0")
    sub(node, "hidden", "0")
    sub(node, "idnumber", q.id)
    return node
