"""Plain labels of question parts and the accessible names of drop-downs in a passage."""

from __future__ import annotations

from quizapp.services.questions.labels import blank_names, plain


def test_a_blank_is_named_by_the_sentence_it_completes():
    names = blank_names("MS is **chronic**. The nurse should {{ action }} because steroids "
                        "{{ reason }}.\n\nThen {{ next }}!")
    assert names == {
        "action": "The nurse should … because steroids … (blank 1 of 3)",
        "reason": "The nurse should … because steroids … (blank 2 of 3)",
        "next": "Then …! (blank 3 of 3)",
    }


def test_a_long_sentence_keeps_the_words_nearest_the_blank():
    before = " ".join(f"word{i}" for i in range(40))
    name = blank_names(f"{before} {{{{ x }}}} and then some more words after it.")["x"]
    assert name.startswith("… ") and "word39 … and then some more words after it" in name
    assert len(name) < 170


def test_markup_in_the_passage_is_read_as_text():
    names = blank_names("Give **1 &amp; 2** `mg` {{ dose }} <b>now</b>.")
    assert names["dose"] == "Give 1 & 2 mg … <b>now</b> (blank 1 of 1)"  # escaped on the page
    assert plain("A *b* `c` &lt;d&gt;") == "A b c <d>"
