"""Small rules about text that services and views share: a whole number from a URL or a form,
a label from a slug, a line of text (or an excerpt of Markdown) shortened. Pure: no Flask, no
database."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

_MARKUP = re.compile(r"[*_`#>]")


def whole_number(text: str, max_digits: int = 9) -> int | None:
    """The number in `text` when it is ASCII digits only (no sign, no spaces, no "²"), at most
    `max_digits` of them; None otherwise, for the caller to refuse with its own message."""
    if not (text.isascii() and text.isdigit()) or len(text) > max_digits:
        return None
    return int(text)


def slug_label(slug: str) -> str:
    """A slug as a label for a person: 'reduction-of-risk-potential' -> 'Reduction of risk
    potential'."""
    return slug.replace("-", " ").capitalize()


def excerpt(markdown: str, limit: int) -> str:
    """Markdown as one line of plain text, at most `limit` characters, cut at a word with "…"."""
    return shorten(_MARKUP.sub("", markdown), limit)


def shorten(text: str, limit: int) -> str:
    """Text as one line, at most `limit` characters, cut at a word with "…"."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1].rsplit(" ", 1)[0] + "…"


def decimal_text(value: Fraction, places: int = 2) -> str:
    """An exact number for people: `3`, `2.5`, `2.67` (rounded half to even once, from the
    exact value; trailing zeros dropped)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
