"""Images in stems, options and case records: PNG, JPEG or SVG files in the module folder,
each with alt text. Raster files are decoded and re-encoded (no metadata, nothing hidden
after the pixels); SVG files must pass the figures' allow-list. Sizes are limited."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .figures import read_figure
from .model import Image
from .reader import FileReader, describe
from .yamlpos import Path as YamlPath

MAX_IMAGE_BYTES = 1_000_000  # a clear photo or strip for a phone; a bigger one loads slowly
MAX_PIXELS = 16_000_000
MAX_SIDE = 4_000
MAX_ALT = 500
MAX_OPTION_IMAGES = 1  # an option shows one picture (a strip, a label, a syringe)
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml"}
_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def clean_raster(data: bytes, media_type: str) -> tuple[bytes | None, str | None]:
    """`data` decoded and written again as `media_type`: (bytes, None) or (None, why not)."""
    expected = _FORMATS[media_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a decompression bomb below twice its limit: refuse it.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            probe = PILImage.open(io.BytesIO(data))
        with probe:
            if probe.format != expected:
                return None, f"is not a {expected} file (it looks like {probe.format})"
            width, height = probe.size
            if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                return None, f"is {width}x{height} pixels; at most {MAX_SIDE} on a side"
            probe.load()
            picture = probe.convert("RGBA" if expected == "PNG" else "RGB") \
                if probe.mode not in ("RGB", "RGBA", "L", "LA", "P") else probe.copy()
    except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning) as exc:
        return None, f"cannot be read as an image ({exc.__class__.__name__})"
    out = io.BytesIO()
    if expected == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    picture.save(out, format=expected, **({"quality": 90} if expected == "JPEG" else {}))
    return out.getvalue(), None


def clean_image(data: bytes, suffix: str, module_dir: Path | None = None,
                relative: str = "") -> tuple[bytes | None, str | None]:
    """Cleaned bytes of an image file's contents, or why it is refused."""
    media_type = MEDIA_TYPES.get(suffix.lower())
    if media_type is None:
        return None, "must be a .png, .jpg or .svg file"
    if len(data) > MAX_IMAGE_BYTES:
        return None, f"is {len(data):,} bytes; at most {MAX_IMAGE_BYTES:,}"
    if media_type != "image/svg+xml":
        return clean_raster(data, media_type)
    if module_dir is None:
        return None, "an SVG image needs its module folder to be checked"
    svg, problem = read_figure(module_dir, relative)
    return (svg.encode("utf-8"), None) if svg is not None else (None, problem)


def read_image(module_dir: Path, relative: str, alt: str) -> tuple[Image | None, str | None]:
    """The image file `relative` (inside the module folder), checked and cleaned."""
    path = (module_dir / relative).resolve()
    if module_dir.resolve() not in path.parents:
        return None, f"image '{relative}' must be inside the module folder"
    if not path.is_file():
        return None, f"image file '{relative}' does not exist"
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return None, f"image '{relative}' is larger than {MAX_IMAGE_BYTES:,} bytes"
    raw = path.read_bytes()
    cleaned, problem = clean_image(raw, path.suffix, module_dir, relative)
    if cleaned is None:
        return None, problem if problem and problem.startswith(("figure", "image")) else \
            f"image '{relative}' {problem}"
    return Image(relative, alt, MEDIA_TYPES[path.suffix.lower()],
                 hashlib.sha256(raw).hexdigest(), cleaned), None


def parse_images(r: FileReader, path: YamlPath, limit: int) -> tuple[Image, ...] | None:
    """The `images:` list at `path` (call when present): each {file, alt}; None on a problem."""
    module_dir = Path(r.file).parent
    items = r.items(path, min_items=1)
    if len(items) > limit:
        r.error(path, f"{describe(path)} has {len(items)} images; at most {limit}")
        return None
    out: list[Image] = []
    ok = bool(items)
    for item in items:
        if not r.mapping(item, ("file", "alt")):
            ok = False
            continue
        file, alt = r.text((*item, "file")), r.text((*item, "alt"))
        if alt is not None and len(alt) > MAX_ALT:
            r.error((*item, "alt"), f"alt text is {len(alt)} characters; keep it under "
                                    f"{MAX_ALT} and put the detail in the stem")
            alt = None
        if file is None or alt is None:
            ok = False
            continue
        image, problem = read_image(module_dir, file, alt)
        if image is None:
            r.error((*item, "file"), problem or f"image '{file}' cannot be used")
            ok = False
        else:
            out.append(image)
    return tuple(out) if ok else None


def optional_images(r: FileReader, path: YamlPath, limit: int) -> tuple[Image, ...] | None:
    """`images:` under the mapping at `path`: () when absent, None when unusable."""
    value = r.get(path)
    if not isinstance(value, dict) or "images" not in value:
        return ()
    return parse_images(r, (*path, "images"), limit)
