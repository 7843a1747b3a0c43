"""Parse XML that may be hostile: no DTD, no entity expansion, no network, bounded size.

libxml2 (lxml) with every loader off. A document that carries a DOCTYPE at all is refused:
no question bank needs one, and it is how XXE and "billion laughs" files arrive."""

from __future__ import annotations

from lxml import etree

from .errors import InteropError

MAX_XML_BYTES = 20 * 1024 * 1024  # a bank of thousands of items with images is a few MB

_PARSER_OPTIONS = dict(
    resolve_entities=False,  # never expand an entity, internal or external
    no_network=True,  # never fetch anything
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,  # keep libxml2's own depth and size limits
    remove_comments=True,
    remove_pis=True,
)


def _doctype_line(data: bytes) -> int:
    head = data[: data.find(b"<!DOCTYPE") + 1] if b"<!DOCTYPE" in data else b""
    return head.count(b"\n") + 1 if head else 0


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element of `data`; InteropError (with the line) for anything refused."""
    if len(data) > MAX_XML_BYTES:
        raise InteropError(name, 0, f"is {len(data):,} bytes; XML files over "
                                    f"{MAX_XML_BYTES:,} bytes are refused")
    line = _doctype_line(data)
    if line:
        raise InteropError(name, line, "has a DOCTYPE (DTD); refused, since it can hide "
                                       "entity expansion or references to outside files")
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[call-overload]  # options dict
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InteropError(name, exc.lineno or 0, f"is not well-formed XML: {exc.msg}") from exc
    if root is None:
        raise InteropError(name, 0, "is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise InteropError(name, 1, "has a DOCTYPE (DTD); refused")
    for element in root.iter():
        if isinstance(element, etree._Entity):
            raise InteropError(name, element.sourceline or 0, "uses an entity; refused")
    result: etree._Element = root
    return result


def local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and the like)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""
