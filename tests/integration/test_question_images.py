"""Question images: stored at import by digest, served only to signed-in users as inert
pictures, shown with their alt text on the attempt, result and preview pages."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.content.validation import validate_bank
from quizapp.extensions import db
from quizapp.models import MediaFile
from quizapp.services.authoring import importer
from tests.helpers.images import make_image_bank


@pytest.fixture
def image_bank(app, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    module = make_image_bank(tmp_path)
    with app.app_context():
        bank, problems = validate_bank(module)
        importer.import_bank(bank, problems)
    return module


def _digest(module: Path, name: str) -> str:
    return hashlib.sha256((module / "images" / name).read_bytes()).hexdigest()


def test_import_stores_each_image_once(app, image_bank):
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MediaFile)) == 3
        bank, problems = validate_bank(image_bank)
        importer.import_bank(bank, problems)  # again: nothing new
        assert db.session.scalar(select(func.count()).select_from(MediaFile)) == 3
        row = db.session.get(MediaFile, _digest(image_bank, "glucose-chart.png"))
        assert row is not None and row.media_type == "image/png"
        assert b"private note" not in row.data


def test_images_are_served_to_signed_in_users_only(client, auth, make_user, image_bank):
    url = f"/media/{_digest(image_bank, 'arrow.svg')}"
    assert client.get(url).status_code == 302  # log in first
    make_user(username="amal")
    auth.login("amal")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/media/" + "0" * 64).status_code == 404
    assert client.get("/media/not-a-digest").status_code == 404


def test_the_preview_shows_stem_and_option_images_with_alt_text(client, auth, make_user,
                                                                image_bank):
    make_user(role="instructor", username="ines")
    auth.login("ines")
    page = client.get("/instructor/questions/w-select-all").get_data(as_text=True)
    chart = _digest(image_bank, "glucose-chart.png")
    assert f'<img src="/media/{chart}" alt="Glucose chart rising over 3 days"' in page
    assert re.search(r'<img src="/media/[0-9a-f]{64}" alt="An arrow pointing up"', page)
    case_page = client.get("/instructor/questions/w-case-one").get_data(as_text=True)
    assert 'alt="A healing wound on the left shin"' in case_page


def test_the_attempt_and_result_pages_show_the_pictures(client, auth, make_user, image_bank):
    from tests.helpers.web import attempt_id_from, post

    make_user(username="amal")
    auth.login("amal")
    response = post(client, "/modules/ward/quizzes/ward-quiz/start")
    attempt_id = attempt_id_from(response.headers["Location"])
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    chart = _digest(image_bank, "glucose-chart.png")
    assert f'<img src="/media/{chart}" alt="Glucose chart rising over 3 days"' in page
    label = re.search(r'<label for="[^"]+">Raised glucose<span class="q-images"><img [^>]*'
                      r'alt="An arrow pointing up"', page)
    assert label, "the option's picture sits inside its label"
    assert 'alt="A healing wound on the left shin"' in page
    done = post(client, f"/attempts/{attempt_id}", {"action": "submit"})
    result = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f'src="/media/{chart}"' in result
