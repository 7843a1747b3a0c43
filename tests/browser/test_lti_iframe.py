"""A launch from an LMS page, inside its iframe, in a real browser: the cross-site cookies and
the framing policy let the quiz open, be taken and be submitted in the frame, and the grade
goes back to the LMS."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from quizapp.content import load_bank
from tests.helpers.data import DEMO_BANK
from tests.helpers.live_server import listening_socket, serve

from .lms import CLIENT_ID, DEPLOYMENT, FakeLms, serving
from .screens import plain

pytestmark = pytest.mark.browser
LIVE_SECRET = "live-test-key"  # the SECRET_KEY tests.helpers.live_server runs gunicorn with


@pytest.fixture(scope="module")
def lti_site(tmp_path_factory: pytest.TempPathFactory):
    """quizapp (the demo course) under gunicorn on 127.0.0.1, as in production, and a fake
    LMS on localhost, registered with each other; yields the fake LMS."""
    from quizapp import create_app
    from quizapp.extensions import db
    from quizapp.services.authoring import importer
    from quizapp.services.lti import keys, platforms

    folder = tmp_path_factory.mktemp("lti-site")
    database_url = f"sqlite:///{folder / 'quizapp.sqlite'}"
    app = create_app({"SECRET_KEY": LIVE_SECRET, "SQLALCHEMY_DATABASE_URI": database_url})
    lms = FakeLms()
    with serving(lms):
        with app.app_context():
            db.create_all()
            importer.import_bank(*load_bank(DEMO_BANK))
            platforms.add_platform(platforms.PlatformSettings(
                "browser-lms", lms.issuer, CLIENT_ID, lms.base_url + "/auth",
                lms.base_url + "/token", lms.base_url + "/jwks", deployment_ids=(DEPLOYMENT,)))
            keys.ensure_key(LIVE_SECRET)  # sealed with the key the server runs with
            db.engine.dispose()
        with listening_socket() as sock:
            server = serve(sock, database_url, folder / "gunicorn.log", workers=4)
            lms.tool_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            try:
                yield lms
            finally:
                server.terminate()
                server.wait(timeout=30)


def test_a_quiz_launched_in_the_lms_iframe_is_taken_there_and_graded_back(browser, lti_site):
    lms = lti_site
    bank, _ = load_bank(DEMO_BANK)
    quiz = next(q for q in bank.modules[0].quizzes if q.id == "basics-quiz")
    context = browser.new_context()
    page = context.new_page()
    page.goto(lms.base_url + "/course")
    frame = page.frame_locator("iframe[title=quizapp]")
    expect(frame.get_by_role("heading", level=1)).to_contain_text(quiz.title)
    frame.get_by_role("button", name="Start the quiz").click()
    for question in quiz.questions:
        group = frame.get_by_role("group", name=plain(question.stem))
        role = "checkbox" if question.type == "select_all" else "radio"
        for option in question.options:
            if option.id in question.key:
                group.get_by_role(role, name=plain(option.text), exact=True).check()
    frame.get_by_role("button", name="Submit for grading").click()
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Result")
    expect(frame.get_by_text("3 / 3 marks")).to_be_visible()
    assert page.url == lms.base_url + "/course"  # all of it inside the LMS's page
    context.close()
    assert lms.score_arrived.wait(timeout=10)  # sent by the server right after the response
    assert [(s["scoreGiven"], s["scoreMaximum"]) for s in lms.scores] == [(3.0, 3.0)]
