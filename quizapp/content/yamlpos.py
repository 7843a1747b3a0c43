"""Load YAML while remembering where every value came from, so errors can say file:line:col.

We read PyYAML's event stream (from libyaml when it is installed: about ten times faster than
PyYAML's pure-Python composer) and build plain Python values ourselves, keeping a map from each
value's path (a tuple of keys and indexes) to its 1-based line and column.

Files are untrusted: only plain YAML tags are accepted, and aliases that refer to themselves or
expand exponentially ("billion laughs"), and nesting deep enough to hurt, fail with a position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import yaml

Path = tuple[str | int, ...]

MAX_ALIAS_VALUES = 20_000  # values built again because aliases repeat them
MAX_DEPTH = 60  # a lesson file nests about 8 deep
_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null",
                                               "timestamp")}
_STR = f"{_YAML}str"
_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_resolver = yaml.resolver.Resolver()
_constructor = yaml.SafeLoader("")


class Position(NamedTuple):
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
    """YAML that cannot be parsed or is refused; carries the position of the problem."""

    def __init__(self, message: str, position: Position) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _at(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def load_positioned(text: str) -> PositionedDoc:
    """Parse one YAML document safely; raise YamlSyntaxError with a position on bad syntax."""
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), Position(1, 1)) from exc
    return builder.doc


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    position = _at(mark) if mark else Position(1, 1)
    message = str(exc.problem or exc.context or "invalid YAML")
    context, start = exc.context, exc.context_mark
    lines = text.splitlines()
    here = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
    if "tab" in message or here == "\t":
        message = "found a tab character; indent with spaces only"
    elif context and start and exc.problem and _at(start) != position:
        # e.g. an unclosed quote is found at the end of the file: say where it opened
        message += f" ({context} that starts at line {start.line + 1}, column {start.column + 1})"
    return YamlSyntaxError(message, position)


@dataclass
class _Frame:
    """A sequence or mapping being built."""

    path: Path
    value: Any
    anchor: str | None
    log_start: int
    key: Any = None  # mappings: the key waiting for its value
    key_pos: Position | None = None
    expecting_key: bool = True
    merging: int | None = None  # after a merge key (<<): where its value's positions start
    merges: list[tuple[Path, Any, int, int]] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.doc = PositionedDoc(data=None)
        self.stack: list[_Frame] = []
        self.documents = 0
        self.log: list[tuple[bool, Path, Position]] = []  # (is a key?, path, position)
        self.anchors: dict[str, tuple[Path, Any, int, int]] = {}  # path, value, log slice
        self.open_anchors: set[str] = set()
        self.repeated = 0
        self.skip = 0  # depth inside a list or mapping used as a mapping key

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if self.skip:
            self._skip(event)
        elif isinstance(event, yaml.ScalarEvent):
            self._place(_scalar(event), event, event.anchor)
        elif isinstance(event, yaml.CollectionStartEvent):
            self._open(event)
        elif kind in _ENDS:
            self._close()
        elif isinstance(event, yaml.AliasEvent):
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise YamlSyntaxError("a file holds one YAML document, but a second one starts "
                                      "here ('---')", _at(event.start_mark))

    def _skip(self, event: yaml.Event) -> None:
        if type(event) in _STARTS:
            self.skip += 1
        elif type(event) in _ENDS:
            self.skip -= 1

    def _slot(self, event: yaml.Event) -> Path | None:
        """The path of the node starting now, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return None if top.expecting_key else (*top.path, top.key)

    def _open(self, event: yaml.CollectionStartEvent) -> None:
        kind = "sequence" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
        if event.tag not in (None, "!", f"{_YAML}{'seq' if kind == 'sequence' else 'map'}"):
            raise _bad_tag(event)
        path = self._slot(event)
        if path is None:  # a list or mapping used as a key: keep it as text to report it
            self.skip = 1
            self._key(f"<{kind}>", event)
            return
        if len(self.stack) >= MAX_DEPTH:
            raise YamlSyntaxError(f"nesting is deeper than {MAX_DEPTH} levels",
                                  _at(event.start_mark))
        self._record(False, path, _at(event.start_mark))
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(path, [] if kind == "sequence" else {}, event.anchor,
                                 len(self.log) - 1))

    def _close(self) -> None:
        frame = self.stack.pop()
        if isinstance(frame.value, dict):
            self._merge(frame)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.path, frame.value, frame.log_start, len(self.log))
        self._attach(frame.path, frame.value)

    def _place(self, value: Any, event: yaml.NodeEvent, anchor: str | None) -> None:
        path = self._slot(event)
        if path is None:
            if anchor:
                self.anchors[anchor] = ((), value, 0, 0)
            self._key(value, event)
            return
        self._record(False, path, _at(event.start_mark))
        if anchor:
            self.anchors[anchor] = (path, value, len(self.log) - 1, len(self.log))
        self._attach(path, value)

    def _key(self, key: Any, event: yaml.Event) -> None:
        top = self.stack[-1]
        if not isinstance(key, str | int | bool | float) or key is None:
            key = str(key)
        top.key, top.key_pos, top.expecting_key = key, _at(event.start_mark), False
        if key == "<<" and isinstance(event, yaml.ScalarEvent) and event.implicit[0]:
            top.merging = len(self.log)  # its value is merged when the mapping closes
            return
        if key in top.value:
            self.doc.duplicate_keys.append(((*top.path, key), top.key_pos))
        self._record(True, (*top.path, key), top.key_pos)

    def _attach(self, path: Path, value: Any) -> None:
        if not self.stack:
            self.doc.data = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.merging is not None:
            top.merges.append((path, value, top.merging, len(self.log)))
            top.merging, top.expecting_key = None, True
        else:
            top.value[top.key] = value
            top.expecting_key = True

    def _record(self, is_key: bool, path: Path, pos: Position) -> None:
        (self.doc.keys if is_key else self.doc.values)[path] = pos
        self.log.append((is_key, path, pos))

    def _alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise YamlSyntaxError("an alias refers to the value that contains it",
                                  _at(event.start_mark))
        if name not in self.anchors:
            raise YamlSyntaxError(f"found undefined alias '{name}'", _at(event.start_mark))
        source, value, start, end = self.anchors[name]
        self.repeated += end - start
        if self.repeated > MAX_ALIAS_VALUES:
            raise YamlSyntaxError(f"aliases repeat more than {MAX_ALIAS_VALUES} values "
                                  "(aliases of aliases?)", _at(event.start_mark))
        path = self._slot(event)
        if path is None:
            self._key(str(value), event)
            return
        self._copy_positions(source, path, start, end)
        self._attach(path, _deep_copy(value))

    def _copy_positions(self, source: Path, target: Path, start: int, end: int) -> None:
        cut = len(source)
        for is_key, path, pos in self.log[start:end]:
            self._record(is_key, (*target, *path[cut:]), pos)

    def _merge(self, frame: _Frame) -> None:
        """YAML merge keys (`<<: *base`, `<<: [*a, *b]`): keys written in the mapping win."""
        for path, value, start, end in frame.merges:
            sources = value if isinstance(value, list) else [value]
            merged: dict[tuple[int, Any], None] = {}
            for i, source in enumerate(sources):
                if not isinstance(source, dict):
                    raise YamlSyntaxError("a merge key (<<) needs a mapping or a list of "
                                          "mappings", self.doc.values.get(path, Position(1, 1)))
                for key, item in source.items():
                    if key not in frame.value:
                        frame.value[key] = item
                        merged[(i, key)] = None
            # Positions of the merged keys and values: from where the source wrote them.
            depth = len(path) + (1 if isinstance(value, list) else 0)
            for is_key, p, pos in self.log[start:end]:
                if len(p) > depth:
                    index = p[len(path)] if isinstance(value, list) else 0
                    if (index, p[depth]) in merged:
                        self._record(is_key, (*frame.path, *p[depth:]), pos)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    return value


def _bad_tag(event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> YamlSyntaxError:
    tag = str(event.tag).replace(_YAML, "!!")
    return YamlSyntaxError(f"unsupported YAML tag '{tag}'; write plain values",
                           _at(event.start_mark))


@lru_cache(maxsize=4096)
def _resolve_plain(value: str) -> str:
    # types-PyYAML leaves Resolver.resolve without types.
    return str(_resolver.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)))


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The Python value of a scalar, resolved as YAML 1.1 (PyYAML's safe loader) does."""
    tag = event.tag
    if tag in (None, "!"):
        tag = _resolve_plain(event.value) if tag is None and event.implicit[0] else _STR
    elif tag not in _SCALAR_TAGS:
        raise _bad_tag(event)
    if tag == _STR:
        return event.value
    if tag == f"{_YAML}merge":
        return "<<"
    construct = _constructor.yaml_constructors.get(tag)
    if construct is None:  # e.g. "=" (YAML 1.1's value tag): keep the text
        return event.value
    # The event's marks come from PyYAML's C or Python parser; the node takes either.
    return construct(_constructor, yaml.ScalarNode(
        tag, event.value, event.start_mark, event.end_mark))  # type: ignore[arg-type]
