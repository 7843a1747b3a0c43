"""A lesson page lists its references and says what each section rests on."""

from quizapp.content import load_bank
from quizapp.services.authoring import importer
from tests.unit.test_references import LESSON, _bank


def test_lesson_page_lists_references_and_each_section_cites_them(app, client, auth, make_user,
                                                                   tmp_path):
    with app.app_context():
        bank, problems = load_bank(_bank(tmp_path, LESSON))
        assert problems == []
        importer.import_bank(bank, problems)
    make_user(username="amal")
    auth.login("amal")
    page = client.get("/modules/m/lessons/basics").get_data(as_text=True)
    refs = page[page.index('id="references-heading"'):]
    assert refs.index('id="ref-nice-ng220" value="1"') < refs.index('id="ref-thompson-2018"')
    assert "NICE. <cite>Multiple sclerosis in adults: management</cite>. 2022." in refs
    assert 'href="https://doi.org/10.1016/S1474-4422(17)30470-2"' in refs
    assert "Thompson AJ, et al. <cite>" in refs  # no second full stop after "et al."
    one = page[page.index('id="section-one"'):page.index('id="section-two"')]
    assert "the source article, section “Intro”" in one
    assert '<a href="#ref-thompson-2018" aria-label="reference 2">[2]</a>' in one
    two = page[page.index('id="section-two"'):page.index('id="references-heading"')]
    assert '[1]</a> (beyond the source article).' in two
