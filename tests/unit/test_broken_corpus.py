"""The broken-content corpus: one folder per authoring mistake under tests/data/broken/, each
with the exact `file:line:col: message` lines that `quiz validate` must print for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.content import ContentError
from quizapp.content.validation import validate_bank
from quizapp.services.authoring.importer import import_bank

BROKEN = Path(__file__).parent.parent / "data" / "broken"

EXPECTED: list[tuple[str, list[str]]] = [
    ('difficulty-not-allowed', [
        ("01-basics.yaml:31:19: quiz.questions[0].difficulty 'moderate' is not one of: easy, "
         'medium, hard'),
    ]),
    ('duplicate-option-id', [
        "01-basics.yaml:26:15: duplicate option id 'b' in quiz.questions[0]",
    ]),
    ('duplicate-question-id', [
        "01-basics.yaml:16:7: duplicate question id 'q-count' (also at 02-more.yaml:16)",
        "02-more.yaml:16:7: duplicate question id 'q-count' (also at 01-basics.yaml:16)",
    ]),
    ('duplicate-section-id', [
        "01-basics.yaml:11:11: duplicate section id 'parts' in lesson 'basics'",
    ]),
    ('duplicate-yaml-key', [
        "01-basics.yaml:30:7: duplicate key 'key'",
    ]),
    ('empty-file', [
        '01-basics.yaml:1:1: file is empty',
    ]),
    ('empty-rationale', [
        '01-basics.yaml:28:22: quiz.questions[0].options[2].rationale must not be empty',
    ]),
    ('example-bad-shape', [
        ('01-basics.yaml:35:21: quiz.questions[0].examples[0].response must be a list of '
         'option ids, like [a, c]'),
        ('01-basics.yaml:36:18: quiz.questions[0].examples[0].score must be a whole number, '
         'found text'),
        "01-basics.yaml:37:11: quiz.questions[0].examples[1] is missing required key 'score'",
    ]),
    ('example-score-mismatch', [
        ('01-basics.yaml:48:11: example response [a, c] scores 0 of 2 under plus_minus, but '
         'the example expects 1'),
    ]),
    ('example-true-false-not-boolean', [
        ('01-basics.yaml:46:22: quiz.questions[1].examples[0].response of a true_false '
         'question must be true or false'),
        ('01-basics.yaml:47:11: example response false scores 0 of 1 under zero_one, but the '
         'example expects 1'),
    ]),
    ('example-unknown-option', [
        ("01-basics.yaml:35:11: example response [d] cannot be scored: question 'q-count' has "
         'no option d'),
    ]),
    ('figure-file-missing', [
        "01-basics.yaml:12:15: figure file 'figures/parts.svg' does not exist",
    ]),
    ('final-exam-draws-too-many', [
        "module.yaml:4:1: final exam draws 3 per lesson but quiz 'basics-quiz' has only 1",
    ]),
    ('invalid-question-id', [
        ("01-basics.yaml:16:11: quiz.questions[0].id 'Q_Count' is not a valid id (lowercase "
         "letters, digits and '-', at most 64 characters, starting with a letter or digit)"),
    ]),
    ('key-is-empty', [
        '01-basics.yaml:29:11: quiz.questions[0].key is empty: name the correct option id',
    ]),
    ('key-names-no-option', [
        "01-basics.yaml:29:12: key 'e' names no option of quiz.questions[0] (options: a, b, c)",
    ]),
    ('lesson-file-ends-in-yml', [
        '02-more.yml:1:1: warning: ignored: lesson files end in .yaml',
    ]),
    ('lesson-missing', [
        "01-basics.yaml:1:1: document is missing required key 'lesson'",
    ]),
    ('missing-question-id', [
        "01-basics.yaml:16:7: quiz.questions[0] is missing required key 'id'",
    ]),
    ('missing-rationale-value', [
        '01-basics.yaml:28:21: quiz.questions[0].options[2].rationale must not be empty',
    ]),
    ('module-missing-title', [
        "module.yaml:1:1: document is missing required key 'title'",
    ]),
    ('no-questions', [
        '01-basics.yaml:15:14: quiz.questions needs at least 1 item(s), found 0',
    ]),
    ('not-utf8', [
        '01-basics.yaml:1:1: file is not UTF-8 text (invalid continuation byte)',
    ]),
    ('one-option-only', [
        '01-basics.yaml:20:9: quiz.questions[0].options needs at least 2 item(s), found 1',
    ]),
    ('option-text-read-as-boolean', [
        ('01-basics.yaml:27:17: quiz.questions[0].options[2].text must be text, found '
         'true/false (YAML reads yes/no/on/off as true/false: quote it)'),
    ]),
    ('pass-mark-not-a-number', [
        '01-basics.yaml:14:14: quiz.pass_mark must be a whole number, found text',
    ]),
    ('pass-mark-out-of-range', [
        '01-basics.yaml:14:14: quiz.pass_mark must be between 0 and 100, found 170',
    ]),
    ('scoring-not-for-type', [
        "01-basics.yaml:30:16: quiz.questions[0].scoring 'plus_minus' is not one of: zero_one",
    ]),
    ('select-all-key-twice', [
        "01-basics.yaml:41:19: key lists option 'a' twice",
    ]),
    ('select-all-key-unknown-item', [
        "01-basics.yaml:41:16: key 'x' names no option of quiz.questions[1] (options: a, b, c)",
    ]),
    ('select-all-no-correct-option', [
        ('01-basics.yaml:41:12: quiz.questions[1] has an empty key: a select_all needs at '
         'least one correct option'),
    ]),
    ('shuffle-not-boolean', [
        '01-basics.yaml:30:16: quiz.questions[0].shuffle must be true or false, found text',
    ]),
    ('single-choice-key-list', [
        ('01-basics.yaml:29:12: quiz.questions[0] is single choice: key must be one option id,'
         ' not a list'),
    ]),
    ('source-not-a-section', [
        "01-basics.yaml:30:15: source 'part' is not a section of lesson 'basics' (sections: parts)",
    ]),
    ('stem-wrong-type', [
        '01-basics.yaml:19:9: quiz.questions[0].stem must be text, found a list',
    ]),
    ('top-level-list', [
        '01-basics.yaml:1:1: document must be a mapping, found a list',
    ]),
    ('true-false-key-text', [
        "01-basics.yaml:37:12: a true_false key must be true or false, found 'yes'",
    ]),
    ('true-false-rationale-missing', [
        '01-basics.yaml:39:9: true_false rationale is missing the "false" entry',
    ]),
    ('unknown-option-key', [
        ("01-basics.yaml:22:11: unknown key 'rational' in quiz.questions[0].options[0] (did "
         "you mean 'rationale'?)"),
    ]),
    ('unknown-question-key', [
        ("01-basics.yaml:31:7: unknown key 'dificulty' in quiz.questions[0] (did you mean "
         "'difficulty'?)"),
    ]),
    ('unknown-question-type', [
        ("01-basics.yaml:17:13: quiz.questions[0].type 'single-choice' is not one of: "
         "single_choice, true_false, select_all, select_n, ordered_response, matching, "
         "drop_down_cloze, drop_down_rationale, matrix_multiple_choice, "
         "matrix_multiple_response, highlight, bow_tie, numeric, short_text "
         "(did you mean 'single_choice'?)"),
    ]),
    ('unknown-top-level-key', [
        "01-basics.yaml:11:1: unknown key 'quizz' in document (did you mean 'quiz'?)",
    ]),
    ('yaml-alias-bomb', [
        ('01-basics.yaml:5:8: YAML syntax error: aliases repeat more than 20000 values '
         '(aliases of aliases?)'),
    ]),
    ('yaml-recursive-alias', [
        '01-basics.yaml:5:7: YAML syntax error: an alias refers to the value that contains it',
    ]),
    ('yaml-tab-indent', [
        "01-basics.yaml:3:1: YAML syntax error: found a tab character; indent with spaces only",
    ]),
    ('yaml-two-documents', [
        ('01-basics.yaml:34:1: YAML syntax error: a file holds one YAML document, but a second'
         " one starts here ('---')"),
    ]),
    ('yaml-unclosed-quote', [
        ('01-basics.yaml:34:1: YAML syntax error: found unexpected end of stream (while '
         'scanning a quoted scalar that starts at line 18, column 13)'),
    ]),
    ('yaml-unsafe-tag', [
        ('01-basics.yaml:10:13: YAML syntax error: unsupported YAML tag '
         "'!!python/object/apply:os.system'; write plain values"),
    ]),
]


# The wording of YAML syntax errors comes from libyaml (PyYAML's C parser, in its wheels).
FROM_LIBYAML = {"yaml-unclosed-quote"}


@pytest.mark.parametrize(("case", "expected"), EXPECTED, ids=[case for case, _ in EXPECTED])
def test_each_mistake_is_reported_where_it_is(case: str, expected: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if case in FROM_LIBYAML and not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml words syntax errors differently")
    monkeypatch.chdir(BROKEN / case)  # messages name files relative to where you run
    bank, problems = validate_bank(".")
    assert [str(p) for p in problems] == expected
    if any(p.severity == "error" for p in problems):
        with pytest.raises(ContentError):  # refused before the database is touched
            import_bank(bank, problems)


def test_the_corpus_covers_at_least_25_mistakes_and_every_folder_has_expectations() -> None:
    folders = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    assert folders == sorted(case for case, _ in EXPECTED)
    assert len(folders) >= 25
