"""The YAML loader: a bank parses into frozen objects; problems carry file:line:col."""

from pathlib import Path

import pytest

from quizapp.content import load_bank
from quizapp.content.figures import check_svg
from quizapp.content.model import Question
from quizapp.content.yamlpos import load_positioned
from tests.helpers.authoring import copy_bank, edit

BANK = Path(__file__).parent.parent / "data" / "bank"


def test_demo_bank_parses_into_frozen_objects():
    bank, problems = load_bank(BANK)
    assert problems == []
    (module,) = bank.modules
    assert module.id == "demo"
    assert [lesson.id for lesson in module.lessons] == ["basics", "more"]
    assert [q.id for q in module.quizzes[0].questions] == [
        "basics-count", "basics-check", "basics-purpose"]
    check = module.quizzes[0].questions[1]
    assert check.type == "select_all" and check.key == ("a", "b", "d")
    assert check.scoring == "plus_minus"
    assert module.quizzes[1].questions[1].scoring == "all_or_nothing"
    tf = module.quizzes[0].questions[2]
    assert [o.id for o in tf.options] == ["true", "false"] and tf.key == ("true",)
    assert tf.shuffle is False
    assert module.final_exam.draw_per_lesson == 2
    with pytest.raises(AttributeError):
        check.key = ("a",)  # frozen


def test_snapshot_round_trip_and_stable_hash():
    bank, _ = load_bank(BANK)
    for q in bank.questions():
        again = Question.from_snapshot(q.to_snapshot())
        assert again == q
        assert again.content_hash() == q.content_hash()
    hashes = {q.content_hash() for q in bank.questions()}
    assert len(hashes) == len(bank.questions())


def test_positions_are_one_based_line_and_column():
    doc = load_positioned("a: 1\nb:\n  - x: 2\n")
    assert doc.where(("b", 0, "x")).line == 3
    assert doc.where(("b", 0, "x")).col == 8
    assert doc.where(("b", 0, "x"), key=True).col == 5


@pytest.mark.parametrize("old, new, expected", [
    ("      key: b\n", "      key: z\n",
     "01-basics.yaml:41:12: key 'z' names no option of quiz.questions[0] (options: a, b, c)"),
    ("      source: parts\n", "      source: nowhere\n",
     "01-basics.yaml:42:15: source 'nowhere' is not a section of lesson 'basics'"),
    ("      difficulty: easy\n", "      dificulty: easy\n",
     "01-basics.yaml:43:7: unknown key 'dificulty' in quiz.questions[0] "
     "(did you mean 'difficulty'?)"),
    ("  pass_mark: 50\n", "  pass_mark: 150\n",
     "01-basics.yaml:32:14: quiz.pass_mark must be between 0 and 100, found 150"),
    ("      key: [a, b, d]\n", "      key: []\n",
     "01-basics.yaml:54:12: quiz.questions[1] has an empty key: a select_all needs at least "
     "one correct option"),
    ("        - {id: c, text: Four, rationale: Too many; the demo is made of three parts.}\n",
     "        - {id: c, text: Four, rationale: ''}\n",
     "01-basics.yaml:40:42: quiz.questions[0].options[2].rationale must not be empty"),
])
def test_each_mistake_is_reported_where_it_is(tmp_path, old, new, expected):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "01-basics.yaml", old, new, first=True)
    _, problems = load_bank(bank)
    rendered = [str(p).split("demo/", 1)[1] for p in problems]
    assert expected in " | ".join(rendered), rendered


def test_every_problem_is_reported_at_once(tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "01-basics.yaml", "      key: b\n", "      key: z\n")
    edit(bank / "demo" / "02-more.yaml", "      source: detail\n", "      source: nope\n",
         first=True)
    (bank / "demo" / "03-broken.yaml").write_text("lesson: [unclosed\n")
    _, problems = load_bank(bank)
    files = {Path(p.file).name for p in problems}
    assert files == {"01-basics.yaml", "02-more.yaml", "03-broken.yaml"}
    syntax = next(p for p in problems if p.file.endswith("03-broken.yaml"))
    assert (syntax.line, syntax.message.startswith("YAML syntax error")) == (2, True)


def test_duplicate_question_ids_across_files_are_reported_with_both_places(tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "02-more.yaml", "    - id: more-detail\n", "    - id: basics-count\n")
    _, problems = load_bank(bank)
    messages = [p.message for p in problems]
    assert sum("duplicate question id 'basics-count'" in m for m in messages) == 2


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


