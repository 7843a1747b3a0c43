"""Figures are SVG files beside the lessons. They are served to browsers, so only a safe subset
is accepted: no scripts, event handlers, external references or embedded HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_SVG_BYTES = 200_000
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "image", "use"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


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
    if re.search(r"@import", text, re.IGNORECASE):
        return None, f"figure '{relative}' must not import stylesheets"
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return None, f"figure '{relative}' must not contain a DOCTYPE or entities"
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return None, f"figure '{relative}' is not well-formed XML: {exc}"
    if _local(root.tag) != "svg":
        return None, f"figure '{relative}' does not have an <svg> root"
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _FORBIDDEN_TAGS:
            return None, f"figure '{relative}' contains a forbidden <{tag}> element"
        for name, value in element.attrib.items():
            attr = _local(name)
            if attr.startswith("on"):
                return None, f"figure '{relative}' has an event handler attribute '{attr}'"
            if attr == "href" and not value.startswith("#"):
                return None, f"figure '{relative}' links outside itself ('{value}')"
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                return None, f"figure '{relative}' references an external resource"
    if root.find("{http://www.w3.org/2000/svg}title") is None and root.find("title") is None:
        return None, f"figure '{relative}' needs a <title> for screen readers"
    return text, None
