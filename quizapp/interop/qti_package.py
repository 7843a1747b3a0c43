"""QTI 2.1 and QTI 3.0 content packages: a manifest, one item file per question, an
assessment test per quiz, and each lesson as an HTML web-content resource."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from io import BytesIO

from lxml import etree

from ..content.model import Lesson, Module, Quiz
from .fidelity import APPROXIMATED, FidelityReport, ItemFidelity
from .mapping import item_fidelity
from .pictures import file_name
from .qti_body import NS as NS21
from .qti_body import ident
from .qti_items import build_item
from .texts import to_html
from .xmlbuild import sub

NS30 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP21 = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP30 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
# Elements that stay as they are in QTI 3 (the XHTML content); every other one is renamed.
_HTML = {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "a", "h3",
         "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "div", "span", "b", "i",
         "sub", "sup", "img"}


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def to_qti3(item: etree._Element) -> etree._Element:
    """A QTI 2.1 item as QTI 3.0: `qti-` kebab-case element and attribute names, new namespace."""
    def convert(node: etree._Element, parent: etree._Element | None) -> etree._Element:
        name = etree.QName(node).localname
        tag = name if name in _HTML else f"qti-{_kebab(name)}"
        attrs = {(k if name in _HTML else _kebab(k)): v for k, v in node.attrib.items()}
        new = etree.Element(f"{{{NS30}}}{tag}", attrs, nsmap={None: NS30}) if parent is None \
            else etree.SubElement(parent, f"{{{NS30}}}{tag}", attrs)
        new.text, new.tail = node.text, node.tail
        for child in node:
            convert(child, new)
        return new
    return convert(item, None)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lesson_html(lesson: Lesson) -> bytes:
    parts = [f"<h1>{_esc(lesson.title)}</h1>"]
    for section in lesson.sections:
        parts.append(f'<h2 id="{section.id}">{_esc(section.heading)}</h2>{to_html(section.body)}')
        if section.nursing_focus:
            parts.append(f"<h3>Nursing focus</h3>{to_html(section.nursing_focus)}")
    if lesson.references:
        items = "".join(f'<li>{_esc(r.authors)} ({r.year}). {_esc(r.title)}. '
                        f'<a href="{_esc(r.link)}">{_esc(r.link)}</a></li>'
                        for r in lesson.references)
        parts.append(f"<h2>Sources</h2><ol>{items}</ol>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
            f"{_esc(lesson.title)}</title></head><body>\n{body}\n</body></html>\n").encode()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _test(quiz_id: str, title: str, hrefs: list[tuple[str, str]], qti3: bool) -> etree._Element:
    ns = NS30 if qti3 else NS21

    def tag(name: str) -> str:
        return f"{{{ns}}}{'qti-' + _kebab(name) if qti3 else name}"
    ident_attr = "identifier"
    root = etree.Element(tag("assessmentTest"), {ident_attr: ident("t", quiz_id),
                                                 "title": title}, nsmap={None: ns})
    part = etree.SubElement(root, tag("testPart"), {
        "identifier": "part1", ("navigation-mode" if qti3 else "navigationMode"): "nonlinear",
        ("submission-mode" if qti3 else "submissionMode"): "simultaneous"})
    section = etree.SubElement(part, tag("assessmentSection"), {
        "identifier": "section1", "title": title, "visible": "true"})
    for item_id, href in hrefs:
        etree.SubElement(section, tag("assessmentItemRef"), {"identifier": item_id,
                                                             "href": href})
    return root


_LESSON_NOTE = ("sections, nursing focus and sources as one HTML page; key terms, objectives "
                "and figures are not exported")


def _items(quiz: Quiz, report: FidelityReport, files: dict[str, bytes],
           add: Callable[[str, str, str, list[str]], None], qti3: bool) -> list[tuple[str, str]]:
    """Write each item of `quiz` (with its pictures); (item ref id, href from tests/)."""
    fmt = "qti3" if qti3 else "qti21"
    refs = []
    for q in quiz.questions:
        report.items.append(item_fidelity(q, fmt))
        item = build_item(q)
        href = f"items/{q.id}.xml"
        files[href] = _xml(to_qti3(item) if qti3 else item)
        pictures = {f"images/{file_name(i)}": i.data for i in q.all_images()}
        files.update(pictures)
        add(ident("r", q.id), "imsqti_item_xmlv3p0" if qti3 else "imsqti_item_xmlv2p1", href,
            list(pictures))
        refs.append((ident("q", q.id), f"../{href}"))
    return refs


def _package(module: Module, report: FidelityReport, qti3: bool) -> bytes:
    cp = CP30 if qti3 else CP21
    files: dict[str, bytes] = {}
    manifest = etree.Element(f"{{{cp}}}manifest", identifier=ident("m", module.id),
                             nsmap={None: cp})
    sub(manifest, f"{{{cp}}}organizations")
    resources = sub(manifest, f"{{{cp}}}resources")

    def add(rid: str, rtype: str, href: str, depends: list[str]) -> None:
        _resource(resources, cp, rid, rtype, href, depends)

    lessons = {lesson.id: lesson for lesson in module.lessons}
    for quiz in module.quizzes:
        refs = _items(quiz, report, files, add, qti3)
        test_href = f"tests/{quiz.id}.xml"
        files[test_href] = _xml(_test(quiz.id, quiz.title, refs, qti3))
        add(ident("r", quiz.id), "imsqti_test_xmlv3p0" if qti3 else "imsqti_test_xmlv2p1",
            test_href, [h[3:] for _, h in refs])
        lesson = lessons.get(quiz.lesson_id or "")
        if lesson is not None:
            href = f"lessons/{lesson.id}.html"
            files[href] = _lesson_html(lesson)
            add(ident("l", lesson.id), "webcontent", href, [])
            report.lessons.append(ItemFidelity(lesson.id, "lesson", APPROXIMATED, "",
                                               "web content (HTML page)", True,
                                               (_LESSON_NOTE,)))
    files["imsmanifest.xml"] = _xml(manifest)
    return _zip(files)


def _resource(parent: etree._Element, cp: str, rid: str, rtype: str, href: str,
              depends: list[str] | None = None) -> None:
    node = sub(parent, f"{{{cp}}}resource", identifier=rid, type=rtype, href=href)
    sub(node, f"{{{cp}}}file", href=href)
    for dep in depends or []:
        sub(node, f"{{{cp}}}file", href=dep)


def _zip(files: dict[str, bytes]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["imsmanifest.xml", *sorted(n for n in files if n != "imsmanifest.xml")]:
            archive.writestr(name, files[name])
    return out.getvalue()


def write_qti21(module: Module, report: FidelityReport) -> bytes:
    """The module as a QTI 2.1 content package (zip)."""
    return _package(module, report, qti3=False)


def write_qti3(module: Module, report: FidelityReport) -> bytes:
    """The module as a QTI 3.0 content package (zip)."""
    return _package(module, report, qti3=True)
