"""Hostile inputs are refused with a message naming the file, and nothing is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from quizapp.interop import InteropError
from quizapp.interop.archive import Archive, resolve, safe_member_name
from quizapp.interop.convert import MAX_INPUT_BYTES, convert, write_output
from quizapp.interop.safexml import parse_xml

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&secret;</text></name></question></quiz>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<quiz><question type="category"><category><text>&lol3;</text></category></question></quiz>"""
NETWORK = b"""<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://127.0.0.1:9/evil.dtd"><quiz/>"""


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data", [XXE, LAUGHS, NETWORK], ids=["xxe", "billion-laughs", "dtd"])
def test_doctypes_are_refused_with_the_line(data: bytes) -> None:
    with pytest.raises(InteropError) as caught:
        parse_xml(data, "bank.xml")
    assert caught.value.line == 2
    assert "DOCTYPE" in str(caught.value)
    assert str(caught.value).startswith("bank.xml:2:")


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(InteropError) as caught:
        parse_xml(b"<quiz>\n<question>\n</quiz>", "bank.xml")
    assert caught.value.line == 3 and "not well-formed" in caught.value.message


def test_zip_bomb_is_refused_before_it_unpacks() -> None:
    bomb = _zip({"non_cc_assessments/a.xml.qti": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(InteropError, match="zip bomb|unpacks to"):
        Archive(bomb, "course.imscc")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/passwd", "a/../../b.xml",
                                  "C:/windows.xml", "a\\..\\b.xml"])
def test_paths_outside_the_archive_are_refused(name: str) -> None:
    assert not safe_member_name(name)
    with pytest.raises(InteropError, match="outside the archive"):
        Archive(_zip({name: b"<x/>"}), "quiz.zip")


def test_references_inside_a_package_stay_inside() -> None:
    assert resolve("quiz/a.xml", "img/b.png") == "quiz/img/b.png"
    assert resolve("quiz/a.xml", "../../etc/passwd") is None
    assert resolve("quiz/a.xml", "http://example.org/x.png") is None


def test_too_many_files_are_refused() -> None:
    members = {f"f{i}.txt": b"" for i in range(5_001)}
    with pytest.raises(InteropError, match="holds 5,001 files"):
        Archive(_zip(members, zipfile.ZIP_STORED), "quiz.zip")


def _convert_refused(path: Path, out: Path, match: str) -> None:
    with pytest.raises(InteropError, match=match):
        write_output(convert(path, "imported"), out, "imported")
    assert not out.exists() or not any(out.iterdir())


def test_a_50_mb_file_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "bank.xml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert big.stat().st_size > MAX_INPUT_BYTES
    _convert_refused(big, tmp_path / "out", "inputs over")


@pytest.mark.parametrize("data,match", [
    (XXE, "DOCTYPE"), (LAUGHS, "DOCTYPE"),
    (_zip({"../escape.xml.qti": b"<questestinterop/>"}), "outside the archive"),
    (_zip({"non_cc_assessments/q.xml.qti": b"\0" * (30 * 1024 * 1024)}), "bomb|unpacks"),
], ids=["xxe", "laughs", "dot-dot", "bomb"])
def test_convert_writes_nothing_for_hostile_files(tmp_path: Path, data: bytes,
                                                  match: str) -> None:
    source = tmp_path / ("bank.zip" if data[:2] == b"PK" else "bank.xml")
    source.write_bytes(data)
    _convert_refused(source, tmp_path / "out", match)


def test_an_existing_module_folder_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "out" / "imported"
    target.mkdir(parents=True)
    (target / "keep.yaml").write_text("mine")
    source = tmp_path / "bank.xml"
    source.write_bytes(b"<quiz/>")
    with pytest.raises(InteropError, match="not empty"):
        write_output(convert(source, "imported"), tmp_path / "out", "imported")
    assert (target / "keep.yaml").read_text() == "mine"


def test_absurdly_deep_html_keeps_its_words(tmp_path: Path) -> None:
    deep = "<b>" * 3000 + "Which is deep?" + "</b>" * 3000
    source = tmp_path / "deep.xml"
    source.write_text(f"""<?xml version="1.0"?><quiz><question type="multichoice">
<name><text>Deep</text></name><questiontext format="html"><text><![CDATA[{deep}]]></text>
</questiontext><single>true</single><answer fraction="100"><text>A</text></answer>
<answer fraction="0"><text>B</text></answer></question></quiz>""")
    result = convert(source, "deep")
    assert result.problems == []
    assert "stem: Which is deep?" in "".join(str(v) for v in result.files.values())


def test_deep_xml_is_refused_by_the_parser(tmp_path: Path) -> None:
    with pytest.raises(InteropError, match="Excessive depth"):
        parse_xml(b"<quiz>" + b"<a>" * 3000 + b"</a>" * 3000 + b"</quiz>", "deep.xml")


def test_an_oversized_picture_is_left_out() -> None:
    from quizapp.interop.pictures import Pictures
    notes: list[str] = []
    assert Pictures().add("big.png", b"\x89PNG" + b"0" * 2_000_000, "alt", notes) is None
    assert "at most 1,000,000" in notes[0]
