"""Small helpers for building XML with lxml (writers only; readers use safexml)."""

from __future__ import annotations

from lxml import etree

Element = etree._Element


def sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    """Append <tag attrs>text</tag> to `parent` and return it."""
    child = etree.SubElement(parent, tag, {k.replace("_", "-") if k.endswith("_") else k: v
                                           for k, v in attrs.items()})
    if text is not None:
        child.text = text
    return child


def cdata(parent: Element, tag: str, html: str) -> Element:
    """<tag><![CDATA[html]]></tag>: HTML kept as text, as Moodle writes it."""
    child = etree.SubElement(parent, tag)
    child.text = etree.CDATA(html) if html else ""
    return child


def to_bytes(root: Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
