"""Number and date formats for the instructor's pages: undefined values show as an em dash."""

from __future__ import annotations

from datetime import datetime

from ..text import slug_label
from .blueprint import bp

DASH = "—"


@bp.app_template_filter("pct")
def pct(value: float | None, digits: int = 1) -> str:
    """A fraction as a percentage: 0.853 -> '85.3%'."""
    return DASH if value is None else f"{value * 100:.{digits}f}%"


@bp.app_template_filter("pts")
def pts(value: float | None, digits: int = 1) -> str:
    """A number already in percent units: 85.25 -> '85.3%'."""
    return DASH if value is None else f"{value:.{digits}f}%"


@bp.app_template_filter("num")
def num(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


@bp.app_template_filter("when")
def when(value: datetime | None) -> str:
    return DASH if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


@bp.app_template_filter("day")
def day(value: datetime | None) -> str:
    return DASH if value is None else value.strftime("%Y-%m-%d")


@bp.app_template_filter("tag_label")
def tag_label(value: str) -> str:
    """'management-of-care' -> 'Management of care'."""
    return slug_label(value) if value else DASH