@pytest.mark.parametrize("svg, message", [
    (f'{SVG}<title>t</title><script>x()</script></svg>', "<script> element"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><title>t</title></svg>',
     "attribute 'onload' on <svg>"),
    (f'{SVG}<title>t</title><a href="https://e.x">x</a></svg>', "<a> element"),
    # SMIL animation that turns a harmless element into a javascript: link
    (f'{SVG}<title>t</title><text>x<set attributeName="href" to="javascript:alert(1)"/></text>'
     '</svg>', "<set> element"),
    (f'{SVG}<title>t</title><rect><animate attributeName="href" values="javascript:x()"/>'
     '</rect></svg>', "<animate> element"),
    (f'{SVG}<title>t</title><rect xlink:href="javascript:x()"/></svg>', "attribute 'href'"),
    (f'{SVG}<title>t</title><rect style="fill: url(https://e.x/track.svg#g)"/></svg>',
     "refers outside itself in 'style': url(https://e.x/track.svg#g"),
    (f'{SVG}<title>t</title><rect fill="url( \'//e.x/p#g\' )"/></svg>',
     "refers outside itself in 'fill'"),
    (f'{SVG}<title>t</title><style>rect {{ fill: URL("http://e.x/a") }}</style></svg>',
     "refers outside itself in <style>"),
    (f'{SVG}<title>t</title><style>@import "http://e.x/a.css";</style></svg>', "@import"),
    (f'{SVG}<title>t</title><style>rect {{ background: u\\72l(http://e.x) }}</style></svg>',
     "a backslash escape"),
    (f'{SVG}<title>t</title><rect style="background: image-set(\'http://e.x/a.png\' 1x)"/>'
     '</svg>', "image-set("),
    (f'{SVG}<title>t</title><h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></svg>',
     "another XML namespace"),
    (f'{SVG}<title>t</title><foreignObject/></svg>', "<foreignobject> element"),
    (f'{SVG}<rect/></svg>', "needs a <title>"),
    ('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', "DOCTYPE"),
])
def test_unsafe_figures_are_refused(tmp_path, svg, message):
    bank = copy_bank(tmp_path)
    (bank / "demo" / "figures" / "parts.svg").write_text(svg)
    _, problems = load_bank(bank)
    assert any(message in p.message for p in problems), [p.message for p in problems]


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    _, problems = load_bank(tmp_path / "nothing-here")
    assert problems[0].message == "no such file or folder"


def test_quiz_mode_defaults_to_test_and_accepts_practice(tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "01-basics.yaml", "  pass_mark: 50\n",
         "  pass_mark: 50\n  mode: practice\n")
    loaded, problems = load_bank(bank)
    assert problems == []
    assert [q.mode for q in loaded.modules[0].quizzes] == ["practice", "test"]


def test_unknown_quiz_mode_is_reported_with_its_position(tmp_path):
    bank = copy_bank(tmp_path)
    edit(bank / "demo" / "01-basics.yaml", "  pass_mark: 50\n", "  pass_mark: 50\n  mode: exam\n")
    loaded, problems = load_bank(bank)
    (problem,) = problems
    assert problem.file.endswith("01-basics.yaml") and (problem.line, problem.col) == (33, 9)
    assert "'exam' is not one of: test, practice" in problem.message
    assert loaded.modules == ()


def test_a_figure_of_allowed_parts_with_internal_references_is_accepted():
    svg = (f'{SVG}<title>t</title><desc>d</desc><defs><linearGradient id="g"><stop offset="0" '
           'stop-color="#fff"/></linearGradient><marker id="m" refX="1" refY="1" '
           'markerWidth="2" markerHeight="2" orient="auto"><path d="M0 0L2 1z"/></marker>'
           '</defs><style>.a { fill: url(#g) }</style><g role="img" aria-labelledby="x">'
           '<rect class="a" fill="url( #g )" style="stroke: url(\'#g\')" width="5"/>'
           '<line marker-end="url(#m)" x1="0" y1="0" x2="5" y2="5"/>'
           '<text xml:lang="en" x="1" y="1">Text <tspan>more</tspan></text></g></svg>')
    assert check_svg(svg, "ok.svg") is None
