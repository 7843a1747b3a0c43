"""Write a module as a Canvas QTI 1.2 package: a manifest, per quiz an assessment (QTI 1.2
with Canvas's item metadata) and its assessment_meta.xml, and each lesson as a web page."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO

from lxml import etree

from ..content.model import Module, Part, Question
from ..content.slots import SLOT_PATTERN
from ..content.types import max_score
from .fidelity import APPROXIMATED, FidelityReport, ItemFidelity
from .mapping import item_fidelity
from .pictures import file_name, tags
from .qti_package import _lesson_html
from .texts import to_html, to_inline_html
from .xmlbuild import Element, sub, to_bytes

QTI12 = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CANVAS_META = "http://canvas.instructure.com/xsd/cccv1p0"
CC = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
# Canvas resolves $IMS-CC-FILEBASE$ to the package's web_resources/ folder.
FILEBASE = "$IMS-CC-FILEBASE$/quizapp-images/"


def _mat(parent: Element, html: str) -> None:
    sub(sub(parent, "material"), "mattext", html, texttype="text/html")


def _meta(item: Element, fields: dict[str, str]) -> None:
    box = sub(sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = sub(box, "qtimetadatafield")
        sub(field, "fieldlabel", label)
        sub(field, "fieldentry", entry)


def _case_html(q: Question) -> str:
    if q.case is None:
        return ""
    return (f"<div><h3>{q.case.title}</h3>{to_html(q.case.as_scenario())}"
            f"{tags(q.case.images, FILEBASE)}</div>")


def _lid(parent: Element, name: str, cardinality: str, options: list[tuple[str, str]],
         label: str = "") -> None:
    """A choice response: `options` are (answer id, HTML)."""
    lid = sub(parent, "response_lid", ident=name, rcardinality=cardinality)
    if label:
        _mat(lid, label)
    choices = sub(lid, "render_choice")
    for oid, html in options:
        _mat(sub(choices, "response_label", ident=oid), html)


def _outcomes(rp: Element) -> None:
    sub(sub(rp, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE",
        vartype="Decimal")


def _set(rp: Element, test: Callable[[Element], None], score: str, action: str = "Set") -> None:
    cond = etree.SubElement(rp, "respcondition", {"continue": "Yes" if action == "Add" else "No"})
    test(sub(cond, "conditionvar"))
    sub(cond, "setvar", score, action=action, varname="SCORE")


def _eq(name: str, value: str) -> Callable[[Element], None]:
    def test(parent: Element) -> None:
        sub(parent, "varequal", value, respident=name)
    return test


def _choice(q: Question, pres: Element, rp: Element) -> str:
    many = q.type not in ("single_choice", "true_false")
    options = [(o.id, to_inline_html(o.text) + tags(o.images, FILEBASE)) for o in q.options]
    if q.type == "highlight" and q.detail:
        texts = {o.id: o.text for o in q.options}
        passage = SLOT_PATTERN.sub(lambda m: f"**{texts[m.group(1).strip()]}**", q.detail.passage)
        _mat(pres, to_html(passage))
    _lid(pres, "response1", "Multiple" if many else "Single", options)
    if not many:
        _set(rp, _eq("response1", q.key[0]), "100")
        return "true_false_question" if q.type == "true_false" else "multiple_choice_question"

    def test(parent: Element) -> None:
        both = sub(parent, "and")
        for o in q.options:
            target = both if o.id in q.key else sub(both, "not")
            sub(target, "varequal", o.id, respident="response1")
    _set(rp, test, "100")
    return "multiple_answers_question"


def _parts(q: Question, pres: Element, rp: Element, labels: list[tuple[str, Part]],
           pool: Callable[[Part], list[tuple[str, str]]], qtype: str) -> str:
    share = Decimal(100) / len(labels)
    for label, p in labels:
        name = f"response_{p.id}"
        _lid(pres, name, "Single", [(i, to_inline_html(t)) for i, t in pool(p)],
             to_inline_html(label))
        key = next(i for i, _ in pool(p) if i.rsplit("_", 1)[-1] == p.key[0])
        _set(rp, _eq(name, key), f"{share:.4f}".rstrip("0").rstrip("."), "Add")
    return qtype


def _match(q: Question, pres: Element, rp: Element) -> str:
    if q.type == "matrix_multiple_response":
        grid = [(f"{p.id}--{o.id}", to_inline_html(f"{p.text}: {o.text}")) for p in q.parts
                for o in q.options]
        _lid(pres, "response1", "Multiple", grid)
        keys = {f"{p.id}--{k}" for p in q.parts for k in p.key}

        def test(parent: Element) -> None:
            both = sub(parent, "and")
            for oid, _ in grid:
                sub(both if oid in keys else sub(both, "not"), "varequal", oid,
                    respident="response1")
        _set(rp, test, "100")
        return "multiple_answers_question"
    options = [(o.id, o.text) for o in q.options]
    return _parts(q, pres, rp, [(p.text, p) for p in q.parts], lambda p: options,
                  "matching_question")


def _dropdowns(q: Question, pres: Element, rp: Element) -> str:
    if q.type == "ordered_response":
        by_id = {o.id: o for o in q.options}
        parts = [Part(str(i), "", (k,), tuple(q.options)) for i, k in enumerate(q.key, 1)]
        _mat(pres, "<p>" + " ".join(f"{i}. [{i}]" for i in range(1, len(parts) + 1)) + "</p>")
        del by_id
        labels = [(p.id, p) for p in parts]
    elif q.type == "bow_tie":
        parts = []
        for group in q.parts:
            for n, key in enumerate(group.key, start=1):
                suffix = f" {n}" if len(group.key) > 1 else ""
                parts.append(Part(f"{group.id}{n}", f"{group.text}{suffix}", (key,),
                                  group.options))
        _mat(pres, "".join(f"<p>{p.text}: [{p.id}]</p>" for p in parts))
        labels = [(p.id, p) for p in parts]
    else:
        assert q.detail is not None
        _mat(pres, to_html(SLOT_PATTERN.sub(lambda m: f"[{m.group(1).strip()}]",
                                            q.detail.passage)))
        labels = [(p.id, p) for p in q.parts]
    # Canvas answer ids are unique within an item: prefix each drop-down's option ids.
    return _parts(q, pres, rp, labels, lambda p: [(f"{p.id}_{o.id}", o.text) for o in p.options],
                  "multiple_dropdowns_question")


def _numeric(q: Question, pres: Element, rp: Element) -> str:
    assert q.detail is not None
    target, tol = Decimal(q.key[0]), Decimal(q.detail.tolerance)
    if q.detail.tolerance_kind == "percent":
        tol = abs(target) * tol / 100
    if q.detail.unit:
        _mat(pres, f"<p>Answer in {q.detail.unit}.</p>")
    sub(sub(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib",
        fibtype="Decimal")

    def test(parent: Element) -> None:
        either = sub(parent, "or")
        sub(either, "varequal", q.key[0], respident="response1")
        both = sub(either, "and")
        sub(both, "vargte", format((target - tol).normalize(), "f"), respident="response1")
        sub(both, "varlte", format((target + tol).normalize(), "f"), respident="response1")
    _set(rp, test, "100")
    return "numerical_question"


def _short(q: Question, pres: Element, rp: Element) -> str:
    sub(sub(pres, "response_str", ident="response1", rcardinality="Single"), "render_fib")
    for accepted in q.key:
        _set(rp, _eq("response1", accepted), "100")
    return "short_answer_question"


BUILDERS: dict[str, Callable[[Question, Element, Element], str]] = {
    "single_choice": _choice, "true_false": _choice, "select_all": _choice,
    "select_n": _choice, "highlight": _choice, "matching": _match,
    "matrix_multiple_choice": _match, "matrix_multiple_response": _match,
    "drop_down_cloze": _dropdowns, "drop_down_rationale": _dropdowns,
    "ordered_response": _dropdowns, "bow_tie": _dropdowns, "numeric": _numeric,
    "short_text": _short,
}


def _feedback(item: Element, q: Question) -> None:
    texts = [(o.id, o.rationale) for o in q.options if o.rationale]
    texts += [(p.id, p.rationale) for p in q.parts if p.rationale]
    general = q.general_feedback or (q.detail.rationale if q.detail else "")
    for oid, why in texts:
        body = sub(sub(item, "itemfeedback", ident=f"{oid}_fb"), "flow_mat")
        _mat(body, to_html(why))
    if general or texts:
        body = sub(sub(item, "itemfeedback", ident="general_fb"), "flow_mat")
        _mat(body, to_html(general) + "".join(f"<p>{to_html(w)}</p>" for _, w in texts
                                              if q.parts))


def build_item(q: Question) -> Element:
    """One QTI 1.2 <item> in Canvas's dialect."""
    item = etree.Element("item", ident=q.id, title=q.id)
    holder = etree.Element("x")
    pres = sub(holder, "presentation")
    _mat(pres, _case_html(q) + to_html(q.stem) + tags(q.images, FILEBASE))
    rp = etree.Element("resprocessing")
    _outcomes(rp)
    qtype = BUILDERS[q.type](q, pres, rp)
    if q.type in ("drop_down_cloze", "drop_down_rationale", "ordered_response", "bow_tie"):
        first, second = pres[0][0], pres[1][0]  # stem and the [blank] text: one question text
        first.text = (first.text or "") + (second.text or "")
        pres.remove(pres[1])
    _meta(item, {"question_type": qtype, "points_possible": str(max_score(q)),
                 "original_answer_ids": ",".join(o.id for o in q.options),
                 "assessment_question_identifierref": f"aq_{q.id}"})
    item.append(pres)
    item.append(rp)
    _feedback(item, q)
    return item


