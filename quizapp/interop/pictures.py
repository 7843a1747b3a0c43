"""Pictures between formats: names and <img> tags for exports; for imports, pictures found in
another system's HTML, cleaned like ours and given a file in the module's images/ folder."""

from __future__ import annotations

import posixpath
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote

from lxml import html as lxml_html

from ..content.figures import read_figure
from ..content.images import MAX_IMAGE_BYTES, MEDIA_TYPES, clean_raster
from ..content.lint_imported import PLACEHOLDER_ALT
from ..content.model import Image
from .drafts import slug
from .texts import drop

NO_ALT = PLACEHOLDER_ALT


def file_name(image: Image) -> str:
    """A unique, safe file name for a picture inside a package."""
    base, ext = posixpath.splitext(posixpath.basename(image.file))
    return f"{image.digest[:12]}-{slug(base, 'image')}{ext.lower()}"


def img_tag(image: Image, src: str) -> str:
    return f'<img src="{escape(src)}" alt="{escape(image.alt)}">'


def tags(images: tuple[Image, ...], prefix: str) -> str:
    """<img> tags for `images`, each `src` = prefix + its package file name."""
    return "".join(img_tag(i, prefix + file_name(i)) for i in images)


def _check_svg(data: bytes) -> tuple[bytes | None, str | None]:
    """An SVG passes the same allow-list as lesson figures (checked on a scratch copy)."""
    with tempfile.TemporaryDirectory(prefix="quiz-svg-") as scratch:
        (Path(scratch) / "picture.svg").write_bytes(data)
        svg, problem = read_figure(Path(scratch), "picture.svg")
    if svg is None:
        return None, (problem or "is not a safe SVG").replace("figure 'picture.svg' ", "")
    return svg.encode("utf-8"), None


@dataclass
class Found:
    """Pictures taken out of one HTML text, by where they stood."""

    html: str
    stem: list[dict[str, str]] = field(default_factory=list)
    case: list[dict[str, str]] = field(default_factory=list)


class Pictures:
    """Collects the pictures of one conversion: file name -> cleaned bytes."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = files if files is not None else {}

    def add(self, name: str, data: bytes, alt: str, notes: list[str]) -> dict[str, str] | None:
        """Clean and keep a picture; its `images:` entry, or None (with a note) if refused."""
        base, ext = posixpath.splitext(posixpath.basename(unquote(name)))
        base = re.sub(r"^[0-9a-f]{12}-", "", base)  # the digest prefix our exports add
        ext = ".jpg" if ext.lower() == ".jpeg" else ext.lower()
        if ext not in MEDIA_TYPES:
            notes.append(f"picture '{name[:60]}' is not PNG, JPEG or SVG: left out")
            return None
        cleaned: bytes | None
        problem: str | None
        if len(data) > MAX_IMAGE_BYTES:
            cleaned, problem = None, f"is {len(data):,} bytes; at most {MAX_IMAGE_BYTES:,}"
        elif ext == ".svg":
            cleaned, problem = _check_svg(data)
        else:
            cleaned, problem = clean_raster(data, MEDIA_TYPES[ext])
        if cleaned is None:
            notes.append(f"picture '{name[:60]}' {problem}: left out")
            return None
        path = f"images/{slug(base, 'image')[:40]}{ext}"
        n = 2
        while path in self.files and self.files[path] != cleaned:
            path = f"images/{slug(base, 'image')[:40]}-{n}{ext}"
            n += 1
        self.files[path] = cleaned
        if not alt.strip():
            notes.append(f"picture '{posixpath.basename(path)}' had no alt text: a placeholder "
                         "was written; describe the picture")
        return {"file": path, "alt": alt.strip()[:500] or NO_ALT}

    def take(self, html_text: str, fetch: Callable[[str], bytes | None], notes: list[str],
             case_class: str = "") -> Found:
        """Remove every <img> from `html_text`, keeping the pictures `fetch` can supply."""
        if "<img" not in html_text.lower():
            return Found(html_text)
        fragment = lxml_html.fragment_fromstring(html_text, create_parent="div")
        found = Found("")
        for img in list(fragment.iter("img")):
            src = img.get("src") or ""
            in_case = bool(case_class) and any(a.get("class") == case_class
                                               for a in img.iterancestors())
            data = fetch(src)
            drop(img)
            if data is None:
                notes.append(f"picture '{src[:60]}' is not in the file: left out")
                continue
            entry = self.add(src, data, img.get("alt") or "", notes)
            if entry is not None:
                (found.case if in_case else found.stem).append(entry)
        found.html = (fragment.text or "") + "".join(
            lxml_html.tostring(c, encoding="unicode") for c in fragment)
        return found
