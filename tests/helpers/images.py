"""A module with pictures, made in a temporary folder: the ward fixture (every item type)
with images in a stem, in options and in a case record (PNG, JPEG and SVG)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from PIL import Image

WARD = Path("tests/data/ngn/ward")
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Arrow</title>'
       '<path d="M1 5h8"/></svg>')


def png(width: int = 12, height: int = 8, text: str = "") -> bytes:
    """A small PNG; `text` adds a metadata chunk that cleaning must drop."""
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    Image.new("RGB", (16, 16), (20, 120, 20)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def make_image_bank(root: Path) -> Path:
    """Copy the ward module under `root` and add images; return the module folder."""
    module = root / "ward"
    shutil.copytree(WARD, module)
    images = module / "images"
    images.mkdir()
    (images / "glucose-chart.png").write_bytes(png(text="private note"))
    (images / "wound.jpg").write_bytes(jpeg())
    (images / "arrow.svg").write_text(SVG)
    lesson = module / "01-ward.yaml"
    text = lesson.read_text()
    text = text.replace(
        "      stem: Which are effects of steroids? Select all that apply.\n",
        "      stem: Which are effects of steroids? Select all that apply.\n"
        "      images:\n"
        "        - {file: images/glucose-chart.png, alt: Glucose chart rising over 3 days}\n", 1)
    text = text.replace(
        "        scenario: |\n          Mr B, 54,",
        "        images:\n"
        "          - {file: images/wound.jpg, alt: A healing wound on the left shin}\n"
        "        scenario: |\n          Mr B, 54,", 1)
    text = text.replace(
        "        - {id: a, text: Raised glucose, rationale: Steroids raise glucose.}\n",
        "        - {id: a, text: Raised glucose, rationale: Steroids raise glucose.,\n"
        "           images: [{file: images/arrow.svg, alt: An arrow pointing up}]}\n", 1)
    lesson.write_text(text)
    return module
