"""Read one YAML file safely into plain values and the line and column of each.

libyaml's composer recurses in C and crashes on deeply nested input, so values are
built here from the C parser's event stream, iteratively, in one pass that also
enforces the loader's limits: one document, no duplicate keys, text keys, standard
tags only, bounded depth and bounded alias expansion.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev
from yaml.resolver import Resolver

from icpdocs.fieldpath import item_label

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

Path = tuple[str | int, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_resolve_tag: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_TAG}map", f"{_TAG}seq"}


@dataclass(frozen=True, slots=True)
class Position:  # one per YAML node: slots keep ~245,000 of them at 3,000 profiles small and GC-cheap
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class YamlValue:
    """A file's top-level value and the position of every value and key in it."""

    data: Any
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)


class YamlProblem(Exception):
    """The file cannot be read as one safe YAML document."""

    def __init__(self, message: str, position: Position, hint: str = "", path: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint
        self.path = path


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def decode(raw: bytes) -> tuple[str, bool]:
    """Return the text of a UTF-8 file and whether it began with a byte-order mark."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)",
            Position(1, 1),
            "split the profile or move long text out of it",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors do, not bytes.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            Position(line, column),
            "save the file as UTF-8",
        ) from None
    has_bom = text.startswith("\ufeff")
    return (text[1:] if has_bom else text), has_bom


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = ("anchor", "depth", "key_position", "path", "pending_key", "value")

    def __init__(self, value: dict[str, Any] | list[Any], path: Path, anchor: str | None, depth: int) -> None:
        self.value = value
        self.path = path
        self.anchor = anchor
        self.pending_key: str | None = None
        self.key_position: Position | None = None
        self.depth = depth


class _Builder:
    """Turns a stream of parser events into plain values with positions."""

    def __init__(self) -> None:
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.result: YamlValue | None = None
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.nodes = 0
        self.documents = 0

    def feed(self, event: Any) -> None:
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise YamlProblem(
                    "file holds more than one YAML document",
                    _position(event.start_mark),
                    "keep one profile per file; remove the '---' separator",
                )
        elif isinstance(event, ev.AliasEvent):
            self._alias(event)
        elif isinstance(event, ev.ScalarEvent):
            value = self._scalar(event)
            self._add(value, event, 1)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
        elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
            self._start(event)
        elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
            self._end()

    def _count(self, nodes: int, event: Any) -> None:
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            raise YamlProblem(
                f"file expands to more than {MAX_NODES:,} values (aliases repeat content)",
                _position(event.start_mark),
                "remove the anchors and aliases (&name / *name); write the values out",
            )

    def _path_for_child(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        assert top.pending_key is not None
        return (*top.path, top.pending_key)

    def _start(self, event: Any) -> None:
        is_map = isinstance(event, ev.MappingStartEvent)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _COLLECTION_TAGS:
            raise _tag_problem(tag, event)
        if self.stack and self.stack[-1].pending_key is None and isinstance(self.stack[-1].value, dict):
            raise YamlProblem(
                "a mapping key must be text, not a list or mapping",
                _position(event.start_mark),
                "use a plain word as the key",
            )
        depth = len(self.stack) + 1
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"values are nested more than {MAX_DEPTH} levels deep",
                _position(event.start_mark),
                "flatten the structure; profiles need only a few levels",
                self.shown(self._path_for_child()[:1]),  # the whole path would be 64 levels long
            )
        self._count(1, event)
        path = self._path_for_child()
        self.positions[path] = _position(event.start_mark)
        container: dict[str, Any] | list[Any] = {} if is_map else []
        self.stack.append(_Frame(container, path, event.anchor, self.nodes))

    def _end(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, self.nodes - frame.depth + 1)
        if self.stack:
            self._attach(frame.value)
        else:
            self.result = YamlValue(frame.value, self.positions, self.key_positions)

    def _alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise YamlProblem(f"alias *{event.anchor} names no anchor", _position(event.start_mark),
                              f"define &{event.anchor} before this line, or write the value out")
        value, size = self.anchors[event.anchor]
        self._count(size, event)
        self._add(value, event, 0)

    def _add(self, value: Any, event: Any, nodes: int) -> None:
        if nodes:
            self._count(nodes, event)
        if not self.stack:
            self.result = YamlValue(value, {(): _position(event.start_mark)}, {})
            return
        top = self.stack[-1]
        if isinstance(top.value, dict) and top.pending_key is None:
            self._key(value, event)
            return
        self.positions[self._path_for_child()] = _position(event.start_mark)
        self._attach(value)

    def _key(self, key: Any, event: Any) -> None:
        top = self.stack[-1]
        assert isinstance(top.value, dict)
        position = _position(event.start_mark)
        if getattr(event, "tag", None) == f"{_TAG}merge" or key == "<<":
            raise YamlProblem("merge keys ('<<') are not supported", position, "write the keys out")
        if not isinstance(key, str):
            raise YamlProblem(
                f"key {event.value if hasattr(event, 'value') else key!r} is not text",
                position,
                "quote the key, e.g. \"yes\": or \"2026\":",
            )
        if key in top.value:
            first = self.key_positions[(*top.path, key)]
            raise YamlProblem(
                f"duplicate key '{key}' (first defined at line {first.line})",
                position,
                "remove one of the two; YAML would silently keep only the last",
                self.shown((*top.path, key)),
            )
        top.pending_key = key
        self.key_positions[(*top.path, key)] = position

    def where(self) -> str:
        """Return the readable path of the value (or, at a key, the mapping) being read."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        at_key = isinstance(top.value, dict) and top.pending_key is None
        return self.shown(top.path if at_key else self._path_for_child())

    def shown(self, path: Path) -> str:
        """Return `path` as people read it, naming list items from the values read so far."""
        containers = {frame.path: frame.value for frame in self.stack}
        text = ""
        for index, part in enumerate(path):
            if isinstance(part, int):
                text += f"[{part}]{item_label(containers.get(path[: index + 1]))}"
            else:
                text += f".{part}" if text else part
        return text

    def _attach(self, value: Any) -> None:
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
        else:
            assert top.pending_key is not None
            top.value[top.pending_key] = value
            top.pending_key = None

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve_tag(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS and tag != f"{_TAG}merge":
            raise _tag_problem(tag, event)
        if tag in (f"{_TAG}str", f"{_TAG}timestamp", f"{_TAG}merge"):
            # Dates stay text: the schema checks them with `format: date`.
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.constructor.ConstructorError):
            return event.value  # e.g. an integer of more than 4,300 digits: the schema reports it as text
        if isinstance(value, float) and not math.isfinite(value):
            # Kept as its text, so the schema names the field: "expected a number, but received: '.nan'".
            return event.value
        return value


def _tag_problem(tag: str, event: Any) -> YamlProblem:
    shown = tag.replace(_TAG, "!!")
    return YamlProblem(
        f"YAML tag {shown} is not allowed",
        _position(event.start_mark),
        "remove the tag; profiles hold plain text, numbers, lists and mappings",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    position = _position(mark) if mark is not None else Position(1, 1)
    problem = exc.problem or "invalid YAML"
    if "\t" in problem or _char_at(text, position) == "\t":
        return YamlProblem("YAML syntax error: a tab character is used for indentation", position,
                           "indent with spaces; YAML does not allow tabs")
    start = exc.context_mark
    if exc.context and start is not None and _position(start) != position:
        # Name where the unclosed value began: that is usually where the mistake is.
        problem += f" {exc.context} that starts at line {start.line + 1}, column {start.column + 1}"
    return YamlProblem(f"YAML syntax error: {problem}", position,
                       "check indentation, quoting and the ':' after each key")


def _character_problem(text: str) -> YamlProblem:
    """Name the first character YAML does not allow, where it is (libyaml reports a byte offset)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    index = found.start() if found else 0
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    character = f"U+{ord(text[index]):04X}" if found else "a character"
    return YamlProblem(f"{character} is a control character, which YAML does not allow", Position(line, column),
                       "delete it: it is invisible in most editors and often comes from copy and paste")


def _char_at(text: str, position: Position) -> str:
    lines = text.split("\n")
    if position.line > len(lines):
        return ""
    line = lines[position.line - 1]
    return line[position.column - 1] if position.column <= len(line) else ""


def parse(text: str) -> YamlValue:
    """Return the single YAML document in `text`, or raise YamlProblem."""
    try:
        return _parse(text, _Loader)
    except YamlProblem as problem:
        if problem.message != _LIBYAML_TOO_DEEP:
            raise
    # libyaml >= 0.2.5 as bundled by PyYAML 6.0.4 stops at 1,000 levels while its scanner reads
    # ahead, before the builder sees level 65. The pure-Python parser keeps its states in lists
    # (no recursion, no limit), so it reaches the builder's own limit at the same place on every
    # PyYAML version: one diagnostic, one position.
    return _parse(text, yaml.SafeLoader)


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def _parse(text: str, loader: Any) -> YamlValue:
    builder = _Builder()
    try:
        for event in yaml.parse(text, Loader=loader):
            builder.feed(event)
    except YamlProblem as problem:
        problem.path = problem.path or builder.where()
        raise
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_TOO_DEEP:
            raise YamlProblem(_LIBYAML_TOO_DEEP, Position(1, 1)) from None
        raise _syntax_problem(exc, text) from None
    except yaml.reader.ReaderError:
        raise _character_problem(text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {' '.join(str(exc).split())}", Position(1, 1)) from None
    if builder.result is None or builder.result.data is None:
        raise YamlProblem("file is empty", Position(1, 1),
                          "start from `icpdocs new icp ID` or `icpdocs new persona ID`")
    return builder.result
