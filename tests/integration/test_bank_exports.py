"""Instructors download the imported question bank for Moodle, Canvas and QTI players from
the question pages, with the fidelity report; what they get is what students are given."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from lxml import etree

from tests.helpers.web import queries_for


@pytest.fixture
def instructor(auth, make_user, imported):  # type: ignore[no-untyped-def]
    make_user(role="instructor", username="ines")
    auth.login("ines")


def test_the_question_list_links_to_the_downloads(client, instructor):
    page = client.get("/instructor/questions").get_data(as_text=True)
    assert 'href="/instructor/bank-exports"' in page
    downloads = client.get("/instructor/bank-exports").get_data(as_text=True)
    for fmt in ("moodle", "canvas-qti", "qti21", "qti3"):
        assert f'href="/instructor/bank-exports/demo/{fmt}"' in downloads
        assert f'href="/instructor/bank-exports/demo/{fmt}/report"' in downloads


def test_moodle_download_holds_every_question_in_use(client, instructor):
    response = client.get("/instructor/bank-exports/demo/moodle")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="demo-moodle.xml"'
    root = etree.fromstring(response.data)
    ids = [q.findtext("idnumber") for q in root.iter("question")
           if q.get("type") not in ("category", "description")]
    assert ids == ["basics-count", "basics-check", "basics-purpose", "more-detail",
                   "more-strict"]
    sections = [q.findtext("name/text") for q in root.iter("question")
                if q.get("type") == "description"]
    assert sections  # lessons travel as description questions


@pytest.mark.parametrize("fmt", ["canvas-qti", "qti21", "qti3"])
def test_zip_downloads_are_packages(client, instructor, fmt):
    response = client.get(f"/instructor/bank-exports/demo/{fmt}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert "imsmanifest.xml" in archive.namelist()


def test_the_report_page_and_json_say_what_each_item_becomes(client, instructor):
    page = client.get("/instructor/bank-exports/demo/moodle/report").get_data(as_text=True)
    assert "What Moodle XML keeps of <code>demo</code>" in page
    assert 'href="/instructor/questions/basics-count"' in page
    report = json.loads(client.get("/instructor/bank-exports/demo/moodle/report.json").data)
    assert [i["id"] for i in report["items"]] == ["basics-count", "basics-check",
                                                  "basics-purpose", "more-detail",
                                                  "more-strict"]
    assert sum(report["summary"].values()) == 5


@pytest.mark.parametrize("url", ["/instructor/bank-exports/nope/moodle",
                                 "/instructor/bank-exports/demo/pdf",
                                 "/instructor/bank-exports/demo/pdf/report"])
def test_unknown_modules_and_formats_are_404(client, instructor, url):
    assert client.get(url).status_code == 404


def test_students_cannot_download_the_bank(client, auth, make_user, imported):
    make_user(username="amal")
    auth.login("amal")
    response = client.get("/instructor/bank-exports/demo/moodle")
    assert response.status_code == 403
    assert b"basics-count" not in response.data


def test_a_download_reads_a_fixed_number_of_queries(client, instructor, app):
    # user + module + lessons + quizzes + questions: no query per question or lesson
    assert queries_for(app, client, "/instructor/bank-exports/demo/qti21") <= 8
