"""Problems in the YAML of each item type are reported as file:line:col with what is wrong."""

from __future__ import annotations

import pytest

from quizapp.content import load_bank
from tests.helpers.items import parse

OPTS = """
options:
  - {id: a, text: A, rationale: r}
  - {id: b, text: B, rationale: r}
  - {id: c, text: C, rationale: r}
"""


@pytest.mark.parametrize(("text", "where", "message"), [
    ("id: q\ntype: select_n\nstem: s\nselect: 2\nkey: [a]" + OPTS,
     "5:6", "asks for 2 choices but the key has only 1"),
    ("id: q\ntype: select_n\nstem: s\nselect: 3\nkey: [a, b, c]" + OPTS,
     "5:6", "needs at least one wrong option"),
    ("id: q\ntype: select_n\nstem: s\nkey: [a]" + OPTS,
     "1:1", "missing required key 'select'"),
    ("id: q\ntype: ordered_response\nstem: s\nkey: [a, b]" + OPTS,
     "4:6", "must place every item; missing: c"),
    ("id: q\ntype: ordered_response\nstem: s\nkey: [a, b, b]" + OPTS,
     "4:6", "lists 'b' twice"),
    ("id: q\ntype: matching\nstem: s\noptions: [{id: x, text: X}, {id: y, text: Y}]\n"
     "items:\n  - {id: one, text: One, key: z, rationale: r}\n"
     "  - {id: two, text: Two, key: x, rationale: r}",
     "6:31", "names 'z', which is not one of the options (x, y)"),
    ("id: q\ntype: matching\nstem: s\noptions: [{id: x, text: X}, {id: y, text: Y}]\n"
     "items:\n  - {id: one, text: One, key: x, rationale: r}\n"
     "  - {id: one, text: Two, key: x, rationale: r}",
     "7:10", "duplicate item id 'one'"),
    ("id: q\ntype: matrix_multiple_choice\nstem: s\n"
     "columns: [{id: yes, text: Y}, {id: n, text: N}]\n"
     "rows: [{id: r, text: R, key: n, rationale: r}, {id: s, text: S, key: n, rationale: r}]",
     "4:16", "YAML reads yes/no/on/off as true/false: quote it"),
    ("id: q\ntype: matrix_multiple_choice\nstem: s\n"
     "columns: [{id: y, text: Y}, {id: n, text: N}]\n"
     "rows: [{id: r, text: R, key: [y, n], rationale: r}, {id: s, text: S, key: n, "
     "rationale: r}]",
     "5:30", "must be one column id"),
    ("id: q\ntype: matrix_multiple_response\nstem: s\n"
     "columns: [{id: y, text: Y}, {id: n, text: N}]\n"
     "rows: [{id: r, text: R, key: [y], rationale: r}, {id: s, text: S, key: [], "
     "rationale: r}]",
     "4:10", "column 'n' is not in any row's key"),
    ("id: q\ntype: drop_down_cloze\nstem: s\npassage: The {{ one }} and {{ two }}.\n"
     "blanks:\n  - {id: one, key: a, rationale: r, options: [{id: a, text: A}, "
     "{id: b, text: B}]}",
     "4:10", "has the slot '{{ two }}' but no blank has the id 'two'"),
    ("id: q\ntype: drop_down_cloze\nstem: s\npassage: The blank is missing.\n"
     "blanks:\n  - {id: one, key: a, rationale: r, options: [{id: a, text: A}, "
     "{id: b, text: B}]}",
     "4:10", "blank 'one' must appear once"),
    ("id: q\ntype: drop_down_rationale\nstem: s\npassage: Do {{ one }}.\n"
     "blanks:\n  - {id: one, key: a, rationale: r, options: [{id: a, text: A}, "
     "{id: b, text: B}]}",
     "6:3", "blanks has 1 blank(s); it needs 2"),
    ("id: q\ntype: highlight\nstem: s\npassage: '{{ a }} and {{ b }}'\nkey: [a, b]\n"
     "phrases: [{id: a, text: A, rationale: r}, {id: b, text: B, rationale: r}]",
     "5:6", "needs at least one phrase that is not keyed"),
    ("id: q\ntype: highlight\nstem: s\npassage: '{{ a }} and {{ a }}'\nkey: [a]\n"
     "phrases: [{id: a, text: A, rationale: r}, {id: b, text: B, rationale: r}]",
     "4:10", "phrase 'a' must appear once"),
    ("id: q\ntype: bow_tie\nstem: s\n"
     "condition: {key: c1, options: [{id: c1, text: C, rationale: r}, "
     "{id: c2, text: D, rationale: r}]}\n"
     "actions: {key: [a1], options: [{id: a1, text: A, rationale: r}, "
     "{id: a2, text: B, rationale: r}, {id: a3, text: C, rationale: r}]}\n"
     "parameters: {key: [p1, p2], options: [{id: p1, text: A, rationale: r}, "
     "{id: p2, text: B, rationale: r}, {id: p3, text: C, rationale: r}]}",
     "5:16", "the bow-tie's actions key needs exactly 2 ids, found 1"),
    ("id: q\ntype: bow_tie\nstem: s\n"
     "condition: {key: c1, options: [{id: c1, text: C, rationale: r}, "
     "{id: c2, text: D, rationale: r}]}\n"
     "actions: {key: [a1, a2], options: [{id: a1, text: A, rationale: r}, "
     "{id: a2, text: B, rationale: r}, {id: a3, text: C, rationale: r}]}",
     "1:1", "missing required key 'parameters'"),
    ("id: q\ntype: numeric\nstem: s\nkey: two\nrationale: r",
     "4:6", "must be a number, like 2.5"),
    ("id: q\ntype: numeric\nstem: s\nkey: 2\ntolerance: -1\nrationale: r",
     "5:12", "tolerance must be a number of at least 0"),
    ("id: q\ntype: numeric\nstem: s\nkey: 2\ntolerance: lots%\nrationale: r",
     "5:12", "or a percentage of the key"),
    ("id: q\ntype: short_text\nstem: s\nkey: [furosemide, '...']\nrationale: r",
     "4:19", "must be 1 to 200 characters, with a letter or digit"),
    ("id: q\ntype: select_all\nstem: s\nkey: [a]\nscoring: dyad" + OPTS,
     "5:10", "'dyad' is not one of: plus_minus, all_or_nothing"),
])
def test_item_problems_say_what_and_where(text, where, message):
    question, problems = parse(text)
    assert question is None
    found = [f"{p.line}:{p.col}: {p.message}" for p in problems]
    assert any(f.startswith(where) and message in f for f in found), found


