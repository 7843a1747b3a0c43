"""The QTI 2.1 package validates against a QTI 2.1 schema with `xmlschema`.

The official XSD files cannot be had offline here, so the tests carry a subset of the QTI 2.1
schema (tests/data/interop/qti21-subset.xsd) covering every element and attribute the export
writes; anything else fails."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import PurePosixPath

import pytest
import xmlschema

from quizapp.content.loader import load_bank
from quizapp.interop.export import export_module
from quizapp.interop.safexml import parse_xml

SCHEMA = xmlschema.XMLSchema("tests/data/interop/qti21-subset.xsd")


def _package(path: str, fmt: str) -> dict[str, bytes]:
    bank, problems = load_bank(path)
    assert not [p for p in problems if p.severity == "error"]
    with zipfile.ZipFile(BytesIO(export_module(bank.modules[0], fmt).data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("bank", ["tests/data/ngn", "questions"])
def test_every_item_and_test_validates(bank: str) -> None:
    files = _package(bank, "qti21")
    checked = [name for name in files if name.startswith(("items/", "tests/"))]
    assert len(checked) > 10
    for name in checked:
        errors = list(SCHEMA.iter_errors(files[name].decode()))
        assert not errors, f"{name}: {errors[0]}"


def test_the_schema_subset_rejects_what_qti_forbids() -> None:
    item = _package("tests/data/ngn", "qti21")["items/w-cloze.xml"].decode()
    assert SCHEMA.is_valid(item)
    assert not SCHEMA.is_valid(item.replace('shuffle="true"', "", 1))  # a required attribute
    unknown = item.replace("<match>", "<matches>").replace("</match>", "</matches>")
    assert not SCHEMA.is_valid(unknown)  # not a QTI expression
    assert not SCHEMA.is_valid(item.replace('cardinality="single"', 'cardinality="one"', 1))


@pytest.mark.parametrize("fmt", ["qti21", "qti3", "canvas-qti"])
def test_the_manifest_names_every_file_and_nothing_missing(fmt: str) -> None:
    files = _package("tests/data/ngn", fmt)
    manifest = parse_xml(files["imsmanifest.xml"], "imsmanifest.xml")
    hrefs = {node.get("href") for node in manifest.iter() if node.get("href")}
    assert hrefs <= set(files)
    assert set(files) - {"imsmanifest.xml"} <= hrefs
    for name, data in files.items():
        if PurePosixPath(name).suffix == ".xml":
            parse_xml(data, name)  # every XML file is well formed, with no DOCTYPE


def test_qti3_items_use_the_qti3_vocabulary() -> None:
    files = _package("tests/data/ngn", "qti3")
    text = files["items/w-matrix-mr.xml"].decode()
    assert 'xmlns="http://www.imsglobal.org/xsd/imsqtiasiv3p0"' not in text
    assert "<qti-assessment-item" in text and "imsqtiasi_v3p0" in text
    assert "<qti-match-interaction" in text and 'response-identifier="RESPONSE"' in text
    assert "responseIdentifier" not in text and "<matchInteraction" not in text


def test_items_carry_their_rationales_shown_after_responding() -> None:
    from .qti_engine import Item

    files = _package("tests/data/ngn", "qti21")
    xml = files["items/w-select-all.xml"]
    text = xml.decode()
    assert '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="RATIONALES"' in text
    assert "Steroids raise glucose." in text and "Glucose rises rather than falls." in text
    item = Item(xml)
    item.score({"RESPONSE": ["o_a"]})
    assert item.values["FEEDBACK"] == "RATIONALES"
    matrix = files["items/w-matrix-mr.xml"].decode()
    assert "<strong>Thirst</strong>: " in matrix  # a row's rationale, by its label
