"""The field reference: every field of every content file, read from the JSON Schemas."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from icpdocs.schemas import schema

LOCATIONS = {"market": "content/market.yaml", "icp": "content/icps/<id>.yaml",
             "persona": "content/personas/<id>.yaml"}
NAMED_TYPES = {"/$defs/nonEmptyString": "text", "/$defs/isoDate": "date (YYYY-MM-DD)",
               "/$defs/kebabId": "id (kebab-case)", "/$defs/range": "range (min, max)",
               "/$defs/stringList": "list of text"}
PLAIN_TYPES = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
               "object": "mapping", "array": "list", "null": "nothing"}


@dataclass(frozen=True)
class Field:
    path: str
    type: str
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class KindReference:
    kind: str
    title: str
    description: str
    location: str
    fields: tuple[Field, ...]


@functools.cache
def reference() -> tuple[KindReference, ...]:
    """Return the reference of market, ICP and persona files, fields in schema order."""
    return tuple(_kind(kind) for kind in ("market", "icp", "persona"))


def _kind(kind: str) -> KindReference:
    root = schema(kind)
    fields = tuple(_walk(kind, root, ""))
    return KindReference(kind, root.get("title", kind), root.get("description", ""), LOCATIONS[kind], fields)


def _walk(kind: str, node: dict[str, Any], prefix: str) -> Iterator[Field]:
    required = set(node.get("required", []))
    for name, raw in node.get("properties", {}).items():
        child = resolve(kind, raw)
        path = f"{prefix}{name}"
        # A mapping's example repeats its fields' examples; a range is small enough to show whole.
        shown = child.get("type") != "object" or _ref(raw) in NAMED_TYPES
        yield Field(path, type_name(kind, raw), name in required, child.get("description", ""),
                    _example(child) if shown else "")
        if _ref(raw) not in NAMED_TYPES:
            yield from _children(kind, child, path)


def _children(kind: str, node: dict[str, Any], path: str) -> Iterator[Field]:
    if node.get("type") == "object":
        yield from _walk(kind, node, f"{path}.")
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict):
        item = resolve(kind, items)
        for option in [item, *item.get("oneOf", [])]:
            option = resolve(kind, option)
            if option.get("type") == "object" and "properties" in option:
                yield from _walk(kind, option, f"{path}[].")


def _ref(node: dict[str, Any]) -> str:
    """Return the JSON pointer of a node's $ref within its schema, however the $ref is spelled."""
    return str(node.get("$ref", "")).partition("#")[2]


def resolve(kind: str, node: dict[str, Any]) -> dict[str, Any]:
    """Return a node with its local $ref followed (absolute or relative spelling alike)."""
    for _ in range(10):
        pointer = _ref(node)
        if not pointer:
            break
        target: Any = schema(kind)
        for part in pointer.strip("/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def type_name(kind: str, raw: dict[str, Any]) -> str:
    """Return the type of a schema node in words: 'text (Markdown)', 'list of mappings', 'one of: a, b'."""
    node = resolve(kind, raw)
    if "Markdown is allowed" in node.get("description", ""):
        return "text (Markdown)"
    if _ref(raw) in NAMED_TYPES:
        return NAMED_TYPES[_ref(raw)]
    if "enum" in node:
        return "one of: " + ", ".join(str(v) for v in node["enum"])
    if node.get("type") == "array":
        return _list_type(kind, node)
    if "oneOf" in node:
        return " or ".join(type_name(kind, option) for option in node["oneOf"])
    kinds = node.get("type", "")
    names = [PLAIN_TYPES.get(str(k), str(k)) for k in (kinds if isinstance(kinds, list) else [kinds]) if k]
    return _either(names) or "any"


def _either(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _list_type(kind: str, node: dict[str, Any]) -> str:
    items = node.get("items")
    if not isinstance(items, dict):
        return "list"
    item = resolve(kind, items)
    if "oneOf" in item:
        return "list of " + " or ".join(_item_word(kind, option) for option in item["oneOf"])
    return "list of " + _item_word(kind, items)


def _item_word(kind: str, raw: dict[str, Any]) -> str:
    node = resolve(kind, raw)
    if node.get("type") == "object":
        return "mappings"
    if node.get("type") == "string" and "pattern" in node and "#" in node["pattern"]:
        return "references (ICP_ID#PAIN_POINT_ID)"
    if _ref(raw) == "/$defs/kebabId":
        return "ids (kebab-case)"
    return type_name(kind, raw)


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples", [])
    if not examples or _has_nested_objects(examples[0]):
        return ""
    if isinstance(examples[0], str):
        return examples[0]
    dumped = yaml.safe_dump(examples[0], default_flow_style=True, sort_keys=False, width=1_000_000)
    return dumped.strip().removesuffix("...").strip()


def _has_nested_objects(value: Any) -> bool:
    """Return whether an example is too big for a table cell (its parts have their own rows)."""
    parts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return any(isinstance(v, (dict, list)) for v in parts) or (isinstance(value, list) and not parts)