def test_a_misspelt_type_key_gets_a_suggestion():
    _, problems = parse("id: q\ntype: short_text\nstem: s\nkey: furosemide\nrationale: r\n"
                        "case_sensitve: true")
    assert [str(p) for p in problems] == [
        "item.yaml:6:1: unknown key 'case_sensitve' in document (did you mean "
        "'case_sensitive'?)"]


LESSON = """
lesson:
  id: l
  title: L
  objectives: [Know it.]
  sections:
    - {id: s, heading: S, article: General care, body: Text.}
quiz:
  id: l-quiz
  title: Q
  questions:
{questions}
"""



def tf(qid: str, indent: int, source: str = "s") -> str:
    """A true/false item as a list entry, indented by `indent` spaces."""
    pad = " " * indent
    return (f"{pad}- id: {qid}\n{pad}  type: true_false\n{pad}  stem: A statement.\n"
            f"{pad}  key: true\n{pad}  rationale: {{'true': Yes., 'false': No.}}\n"
            f"{pad}  source: {source}\n{pad}  difficulty: easy\n{pad}  bloom: remember\n"
            f"{pad}  client_need: management-of-care\n")


def case(cid: str, *ids: str, source: str = "s") -> str:
    return ("    - case:\n"
            f"        id: {cid}\n        title: T\n        scenario: A scenario.\n"
            "        questions:\n" + "".join(tf(i, 10, source) for i in ids))


def _bank(tmp_path, questions: str):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "module.yaml").write_text("id: m\ntitle: M\n")
    (folder / "01-l.yaml").write_text(LESSON.replace("{questions}", questions))
    return load_bank(folder)


def test_a_case_parses_with_its_items_in_place(tmp_path):
    bank, problems = _bank(tmp_path, tf("q1", 4) + case("c1", "q2", "q3"))
    assert not problems, [str(p) for p in problems]
    questions = bank.questions()
    assert [q.id for q in questions] == ["q1", "q2", "q3"]
    assert questions[0].case is None and questions[1].case.scenario == "A scenario."


def test_case_problems_are_located(tmp_path):
    _, problems = _bank(tmp_path, case("c1", "q1", "q2", source="nowhere")
                        + case("c1", "q3", "q4") + case("c2", "q5"))
    messages = [str(p) for p in problems]
    assert any("source 'nowhere' is not a section" in m and ":22:21:" in m for m in messages)
    assert any("duplicate case id 'c1'" in m for m in messages)
    assert any("questions needs at least 2 item(s), found 1" in m for m in messages)


def test_a_case_needs_a_scenario(tmp_path):
    text = case("c1", "q1", "q2").replace("        scenario: A scenario.\n", "")
    _, problems = _bank(tmp_path, text)
    assert any("missing required key 'scenario'" in str(p) for p in problems)


CLOZE = ("id: q\ntype: drop_down_cloze\nstem: s\npassage: {passage}\n"
         "blanks:\n  - {{id: one, key: a, rationale: r, options: [{{id: a, text: A}}, "
         "{{id: b, text: B}}]}}")
HIGHLIGHT = ("id: q\ntype: highlight\nstem: s\npassage: {passage}\nkey: [one]\n"
             "phrases: [{{id: one, text: A, rationale: r}}, {{id: two, text: B, rationale: r}}]")


@pytest.mark.parametrize("passage", [
    "'See [the chart](https://e.x/c \"{{ one }}\") and {{ two }}.'",  # a link title
    "'See [the chart](https://e.x/{{ one }}) and {{ two }}.'",  # a link address
    "'An image ![{{ one }}](https://e.x/i.png) and {{ two }}.'",  # an image's alt text
    "'<https://e.x/{{ one }}> and {{ two }}'",  # an autolink
    "'[{{ one }}](https://e.x/) and {{ two }}'",  # a link's text
])
@pytest.mark.parametrize("template", [CLOZE, HIGHLIGHT], ids=["cloze", "highlight"])
def test_a_slot_anywhere_but_the_text_is_refused(template, passage):
    if template is CLOZE:
        passage = passage.replace(" and {{ two }}", "")
    question, problems = parse(template.format(passage=passage))
    assert question is None
    messages = [f"{p.line}:{p.col}: {p.message}" for p in problems]
    assert any(m.startswith("4:10") and "'{{ one }}'" in m and "is not in the text" in m
               for m in messages), messages


@pytest.mark.parametrize("passage", [
    "'The *{{ one }}* and **{{ two }}** in a [link](https://e.x/) sentence.'",
    "'`{{ one }}` then {{ two }}'",
    "'- {{ one }}\n\n- {{ two }}'",
])
def test_slots_in_text_emphasis_lists_and_code_are_accepted(passage):
    question, problems = parse(HIGHLIGHT.format(passage=passage))
    assert problems == [] and question is not None
