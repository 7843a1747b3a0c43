"""Load YAML while remembering where every value came from, so errors can say file:line:col.

PyYAML's composer gives a node tree with marks; we turn it into plain Python values and keep a
map from each value's path (a tuple of keys and indexes) to its 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    col: int


@dataclass
class PositionedDoc:
    """A parsed YAML document with the position of every value and every mapping key."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, Position]] = field(default_factory=list)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The position of the value at `path` (or of its key), else of its nearest parent."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))


class YamlSyntaxError(Exception):
    """YAML that cannot be parsed; carries the position PyYAML reported."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def load_positioned(text: str) -> PositionedDoc:
    """Parse one YAML document safely; raise YamlSyntaxError with a position on bad syntax."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        raise YamlSyntaxError(str(exc.problem or exc.context or "invalid YAML"), position) from exc
    except yaml.YAMLError as exc:  # e.g. several documents in one file
        raise YamlSyntaxError(str(exc), Position(1, 1)) from exc
    doc = PositionedDoc(data=None)
    if root is None:
        return doc
    constructor = yaml.SafeLoader("")
    doc.data = _build(root, (), doc, constructor)
    return doc


def _build(node: yaml.Node, path: Path, doc: PositionedDoc, constructor: yaml.SafeLoader) -> Any:
    doc.values[path] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool | float) or key is None:
                key = str(key)
            child = (*path, key)
            if key in result:
                doc.duplicate_keys.append((child, _pos(key_node)))
            doc.keys[child] = _pos(key_node)
            result[key] = _build(value_node, child, doc, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), doc, constructor) for i, item in enumerate(node.value)]
    return constructor.construct_object(node, deep=True)
