"""The JSON Schemas of the content model, loaded once and compiled into validators."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

KINDS = ("market", "icp", "persona")


def schema_dir() -> Path:
    """Return the folder of the JSON Schemas: inside the installed package, or the repo's."""
    here = Path(__file__).parent
    for candidate in (here / "schemas", here.parent / "schemas"):
        if (candidate / "icp.schema.json").is_file():
            return candidate
    raise FileNotFoundError("icpdocs' JSON Schemas are missing; reinstall icpdocs")


@functools.cache
def schema(kind: str) -> dict[str, Any]:
    with (schema_dir() / f"{kind}.schema.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    """Return the validator of one kind, built once: building it per document costs 10x."""
    return Draft202012Validator(schema(kind), format_checker=FormatChecker())


def subschema(kind: str, path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """Return the schema that describes the value at `path` in a document of `kind`."""
    node: dict[str, Any] | None = schema(kind)
    for part in path:
        if node is None:
            return None
        node = resolve(kind, node)
        if isinstance(part, int):
            node = node.get("items") if isinstance(node.get("items"), dict) else None
        else:
            node = node.get("properties", {}).get(part)
    return resolve(kind, node) if node is not None else None


def resolve(kind: str, node: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in node and seen < 10:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = schema(kind)
        for part in ref[2:].split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        seen += 1
    return node
