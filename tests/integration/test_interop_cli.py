"""`quiz convert` and `quiz export`: exit codes, the printed and JSON fidelity reports, and
files written only when everything is fine."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

MOODLE = "tests/data/interop/moodle/every-type.xml"


def test_convert_writes_a_module_that_validates(runner, tmp_path: Path) -> None:
    out = tmp_path / "questions"
    result = runner.invoke(args=["quiz", "convert", MOODLE, "--module", "insulin",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "not_converted Reflect (essay)" in result.output
    assert "moodle: 15 item(s): 4 exact, 8 approximated, 3 not converted" in result.output
    report = json.loads((out / "insulin.convert.json").read_text())
    assert report["direction"] == "convert" and len(report["items"]) == 15
    check = runner.invoke(args=["quiz", "validate", str(out / "insulin")])
    assert check.exit_code == 0, check.output


def test_convert_refuses_hostile_input_and_writes_nothing(runner, tmp_path: Path) -> None:
    evil = tmp_path / "evil.xml"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY x SYSTEM '
                    '"file:///etc/passwd">]>\n<quiz>&x;</quiz>')
    out = tmp_path / "questions"
    result = runner.invoke(args=["quiz", "convert", str(evil), "--module", "evil",
                                 "--out", str(out)])
    assert result.exit_code == 1
    assert f"error: {evil}:2: has a DOCTYPE" in result.output
    assert "Nothing written." in result.output
    assert not out.exists()


def test_convert_usage_errors_exit_2(runner, tmp_path: Path) -> None:
    result = runner.invoke(args=["quiz", "convert", MOODLE, "--module", "Bad Id",
                                 "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert runner.invoke(args=["quiz", "convert", MOODLE]).exit_code == 2


def test_export_every_format_with_its_report(runner, tmp_path: Path) -> None:
    for fmt, name in (("moodle", "bank.xml"), ("canvas-qti", "canvas.zip"),
                      ("qti21", "qti21.zip"), ("qti3", "qti3.zip")):
        out = tmp_path / name
        result = runner.invoke(args=["quiz", "export", "tests/data/ngn", "--format", fmt,
                                     "--out", str(out)])
        assert result.exit_code == 0, result.output
        report = json.loads((tmp_path / f"{name}.fidelity.json").read_text())
        assert len(report["items"]) == 15
        assert sum(report["summary"].values()) == 15
        assert "item(s):" in result.output
        if name.endswith(".zip"):
            with zipfile.ZipFile(out) as archive:
                assert "imsmanifest.xml" in archive.namelist()
        else:
            assert out.read_bytes().startswith(b"<?xml")


def test_export_of_a_broken_bank_or_unknown_module_fails(runner, tmp_path: Path) -> None:
    out = tmp_path / "x.xml"
    result = runner.invoke(args=["quiz", "export", "tests/data/ngn", "--format", "moodle",
                                 "--module", "nope", "--out", str(out)])
    assert result.exit_code == 2 and "no module 'nope'" in result.output
    broken = runner.invoke(args=["quiz", "export", "tests/data/broken/empty-file",
                                 "--format", "moodle", "--out", str(out)])
    assert broken.exit_code == 1 and "Nothing exported" in broken.output
    assert not out.exists()


def test_lint_points_at_the_placeholders_convert_wrote(runner, tmp_path: Path) -> None:
    out = tmp_path / "questions"
    assert runner.invoke(args=["quiz", "convert", MOODLE, "--module", "insulin",
                               "--out", str(out)]).exit_code == 0
    result = runner.invoke(args=["quiz", "lint", str(out / "insulin")])
    assert result.exit_code == 0  # warnings only
    assert "rationale(s) are still the placeholder `quiz convert` wrote" in result.output
