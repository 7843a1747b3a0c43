"""Typed access to one positioned YAML file that records every problem instead of stopping."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from .problems import Problem
from .yamlpos import Path, PositionedDoc

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
OPTION_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,15}$")
_MISSING = object()
T = TypeVar("T")


def describe(path: Path) -> str:
    """`quiz.questions[2].options` style, for messages."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


_BOOL_HINT = " (YAML reads yes/no/on/off as true/false: quote it)"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


class FileReader:
    """Reads values out of one YAML document; each accessor returns None and records a problem
    when the value is missing or of the wrong type, so one pass reports every error."""

    def __init__(self, file: str, doc: PositionedDoc, problems: list[Problem]) -> None:
        self.file = file
        self.doc = doc
        self.problems = problems

    def error(self, path: Path, message: str, *, key: bool = False) -> None:
        pos = self.doc.where(path, key=key)
        self.problems.append(Problem(self.file, pos.line, pos.col, message))

    def get(self, path: Path) -> Any:
        value: Any = self.doc.data
        for part in path:
            if isinstance(part, int):
                if not isinstance(value, list) or part >= len(value):
                    return _MISSING
            elif not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value

    def mapping(self, path: Path, required: Iterable[str], optional: Iterable[str] = ()) -> bool:
        """Check that `path` is a mapping with the required keys and no unknown ones."""
        value = self.get(path)
        if value is _MISSING:  # the parent mapping already said the key is missing
            return False
        if not isinstance(value, dict):
            self.error(path, f"{describe(path)} must be a mapping, found {_type_name(value)}")
            return False
        required = list(required)
        known = required + list(optional)
        unused = [k for k in known if k not in value]
        suggested = set()
        for key in value:
            if key not in known:
                hint = difflib.get_close_matches(str(key), unused or known, n=1, cutoff=0.6)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                suggested.update(hint)
                self.error((*path, key), f"unknown key '{key}' in {describe(path)}{suggestion}",
                           key=True)
        for key in required:
            if key not in value and key not in suggested:  # a misspelling is reported once
                self.error(path, f"{describe(path)} is missing required key '{key}'")
        return True

    def text(self, path: Path, *, required: bool = True, default: str = "") -> str | None:
        value = self.get(path)
        if value is _MISSING or value is None:
            if required and value is None:
                self.error(path, f"{describe(path)} must not be empty")
            return None if required else default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            hint = _BOOL_HINT if isinstance(value, bool) else ""
            self.error(path, f"{describe(path)} must be text, found {_type_name(value)}{hint}")
            return None
        value = str(value).strip()
        if required and not value:
            self.error(path, f"{describe(path)} must not be empty")
            return None
        return value

    def ident(self, path: Path, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
        value = self.get(path)
        if value is _MISSING:
            return None
        if isinstance(value, bool):
            self.error(path, f"{describe(path)} must be an id, found true/false{_BOOL_HINT}")
            return None
        if not isinstance(value, str) or not pattern.match(value):
            rule = ("lowercase letters, digits, '-' and '_', at most 16 characters"
                    if pattern is OPTION_ID_PATTERN else
                    "lowercase letters, digits and '-', at most 64 characters")
            self.error(path, f"{describe(path)} '{value}' is not a valid id ({rule}, "
                             "starting with a letter or digit)")
            return None
        return value

    def choice(self, path: Path, allowed: Iterable[str]) -> str | None:
        value = self.get(path)
        allowed = list(allowed)
        if value is _MISSING:
            return None
        if value not in allowed:
            hint = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            self.error(path, f"{describe(path)} '{value}' is not one of: "
                             f"{', '.join(allowed)}{suggestion}")
            return None
        return str(value)

    def integer(self, path: Path, low: int, high: int, default: int | None = None) -> int | None:
        value = self.get(path)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(path, f"{describe(path)} must be a whole number, found {_type_name(value)}")
            return None
        if not low <= value <= high:
            self.error(path, f"{describe(path)} must be between {low} and {high}, found {value}")
            return None
        return value

    def boolean(self, path: Path, default: bool) -> bool:
        value = self.get(path)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.error(path, f"{describe(path)} must be true or false, found {_type_name(value)}")
            return default
        return value

    def items(self, path: Path, *, min_items: int = 0) -> list[Path]:
        """The paths of a list's items (empty, with a problem, when it is not a list)."""
        value = self.get(path)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.error(path, f"{describe(path)} must be a list, found {_type_name(value)}")
            return []
        if len(value) < min_items:
            self.error(path, f"{describe(path)} needs at least {min_items} item(s), "
                             f"found {len(value)}")
        return [(*path, i) for i in range(len(value))]


def known(values: Sequence[T | None]) -> list[T] | None:
    """All of `values` when none is None (each None stands for a problem already recorded);
    None otherwise."""
    out = [v for v in values if v is not None]
    return out if len(out) == len(values) else None