def _assessment(quiz_id: str, title: str, items: list[Element]) -> bytes:
    root = etree.Element("questestinterop", nsmap={None: QTI12})
    assessment = sub(root, "assessment", ident=quiz_id, title=title)
    meta = sub(sub(assessment, "qtimetadata"), "qtimetadatafield")
    sub(meta, "fieldlabel", "cc_maxattempts")
    sub(meta, "fieldentry", "1")
    section = sub(assessment, "section", ident="root_section")
    for item in items:
        section.append(item)
    return to_bytes(root)


def _quiz_meta(quiz_id: str, title: str, points: int) -> bytes:
    root = etree.Element("quiz", identifier=quiz_id, nsmap={None: CANVAS_META})
    for tag, value in (("title", title), ("quiz_type", "assignment"),
                       ("points_possible", str(points)), ("shuffle_answers", "true"),
                       ("allowed_attempts", "-1"), ("scoring_policy", "keep_highest")):
        sub(root, tag, value)
    return to_bytes(root)


class _Package:
    """The files of a Canvas package and its manifest, filled quiz by quiz."""

    def __init__(self, module: Module) -> None:
        self.files: dict[str, bytes] = {}
        self.manifest = etree.Element(f"{{{CC}}}manifest", identifier=f"m_{module.id}",
                                      nsmap={None: CC})
        sub(self.manifest, f"{{{CC}}}organizations")
        self.resources = sub(self.manifest, f"{{{CC}}}resources")

    def add(self, rid: str, rtype: str, href: str, data: bytes, *, listed_href: bool = True,
            depends: str = "") -> None:
        self.files[href] = data
        res = sub(self.resources, f"{{{CC}}}resource", identifier=rid, type=rtype,
                  **({"href": href} if listed_href else {}))
        sub(res, f"{{{CC}}}file", href=href)
        if depends:
            sub(res, f"{{{CC}}}dependency", identifierref=depends)

    def pictures(self, q: Question) -> None:
        for image in q.all_images():
            href = f"web_resources/quizapp-images/{file_name(image)}"
            if href not in self.files:
                self.add(f"i_{image.digest[:16]}", "webcontent", href, image.data)

    def zipped(self) -> bytes:
        self.files["imsmanifest.xml"] = to_bytes(self.manifest)
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ["imsmanifest.xml", *sorted(n for n in self.files
                                                    if n != "imsmanifest.xml")]:
                archive.writestr(name, self.files[name])
        return out.getvalue()


