"""Load YAML while remembering where every value came from, so errors can say file:line:col.

PyYAML's composer gives a node tree with marks; we turn it into plain Python values and keep a
map from each value's path (a tuple of keys and indexes) to its 1-based line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]

# Hostile or mistaken files must fail with a message, never hang or crash the validator: YAML
# aliases can expand exponentially ("billion laughs") or refer to themselves, and deep nesting
# exhausts the recursion limit. A lesson file holds a few thousand values.
MAX_ALIAS_VALUES = 20_000  # values built again because an alias repeats them
MAX_DEPTH = 60
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


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
        root = yaml.compose(text, Loader=_DepthLimitedLoader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), Position(1, 1)) from exc
    doc = PositionedDoc(data=None)
    if root is None:
        return doc
    builder = _Builder(doc)
    try:
        doc.data = builder.build(root, (), frozenset())
    except yaml.MarkedYAMLError as exc:  # e.g. an unknown tag such as !!python/object
        raise _syntax_error(exc) from exc
    return doc


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's composer recurses once per nesting level; stop long before Python's limit."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlSyntaxError(f"nesting is deeper than {MAX_DEPTH} levels",
                                      Position(mark.line + 1, mark.column + 1))
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    message = str(exc.problem or exc.context or "invalid YAML")
    context, start = exc.context, exc.context_mark
    if "expected a single document" in str(context or ""):
        message = "a file holds one YAML document, but a second one starts here ('---')"
    elif context and start and exc.problem and (start.line, start.column) != (
            position.line - 1, position.col - 1):
        # e.g. an unclosed quote is found at the end of the file: say where it opened
        message += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return YamlSyntaxError(message, position)


class _Builder:
    """Turns the node tree into plain values, recording positions and counting what it builds."""

    def __init__(self, doc: PositionedDoc) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.repeated = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path, ancestors: frozenset[int]) -> Any:
        if id(node) in ancestors:
            raise YamlSyntaxError("an alias refers to the value that contains it", _pos(node))
        if id(node) in self.seen:
            self.repeated += 1
            if self.repeated > MAX_ALIAS_VALUES:
                raise YamlSyntaxError(f"aliases repeat more than {MAX_ALIAS_VALUES} values "
                                      "(aliases of aliases?)", _pos(node))
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise YamlSyntaxError(f"nesting is deeper than {MAX_DEPTH} levels", _pos(node))
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlSyntaxError(f"unsupported YAML tag '{tag}'; write plain values",
                                  _pos(node))
        doc = self.doc
        doc.values[path] = _pos(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, ancestors | {id(node)})
        if isinstance(node, yaml.SequenceNode):
            inner = ancestors | {id(node)}
            return [self.build(item, (*path, i), inner) for i, item in enumerate(node.value)]
        return self.constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path, ancestors: frozenset[int]) -> dict:
        self.constructor.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = self.constructor.construct_object(key_node, deep=True)
            else:  # a list or mapping used as a key: keep it as text so it can be reported
                key = f"<{key_node.id}>"
            if not isinstance(key, str | int | bool | float) or key is None:
                key = str(key)
            child = (*path, key)
            if key in result:
                self.doc.duplicate_keys.append((child, _pos(key_node)))
            self.doc.keys[child] = _pos(key_node)
            result[key] = self.build(value_node, child, ancestors)
        return result
