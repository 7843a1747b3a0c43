"""A fixture of our own per input format (Moodle XML; Canvas QTI 1.2 as one file, a quiz
export zip and a course export): every supported type converts, the output validates
cleanly, approximations are said in the YAML, and refusals name the reason and the place."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from quizapp.content.loader import load_bank
from quizapp.interop.convert import convert, write_output

MOODLE = Path("tests/data/interop/moodle/every-type.xml")
CANVAS = Path("tests/data/interop/canvas")


def _converted(path: Path, tmp_path: Path, module: str = "imported") -> tuple[dict, dict]:
    result = convert(path, module)
    assert result.problems == []
    folder = write_output(result, tmp_path / "out", module)
    bank, problems = load_bank(folder)
    assert [p for p in problems if p.severity == "error"] == []
    report = result.report.to_json()
    return {q.id: q for q in bank.questions()}, report


def test_moodle_fixture_converts_every_supported_type(tmp_path: Path) -> None:
    questions, report = _converted(MOODLE, tmp_path)
    types = {qid: q.type for qid, q in questions.items()}
    assert types == {
        "hypoglycaemia-first-action": "single_choice", "partial-credit-single": "single_choice",
        "signs-of-hypoglycaemia": "select_all", "other-fractions": "select_all",
        "all-or-nothing": "select_all", "glargine-is-clear": "true_false", "onset": "matching",
        "hormone": "short_text", "units-to-draw-up": "numeric",
        "insulin-cloze": "drop_down_cloze", "storage": "drop_down_cloze",
        "subcutaneous-injection": "ordered_response"}
    assert questions["signs-of-hypoglycaemia"].scoring == "plus_minus"
    assert questions["all-or-nothing"].scoring == "all_or_nothing"
    assert questions["subcutaneous-injection"].scoring == "all_or_nothing"
    assert questions["glargine-is-clear"].key == ("true",)
    onset = questions["onset"]
    assert len(onset.options) == 4 and len(onset.parts) == 3  # '12 hours' is a distractor
    numeric = questions["units-to-draw-up"]
    assert numeric.key == ("0.12",) and numeric.detail and numeric.detail.tolerance == "0.005"
    assert numeric.detail.unit == "mL"
    storage = questions["storage"]
    assert storage.parts[0].options[0].text == "fridge" and storage.parts[0].key == ("a",)
    assert [o.text for o in storage.parts[1].options] == ["room temperature", "40 °C"]
    assert storage.parts[1].key == ("a",)
    assert questions["insulin-cloze"].parts[0].rationale == "Right: it acts fast"
    skipped = {i["id"]: i for i in report["items"] if i["status"] == "not_converted"}
    assert set(skipped) == {"Typed cloze", "Reflect", "Random dose"}
    assert skipped["Reflect"]["place"] == f"{MOODLE}:119"
    assert "essay" in skipped["Reflect"]["notes"][0]
    assert "NUMERICAL" in skipped["Typed cloze"]["notes"][0]


def test_approximations_are_said_in_the_yaml_and_the_report(tmp_path: Path) -> None:
    _, report = _converted(MOODLE, tmp_path)
    text = next((tmp_path / "out" / "imported").glob("01-*.yaml")).read_text()
    assert "# converted approximately: partial-credit fractions are not kept" in text
    assert "# converted approximately: fractions -100, 50 are not NCLEX +/-" in text
    by_id = {i["id"]: i for i in report["items"]}
    assert by_id["other-fractions"]["scoring_same"] is False
    assert by_id["signs-of-hypoglycaemia"]["status"] == "exact"
    lesson = load_bank(tmp_path / "out" / "imported")[0].modules[0].lessons[0]
    assert lesson.title == "Insulin safety"
    assert lesson.sections[0].body == "Rapid-acting insulin starts working within **15 minutes**."


def _canvas_zip(course_export: bool) -> bytes:
    out = io.BytesIO()
    qti = (CANVAS / "ms-care-check.xml").read_bytes()
    with zipfile.ZipFile(out, "w") as archive:
        if course_export:  # the CC copy holds fewer types; the full copy must win
            archive.writestr("g9000/assessment_qti.xml", qti.replace(b"g1001", b"g1001")[:200])
            archive.writestr("non_cc_assessments/g9000.xml.qti", qti)
            archive.writestr("imsmanifest.xml", (CANVAS / "imsmanifest.xml").read_bytes())
        else:
            archive.writestr("imsmanifest.xml", (CANVAS / "imsmanifest.xml").read_bytes())
            archive.writestr("g9000/g9000.xml", qti)
            archive.writestr("g9000/assessment_meta.xml",
                             (CANVAS / "assessment_meta.xml").read_bytes())
    return out.getvalue()


@pytest.mark.parametrize("form", ["xml", "quiz-export", "course-export"])
def test_canvas_fixture_converts_every_supported_type(tmp_path: Path, form: str) -> None:
    if form == "xml":
        source = CANVAS / "ms-care-check.xml"
    else:
        source = tmp_path / ("course.imscc" if form == "course-export" else "quiz.zip")
        source.write_bytes(_canvas_zip(form == "course-export"))
    questions, report = _converted(source, tmp_path)
    types = {qid: q.type for qid, q in questions.items()}
    assert types == {"aspiration-risk": "single_choice", "heat-sensitivity": "true_false",
                     "fatigue-strategies": "select_all", "drug-classes": "matching",
                     "bladder-care": "drop_down_cloze", "baclofen-dose": "numeric",
                     "infusion-range": "numeric", "symptom": "short_text"}
    assert questions["aspiration-risk"].key == ("a",)
    assert questions["aspiration-risk"].options[1].rationale == "A straw can make aspiration worse."
    assert questions["fatigue-strategies"].key == ("a", "b")
    assert questions["fatigue-strategies"].scoring == "plus_minus"
    infusion = questions["infusion-range"].detail
    assert questions["infusion-range"].key == ("125",) and infusion and infusion.tolerance == "1"
    assert questions["symptom"].key == ("blurred vision", "eye pain")
    bladder = questions["bladder-care"]
    assert bladder.detail and "{{ b1 }}" in bladder.detail.passage
    assert bladder.stem == "Complete the care plan."
    skipped = {i["id"] for i in report["items"] if i["status"] == "not_converted"}
    assert skipped == {"Reflection", "Typed blanks"}
    lesson = load_bank(tmp_path / "out" / "imported")[0].modules[0].lessons[0]
    assert lesson.sections[0].heading == "About this quiz"  # text_only became lesson text


def test_report_json_lists_every_item(tmp_path: Path) -> None:
    result = convert(MOODLE, "imported")
    data = json.loads(json.dumps(result.report.to_json()))
    assert data["summary"] == {"exact": 4, "approximated": 8, "not_converted": 3}
    assert len(data["items"]) == 15


def test_a_canvas_question_bank_becomes_a_lesson_named_after_it(tmp_path: Path) -> None:
    qti = (CANVAS / "ms-care-check.xml").read_text()
    qti = qti.replace('<assessment ident="g9000" title="MS nursing care check">',
                      '<objectbank ident="b1"><qtimetadata><qtimetadatafield><fieldlabel>'
                      'bank_title</fieldlabel><fieldentry>MS bank</fieldentry>'
                      '</qtimetadatafield></qtimetadata>').replace("</assessment>",
                                                                   "</objectbank>")
    qti = qti.replace('<qtimetadata><qtimetadatafield><fieldlabel>cc_maxattempts</fieldlabel>'
                      '<fieldentry>1</fieldentry></qtimetadatafield></qtimetadata>', "")
    source = tmp_path / "bank.xml"
    source.write_text(qti)
    questions, _ = _converted(source, tmp_path)
    assert len(questions) == 8
    lesson = load_bank(tmp_path / "out" / "imported")[0].modules[0].lessons[0]
    assert lesson.title == "MS bank"
