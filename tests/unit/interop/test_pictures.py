"""Pictures travel with the items: exported into each package, read back by `quiz convert`
(cleaned, named, with their alt text, or a flagged placeholder), refused when unsafe."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import xmlschema

from quizapp.content.loader import load_bank
from quizapp.interop.convert import convert, write_output
from quizapp.interop.export import export_module
from quizapp.interop.pictures import NO_ALT
from tests.helpers.images import SVG, make_image_bank, png


def _bank(tmp_path: Path):  # type: ignore[no-untyped-def]
    bank, problems = load_bank(make_image_bank(tmp_path / "src"))
    assert not [p for p in problems if p.severity == "error"]
    return bank.modules[0]


def _convert(tmp_path: Path, name: str, data: bytes):  # type: ignore[no-untyped-def]
    source = tmp_path / name
    source.write_bytes(data)
    result = convert(source, "back")
    assert result.problems == []
    folder = write_output(result, tmp_path / "out", "back")
    bank, problems = load_bank(folder)
    assert not [p for p in problems if p.severity == "error"]
    return {q.id: q for q in bank.questions()}, result.report, folder


def test_moodle_round_trip_keeps_pictures_and_alt_text(tmp_path: Path) -> None:
    module = _bank(tmp_path)
    xml = export_module(module, "moodle").data
    assert b"@@PLUGINFILE@@/" in xml and b'encoding="base64"' in xml
    questions, _, folder = _convert(tmp_path, "bank.xml", xml)
    q = questions["w-select-all"]
    assert [(i.alt, i.media_type) for i in q.images] == [
        ("Glucose chart rising over 3 days", "image/png")]
    assert q.images[0].file == "images/glucose-chart.png"
    assert [(i.alt, i.media_type) for i in q.options[0].images] == [
        ("An arrow pointing up", "image/svg+xml")]
    case = questions["w-case-one"].case
    assert case and [i.alt for i in case.images] == ["A healing wound on the left shin"]
    assert (folder / "images" / "wound.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_canvas_round_trip_keeps_stem_and_option_pictures(tmp_path: Path) -> None:
    data = export_module(_bank(tmp_path), "canvas-qti").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(n.startswith("web_resources/quizapp-images/") for n in archive.namelist())
    questions, _, _ = _convert(tmp_path, "quiz.zip", data)
    q = questions["w-select-all"]
    assert [i.alt for i in q.images] == ["Glucose chart rising over 3 days"]
    assert [i.alt for i in q.options[0].images] == ["An arrow pointing up"]


def test_qti_packages_carry_the_files_the_items_show(tmp_path: Path) -> None:
    schema = xmlschema.XMLSchema("tests/data/interop/qti21-subset.xsd")
    for fmt in ("qti21", "qti3"):
        with zipfile.ZipFile(io.BytesIO(export_module(_bank(tmp_path / fmt), fmt).data)) as z:
            names = set(z.namelist())
            item = z.read("items/w-select-all.xml").decode()
            manifest = z.read("imsmanifest.xml").decode()
            pictures = sorted(n for n in names if n.startswith("images/"))
            assert len(pictures) == 3
            for picture in pictures:
                assert f'href="{picture}"' in manifest
            assert 'src="../images/' in item and 'alt="Glucose chart rising over 3 days"' in item
            if fmt == "qti21":
                assert schema.is_valid(item)


def test_option_pictures_a_format_cannot_hold_are_reported(tmp_path: Path) -> None:
    from dataclasses import replace

    from quizapp.interop.mapping import item_fidelity

    module = _bank(tmp_path)
    questions = {q.id: q for quiz in module.quizzes for q in quiz.questions}
    assert item_fidelity(questions["w-select-all"], "moodle").status == "exact"
    picture = questions["w-select-all"].options[0].images
    ordered = questions["w-ordered"]
    with_pictures = replace(ordered, options=(replace(ordered.options[0], images=picture),
                                              *ordered.options[1:]))
    assert item_fidelity(with_pictures, "qti21").status == "exact"
    canvas = item_fidelity(with_pictures, "canvas-qti")
    assert canvas.status == "approximated"
    assert "pictures in the options are left out" in canvas.notes[-1]


def _moodle(picture_xml: str, text: str) -> bytes:
    return f"""<?xml version="1.0"?><quiz><question type="multichoice">
    <name><text>Pic</text></name>
    <questiontext format="html"><text><![CDATA[<p>Which?</p>{text}]]></text>{picture_xml}
    </questiontext>
    <single>true</single>
    <answer fraction="100"><text>A</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0"><text>B</text><feedback><text>No.</text></feedback></answer>
    </question></quiz>""".encode()


def _file(name: str, data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return f'<file name="{name}" path="/" encoding="base64">{encoded}</file>'


def test_a_picture_without_alt_text_gets_a_flagged_placeholder(tmp_path: Path) -> None:
    data = _moodle(_file("strip.png", png()), '<img src="@@PLUGINFILE@@/strip.png">')
    questions, report, _ = _convert(tmp_path, "bank.xml", data)
    assert questions["pic"].images[0].alt == NO_ALT
    notes = [n for i in report.items for n in i.notes]
    assert any("had no alt text: a placeholder was written" in n for n in notes)


def test_unsafe_or_missing_pictures_are_left_out_with_a_note(tmp_path: Path) -> None:
    evil_svg = SVG.replace("<title>", "<script>alert(1)</script><title>").encode()
    data = _moodle(_file("evil.svg", evil_svg) + _file("fake.png", b"not a png"),
                   '<img src="@@PLUGINFILE@@/evil.svg" alt="x">'
                   '<img src="@@PLUGINFILE@@/fake.png" alt="y">'
                   '<img src="@@PLUGINFILE@@/missing.png" alt="z">'
                   '<img src="https://tracker.example/pixel.png" alt="w">')
    questions, report, folder = _convert(tmp_path, "bank.xml", data)
    assert questions["pic"].images == ()
    assert not (folder / "images").exists()
    notes = " ".join(n for i in report.items for n in i.notes)
    assert "'@@PLUGINFILE@@/evil.svg' contains a <script> element" in notes
    assert "'@@PLUGINFILE@@/fake.png' cannot be read as an image" in notes
    assert "'@@PLUGINFILE@@/missing.png' is not in the file" in notes
    assert "'https://tracker.example/pixel.png' is not in the file" in notes


def test_canvas_pictures_outside_the_package_are_not_read(tmp_path: Path) -> None:
    qti = (Path("tests/data/interop/canvas/ms-care-check.xml").read_text()
           .replace("What is the &lt;strong&gt;priority&lt;/strong&gt;?",
                    "What is the priority? &lt;img src=&quot;../../../etc/passwd.png&quot; "
                    "alt=&quot;x&quot;&gt;"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("g9000/g9000.xml", qti)
        archive.writestr("etc/passwd.png", png())
    questions, report, _ = _convert(tmp_path, "quiz.zip", out.getvalue())
    assert questions["aspiration-risk"].images == ()
    assert any("is not in the file" in n for i in report.items for n in i.notes)
