"""Figures are SVG files beside the lessons. They are served to browsers, so only what a static
teaching diagram needs is accepted: an allow-list of elements and attributes (anything else,
scripts, animation, links, embedded HTML or images, is refused by name), and styles whose
`url(...)` can only point inside the figure (`url(#id)`)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_SVG_BYTES = 200_000
SVG_NS = "http://www.w3.org/2000/svg"
# Shapes, text, grouping, markers, gradients, clipping and a stylesheet. Not allowed, among
# others: script, foreignObject, a, image, use, animate/set/animateMotion (SMIL can set href to
# a javascript: URL), iframe, filter primitives that load images (feImage).
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "metadata", "style", "symbol",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "marker", "lineargradient", "radialgradient", "stop",
    "clippath", "mask", "pattern",
})
ALLOWED_ATTRIBUTES = frozenset({
    # identity, accessibility, language
    "id", "class", "style", "role", "lang", "xml:lang", "xml:space", "tabindex", "focusable",
    "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-roledescription",
    "version", "baseprofile",
    # geometry and placement
    "viewbox", "preserveaspectratio", "width", "height", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathlength", "transform",
    "dx", "dy", "rotate", "textlength", "lengthadjust",
    # markers, gradients, clipping, patterns
    "refx", "refy", "markerwidth", "markerheight", "markerunits", "orient", "offset",
    "gradientunits", "gradienttransform", "spreadmethod", "clippathunits", "maskunits",
    "maskcontentunits", "patternunits", "patterncontentunits", "patterntransform",
    # presentation attributes
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity",
    "stroke-miterlimit", "opacity", "color", "display", "visibility", "overflow",
    "marker-start", "marker-mid", "marker-end", "clip-path", "clip-rule", "mask",
    "stop-color", "stop-opacity", "vector-effect", "paint-order", "shape-rendering",
    "text-rendering", "font-family", "font-size", "font-weight", "font-style",
    "font-variant", "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline",
    "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode",
})
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)
# CSS that loads or runs something without url(...): imports, fonts, image-set("x.png"),
# old IE expressions and bindings, and a javascript: address anywhere.
_LOADS = re.compile(r"@import|@font-face|image-set\s*\(|src\s*\(|expression\s*\(|"
                    r"behavior\s*:|-moz-binding|javascript:", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _attribute_name(name: str) -> str:
    """`xml:lang` for the XML namespace, the local name (lower case) for the rest."""
    if name.startswith(_XML_NS):
        return "xml:" + name[len(_XML_NS):].lower()
    return _local(name)


def _outside_reference(value: str, css: bool) -> str | None:
    """What in an attribute value or a stylesheet reaches outside the figure, if anything:
    only `url(#id)` (a gradient, marker or clip path in the same file) may be referenced."""
    if css and "\\" in value:  # an escape could spell u\72l( or java\73 cript:
        return "a backslash escape"
    loads = _LOADS.search(value)
    if loads:
        return loads.group(0)
    for match in _URL.finditer(value):
        if not match.group(1).startswith("#"):
            return match.group(0)[:60]
    return None


def check_svg(text: str, name: str) -> str | None:
    """None for a figure made only of allowed elements and attributes, else what is wrong."""
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return f"figure '{name}' must not contain a DOCTYPE or entities"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return f"figure '{name}' is not well-formed XML: {exc}"
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        return f"figure '{name}' does not have an <svg> root"
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        tag = _local(element.tag)
        if element.tag.startswith("{") and not element.tag.startswith(f"{{{SVG_NS}}}"):
            return f"figure '{name}' contains <{tag}> from another XML namespace"
        if tag not in ALLOWED_ELEMENTS:
            return f"figure '{name}' contains a <{tag}> element, which figures may not use"
        for attr, value in element.attrib.items():
            attribute = _attribute_name(attr)
            if attribute not in ALLOWED_ATTRIBUTES:
                return (f"figure '{name}' has the attribute '{attribute}' on <{tag}>, which "
                        f"figures may not use")
            reference = _outside_reference(value, attribute == "style")
            if reference:
                return f"figure '{name}' refers outside itself in '{attribute}': {reference}"
        if tag == "style":
            reference = _outside_reference(element.text or "", css=True)
            if reference:
                return f"figure '{name}' refers outside itself in <style>: {reference}"
    if root.find(f"{{{SVG_NS}}}title") is None and root.find("title") is None:
        return f"figure '{name}' needs a <title> for screen readers"
    return None


def read_figure(module_dir: Path, relative: str) -> tuple[str | None, str | None]:
    """Return (svg text, None) for a safe figure file, else (None, a message saying why not)."""
    path = (module_dir / relative).resolve()
    if module_dir.resolve() not in path.parents:
        return None, f"figure '{relative}' must be inside the module folder"
    if path.suffix.lower() != ".svg":
        return None, f"figure '{relative}' must be an .svg file"
    if not path.is_file():
        return None, f"figure file '{relative}' does not exist"
    raw = path.read_bytes()
    if len(raw) > MAX_SVG_BYTES:
        return None, f"figure '{relative}' is larger than {MAX_SVG_BYTES} bytes"
    text = raw.decode("utf-8", errors="replace")
    problem = check_svg(text, relative)
    return (None, problem) if problem else (text, None)
