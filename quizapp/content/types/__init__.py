"""The newer (NCLEX Next Generation) item types: a parser per type, with the YAML keys each
type requires and allows beside the common ones. `questions.py` merges this registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..reader import FileReader
from ..yamlpos import Path
from . import choice, cloze, entry, grid
from .common import Built


@dataclass(frozen=True)
class TypeSpec:
    """A type's parser, and the YAML keys it requires and allows beside the common ones."""

    parse: Callable[[FileReader, Path], Built]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


TYPES: dict[str, TypeSpec] = {
    "select_n": TypeSpec(choice.select_n, ("options", "key", "select")),
    "ordered_response": TypeSpec(choice.ordered_response, ("options", "key")),
    "highlight": TypeSpec(choice.highlight, ("passage", "phrases", "key")),
    "matching": TypeSpec(grid.matching, ("options", "items")),
    "matrix_multiple_choice": TypeSpec(grid.matrix_multiple_choice, ("columns", "rows")),
    "matrix_multiple_response": TypeSpec(grid.matrix_multiple_response, ("columns", "rows")),
    "drop_down_cloze": TypeSpec(cloze.drop_down_cloze, ("passage", "blanks")),
    "drop_down_rationale": TypeSpec(cloze.drop_down_rationale, ("passage", "blanks")),
    "bow_tie": TypeSpec(cloze.bow_tie, ("condition", "actions", "parameters")),
    "numeric": TypeSpec(entry.numeric, ("key", "rationale"), ("tolerance", "unit")),
    "short_text": TypeSpec(entry.short_text, ("key", "rationale"), ("case_sensitive",)),
}
