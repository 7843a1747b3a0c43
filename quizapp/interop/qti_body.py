"""Item bodies for QTI 2.1: our Markdown rendered, then rebuilt as elements in the QTI
namespace (only the XHTML subset QTI allows), with interactions put where slots were."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree
from lxml import html as lxml_html

from ..content.model import Image
from .pictures import file_name
from .texts import to_html, to_inline_html

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
Element = etree._Element
_ALLOWED = {"p", "br", "strong", "em", "ul", "ol", "li", "code", "pre", "blockquote", "a", "h3",
            "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "div", "span", "b", "i",
            "sub", "sup", "img"}
_ATTRIBUTES = {"a": ("href",), "img": ("src", "alt", "width", "height")}
SLOT = "\u2063{}\u2063"  # an invisible separator around a slot name survives Markdown


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def el(parent: Element | None, tag: str, text: str | None = None, **attrs: str) -> Element:
    """A QTI element (appended to `parent` when given)."""
    node = etree.Element(q(tag), attrs, nsmap={None: NS}) if parent is None else \
        etree.SubElement(parent, q(tag), attrs)
    if text is not None:
        node.text = text
    return node


def ident(prefix: str, value: str) -> str:
    """A QTI identifier for one of our ids (QTI identifiers must not start with a digit)."""
    return f"{prefix}_{value}"


def _append_text(parent: Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _copy(source: lxml_html.HtmlElement, target: Element,
          slot: Callable[[Element, str], None] | None) -> None:
    """Copy `source`'s children into `target`, in the QTI namespace, filling slots."""
    _text_with_slots(target, source.text, slot)
    for child in source:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag in _ALLOWED:
            node = etree.SubElement(target, q(tag),
                                    {k: v for k, v in child.attrib.items()
                                     if k in _ATTRIBUTES.get(tag, ())})
            _copy(child, node, slot)
        else:  # an element QTI does not allow: keep its text only
            _copy(child, target, slot)
        _text_with_slots(target, child.tail, slot)


def _text_with_slots(target: Element, text: str | None,
                     slot: Callable[[Element, str], None] | None) -> None:
    if not text:
        return
    pieces = text.split("\u2063")
    for n, piece in enumerate(pieces):
        if n % 2 == 1 and slot is not None:
            slot(target, piece)
        else:
            _append_text(target, piece)


def blocks(parent: Element, markdown: str,
           slot: Callable[[Element, str], None] | None = None) -> None:
    """Markdown as block content of `parent` (slots `SLOT.format(name)` become interactions)."""
    fragment = lxml_html.fragment_fromstring(to_html(markdown) or "<p></p>", create_parent="div")
    _copy(fragment, parent, slot)


def inline(parent: Element, markdown: str) -> None:
    """A short fragment (an option) as inline content of `parent`."""
    fragment = lxml_html.fragment_fromstring(to_inline_html(markdown) or "",
                                             create_parent="span")
    _copy(fragment, parent, None)


def pictures(parent: Element, images: tuple[Image, ...], prefix: str, block: bool) -> None:
    """<img> elements for `images` (in a <p> when `block`), src = prefix + package name."""
    if not images:
        return
    holder = el(parent, "p") if block else parent
    for image in images:
        el(holder, "img", src=prefix + file_name(image), alt=image.alt)
