"""Images in stems, options and case records: checked, cleaned, size-limited, with alt text;
identified in snapshots by digest so an edited picture makes a new version."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image as PILImage

from quizapp.content.images import MAX_IMAGE_BYTES, clean_image
from quizapp.content.loader import load_bank
from quizapp.content.model import Question
from tests.helpers.images import jpeg, make_image_bank, png


def _questions(module: Path) -> tuple[dict[str, Question], list]:
    bank, problems = load_bank(module)
    return {q.id: q for q in bank.questions()}, [p for p in problems if p.severity == "error"]


def test_stem_option_and_case_images_load(tmp_path: Path) -> None:
    questions, problems = _questions(make_image_bank(tmp_path))
    assert problems == []
    q = questions["w-select-all"]
    assert [(i.file, i.alt, i.media_type) for i in q.images] == [
        ("images/glucose-chart.png", "Glucose chart rising over 3 days", "image/png")]
    assert q.images[0].digest == hashlib.sha256(
        (tmp_path / "ward/images/glucose-chart.png").read_bytes()).hexdigest()
    assert q.options[0].images[0].media_type == "image/svg+xml"
    case = questions["w-case-one"].case
    assert case and case.images[0].alt == "A healing wound on the left shin"
    assert questions["w-case-two"].case == case


def test_cleaning_drops_metadata(tmp_path: Path) -> None:
    questions, _ = _questions(make_image_bank(tmp_path))
    cleaned = questions["w-select-all"].images[0].data
    assert b"private note" not in cleaned and cleaned.startswith(b"\x89PNG")
    photo = questions["w-case-one"].case.images[0].data  # type: ignore[union-attr]
    assert b"secret description" in jpeg() and b"secret description" not in photo
    assert PILImage.open(io.BytesIO(photo)).format == "JPEG"


def test_snapshots_name_images_by_digest_and_old_items_keep_their_hash(tmp_path: Path) -> None:
    questions, _ = _questions(make_image_bank(tmp_path))
    snap = questions["w-select-all"].to_snapshot()
    assert snap["images"][0][3] == questions["w-select-all"].images[0].digest
    assert len(snap["options"][0]) == 4 and len(snap["options"][1]) == 3
    assert Question.from_snapshot(snap) == questions["w-select-all"]
    plain = questions["w-ordered"].to_snapshot()
    assert "images" not in plain
    original, _ = _questions(Path("tests/data/ngn/ward"))
    assert original["w-ordered"].content_hash() == questions["w-ordered"].content_hash()
    assert original["w-select-all"].content_hash() != questions["w-select-all"].content_hash()


def _with(tmp_path: Path, old: str, new: str, files: dict[str, bytes] | None = None) -> list:
    module = make_image_bank(tmp_path)
    for name, data in (files or {}).items():
        (module / name).write_bytes(data)
    lesson = module / "01-ward.yaml"
    text = lesson.read_text()
    assert old in text
    lesson.write_text(text.replace(old, new, 1))
    return _questions(module)[1]


@pytest.mark.parametrize("new,files,message", [
    ("{file: images/glucose-chart.png}", None, "missing required key 'alt'"),
    ("{file: images/none.png, alt: x}", None, "image file 'images/none.png' does not exist"),
    ("{file: ../../etc/passwd, alt: x}", None, "must be inside the module folder"),
    ("{file: images/a.gif, alt: x}", {"images/a.gif": b"GIF89a"}, "must be a .png, .jpg"),
    ("{file: images/fake.png, alt: x}", {"images/fake.png": jpeg()}, "is not a PNG file"),
    ("{file: images/text.png, alt: x}", {"images/text.png": b"hello"}, "cannot be read"),
    ("{file: images/wide.png, alt: x}", {"images/wide.png": png(5000, 2)}, "at most 4000"),
    ("{file: images/big.png, alt: x}", {"images/big.png": b"\x89PNG" + b"0" * MAX_IMAGE_BYTES},
     "larger than"),
    ("{file: images/bad.svg, alt: x}",
     {"images/bad.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><title>t</title>'
                        b'<script>alert(1)</script></svg>'}, "contains a <script> element"),
], ids=["no-alt", "missing", "outside", "gif", "wrong-kind", "not-image", "too-wide",
        "too-big", "svg-script"])
def test_bad_images_are_refused_at_their_place(tmp_path: Path, new: str,
                                               files: dict[str, bytes] | None,
                                               message: str) -> None:
    problems = _with(tmp_path, "{file: images/glucose-chart.png, alt: Glucose chart rising over "
                               "3 days}", new, files)
    assert len(problems) == 1, problems
    assert message in problems[0].message
    assert problems[0].file.endswith("01-ward.yaml") and problems[0].line == 25


def test_too_many_images_and_long_alt_text(tmp_path: Path) -> None:
    many = "[" + ", ".join(["{file: images/arrow.svg, alt: a}"] * 2) + "]"
    problems = _with(tmp_path, "images: [{file: images/arrow.svg, alt: An arrow pointing up}]",
                     f"images: {many}")
    assert "has 2 images; at most 1" in problems[0].message
    long_alt = _with(tmp_path / "b", "alt: Glucose chart rising over 3 days",
                     "alt: " + "x" * 600)
    assert "alt text is 600 characters" in long_alt[0].message


def test_clean_image_refuses_decompression_bombs() -> None:
    out = io.BytesIO()
    PILImage.new("1", (10_000, 10_000)).save(out, "PNG")  # a small file, 100 M pixels
    data, problem = clean_image(out.getvalue(), ".png")
    assert data is None and problem