_LESSON_NOTE = ("one HTML page per lesson; Canvas adds it as a page when the zip is imported as "
                "a Common Cartridge, not by a QTI import")


def write_canvas(module: Module, report: FidelityReport) -> bytes:
    """The module as a Canvas QTI 1.2 package (zip) with a Common Cartridge manifest."""
    package = _Package(module)
    lessons = {lesson.id: lesson for lesson in module.lessons}
    for quiz in module.quizzes:
        items = []
        for q in quiz.questions:
            report.items.append(item_fidelity(q, "canvas-qti"))
            items.append(build_item(q))
            package.pictures(q)
        qti, meta = f"{quiz.id}/{quiz.id}.xml", f"{quiz.id}/assessment_meta.xml"
        package.add(quiz.id, "imsqti_xmlv1p2", qti, _assessment(quiz.id, quiz.title, items),
                    listed_href=False, depends=f"{quiz.id}_meta")
        package.add(f"{quiz.id}_meta",
                    "associatedcontent/imscc_xmlv1p1/learning-application-resource", meta,
                    _quiz_meta(quiz.id, quiz.title, sum(max_score(q) for q in quiz.questions)))
        lesson = lessons.get(quiz.lesson_id or "")
        if lesson is not None:
            package.add(f"l_{lesson.id}", "webcontent", f"wiki_content/{lesson.id}.html",
                        _lesson_html(lesson))
            report.lessons.append(ItemFidelity(lesson.id, "lesson", APPROXIMATED, "",
                                               "web content (wiki_content/*.html)", True,
                                               (_LESSON_NOTE,)))
    return package.zipped()
