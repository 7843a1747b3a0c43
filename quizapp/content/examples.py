"""A question's `examples:`: worked responses with the points each must score.

Here we only read their shape (the type registry says which shape a type checks when read;
the others are left to the grader). Scoring them with the real grader happens in
content/validation.py, for `quiz validate` and `quiz import`.
"""

from __future__ import annotations

from typing import Any

from .model import Example
from .reader import FileReader, describe
from .types import TYPES
from .yamlpos import Path

MAX_EXAMPLE_SCORE = 1000


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def parse_examples(r: FileReader, path: Path, qtype: str) -> tuple[Example, ...]:
    """Read `examples:` under the question at `path` (problems recorded; bad ones skipped)."""
    examples: list[Example] = []
    shape = TYPES[qtype].example if qtype in TYPES else ""
    for epath in r.items((*path, "examples")):
        if not r.mapping(epath, ("response", "score")):
            continue
        response, rpath = r.get((*epath, "response")), (*epath, "response")
        score = r.integer((*epath, "score"), 0, MAX_EXAMPLE_SCORE)
        if "response" not in r.get(epath):
            continue
        if shape == "bool" and not (isinstance(response, bool) or _is_id_list(response)):
            r.error(rpath, f"{describe(rpath)} of a {qtype} question must be true or false")
            continue
        if shape == "ids" and not _is_id_list(response):
            r.error(rpath, f"{describe(rpath)} must be a list of option ids, like [a, c]")
            continue
        if score is None:
            continue
        pos = r.doc.where(epath)
        examples.append(Example(_frozen(response), score, pos.line, pos.col))
    return tuple(examples)


def _is_id_list(value: Any) -> bool:
    # Other question types may answer in other shapes; their graders check those.
    return value is None or (isinstance(value, list) and all(isinstance(v, str) for v in value))
