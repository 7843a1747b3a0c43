"""Parsers for typed answers: numeric (dosage calculation) and short_text."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..model import Detail
from ..reader import FileReader, describe
from ..yamlpos import Path
from .common import Built


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def numeric(r: FileReader, path: Path) -> Built:
    """`key` is the target number; `tolerance` a number (absolute) or "N%" (of the key)."""
    target = _decimal(r.get((*path, "key")))
    if target is None:
        r.error((*path, "key"), f"{describe((*path, 'key'))} must be a number, like 2.5")
    tolerance: Decimal | None = Decimal(0)
    kind = "absolute"
    raw = r.get((*path, "tolerance"))
    if isinstance(raw, str) and raw.strip().endswith("%"):
        raw, kind = raw.strip()[:-1], "percent"
    if "tolerance" in r.get(path):
        tolerance = _decimal(raw)
        if tolerance is None or tolerance < 0:
            r.error((*path, "tolerance"), "tolerance must be a number of at least 0 (like 0.05) "
                                          "or a percentage of the key (like \"5%\")")
            tolerance = None
    unit = r.text((*path, "unit"), required=False) or ""
    rationale = r.text((*path, "rationale"))
    if len(unit) > 20:
        r.error((*path, "unit"), "unit must be short (at most 20 characters), like mL or mg")
        return None
    if target is None or tolerance is None or rationale is None:
        return None
    # Plain notation: "1000", never "1E+3".
    detail = Detail(unit=unit, tolerance=format(tolerance, "f"), tolerance_kind=kind,
                    rationale=rationale)
    return (), (format(target, "f"),), False, detail


def short_text(r: FileReader, path: Path) -> Built:
    """`key` is the accepted answer, or a list of them; matched after normalisation."""
    kpath = (*path, "key")
    raw = r.get(kpath)
    values = raw if isinstance(raw, list) else [raw]
    case_sensitive = r.boolean((*path, "case_sensitive"), False)
    accepted: list[str] = []
    for i, value in enumerate(values):
        vpath = (*kpath, i) if isinstance(raw, list) else kpath
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            r.error(vpath, f"{describe(vpath)} must be an accepted answer (text)")
        elif not any(ch.isalnum() for ch in str(value)) or len(str(value)) > 200:
            r.error(vpath, f"{describe(vpath)} must be 1 to 200 characters, with a letter or "
                           "digit")
        else:
            accepted.append(str(value).strip())
    if not values:
        r.error(kpath, f"{describe(kpath)} must list at least one accepted answer")
    rationale = r.text((*path, "rationale"))
    if len(accepted) != len(values) or rationale is None:
        return None
    return (), tuple(accepted), False, Detail(case_sensitive=case_sensitive, rationale=rationale)
