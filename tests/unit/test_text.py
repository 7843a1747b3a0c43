"""The shared text rules: whole numbers from URLs and forms, labels from slugs, excerpts."""

import pytest

from quizapp.text import excerpt, slug_label, whole_number


@pytest.mark.parametrize(("text", "digits", "number"), [
    ("0", 9, 0), ("42", 9, 42), ("123456789", 9, 123456789), ("1234567890", 9, None),
    ("1234567890", 12, 1234567890), ("", 9, None), ("-1", 9, None), ("+1", 9, None),
    (" 1", 9, None), ("1.0", 9, None), ("²", 9, None), ("١٢", 9, None),
])
def test_whole_number(text, digits, number):
    assert whole_number(text, digits) == number


def test_slug_label():
    assert slug_label("reduction-of-risk-potential") == "Reduction of risk potential"


@pytest.mark.parametrize(("markdown", "limit", "shown"), [
    ("A **short** stem.", 40, "A short stem."),
    ("One  two\nthree `four` five", 14, "One two…"),
    ("> Quoted _stem_ # here", 40, "Quoted stem here"),
    ("abcdefghij", 5, "abcd…"),
])
def test_excerpt(markdown, limit, shown):
    assert excerpt(markdown, limit) == shown
    assert len(excerpt(markdown, limit)) <= limit
