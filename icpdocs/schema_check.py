"""Check documents against their JSON Schema and say what is wrong in people's words."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from jsonschema import ValidationError

from icpdocs import schemas
from icpdocs.diagnostics import Diagnostic, Severity
from icpdocs.fieldpath import describe
from icpdocs.loader import Document

YamlPath = tuple[str | int, ...]


def check(document: Document) -> list[Diagnostic]:
    """Return one diagnostic per schema violation in `document`, every one of them."""
    validator = schemas.validator(document.kind)
    found: list[Diagnostic] = []
    for error in validator.iter_errors(document.data):
        found.extend(_diagnostics(document, error))
    return sorted(set(found), key=lambda d: (d.line, d.column, d.path, d.message))


def _diagnostics(document: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path: YamlPath = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword == "additionalProperties":
        yield from _unknown_fields(document, error, path)
    elif keyword == "required":
        yield from _missing_fields(document, error, path)
    elif keyword in ("oneOf", "anyOf"):
        yield _one_of(document, error, path)
    else:
        message, hint = _explain(document.kind, error, path)
        yield _at(document, path, message, hint)


def _at(document: Document, path: YamlPath, message: str, hint: str, *, key: bool = False) -> Diagnostic:
    position = document.position(path, key=key)
    return Diagnostic(
        document.display_path or document.path, position.line, position.column,
        describe(document.data, path), Severity.ERROR, message, hint,
    )


def _unknown_fields(document: Document, error: ValidationError, path: YamlPath) -> Iterator[Diagnostic]:
    allowed = sorted(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in instance:
        if name in allowed:
            continue
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed fields here: {', '.join(allowed)}"
        yield _at(document, (*path, name), f"unknown field '{name}'", hint, key=True)


def _missing_fields(document: Document, error: ValidationError, path: YamlPath) -> Iterator[Diagnostic]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in error.validator_value:
        if name in instance:
            continue
        field_schema = (error.schema.get("properties") or {}).get(name) or {}
        field_schema = schemas.resolve(document.kind, field_schema)
        hint = f"add `{name}:`" + _example_hint(field_schema, prefix=" e.g. ")
        position = document.position(path)
        yield Diagnostic(
            document.display_path or document.path, position.line, position.column,
            describe(document.data, (*path, name)), Severity.ERROR,
            f"required field '{name}' is missing", hint,
        )


def _one_of(document: Document, error: ValidationError, path: YamlPath) -> Diagnostic:
    options = [schemas.resolve(document.kind, option) for option in error.validator_value]
    shapes = " or ".join(option.get("description", _type_name(option.get("type"))) for option in options)
    received = _shown(error.instance)
    return _at(document, path, f"expected {shapes}, but received: {received}", _best_context_hint(document, error))


def _best_context_hint(document: Document, error: ValidationError) -> str:
    for sub in sorted(error.context or [], key=lambda e: len(e.absolute_path), reverse=True):
        message, _ = _explain(document.kind, sub, tuple(sub.absolute_path))
        return message
    return ""


def _explain(kind: str, error: ValidationError, path: YamlPath) -> tuple[str, str]:
    keyword = str(error.validator)
    value = error.validator_value
    received = _shown(error.instance)
    field_schema = schemas.resolve(kind, error.schema) if isinstance(error.schema, dict) else {}
    hint = _example_hint(field_schema)
    if keyword == "type":
        return f"expected {_type_name(value)}, but received: {received}", hint
    if keyword == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1, cutoff=0.5)
        choice = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(map(str, value))}"
        return f"expected one of {', '.join(map(str, value))}, but received: {received}", choice
    if keyword == "const":
        return f"expected {_shown(value)}, but received: {received}", hint
    if keyword == "format":
        return f"{received} is not a valid {value}" + (" (YYYY-MM-DD, a real calendar day)" if value == "date" else ""), hint
    if keyword == "pattern":
        what = field_schema.get("description", f"text matching {value}")
        return f"{received} does not have the expected form: {_first_sentence(what)}", hint
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}
        return f"expected a number {words[keyword]} {value}, but received: {received}", hint
    if keyword in ("minItems", "maxItems"):
        words = "at least" if keyword == "minItems" else "at most"
        return f"expected {words} {value} item{'s' if value != 1 else ''}, but received {len(error.instance)}", hint
    if keyword in ("minLength", "maxLength"):
        if keyword == "minLength" and value == 1:
            return "expected text, but received an empty string", hint
        words = "at least" if keyword == "minLength" else "at most"
        return f"expected {words} {value} characters, but received {len(error.instance)}", hint
    if keyword == "minProperties":
        return f"expected at least {value} field{'s' if value != 1 else ''}, but the mapping is empty", (
            f"add one of: {', '.join(sorted(field_schema.get('properties', {})))}" if field_schema.get("properties") else hint)
    if keyword == "uniqueItems":
        return "list items must be unique, but some repeat", "remove the repeated items"
    return str(error.message), hint


def _example_hint(field_schema: dict[str, Any], prefix: str = "e.g. ") -> str:
    examples = field_schema.get("examples")
    if isinstance(examples, list) and examples:
        return f"{prefix}{json.dumps(examples[0], ensure_ascii=False)}"
    return ""


def _first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


def _type_name(value: Any) -> str:
    names = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "array": "a list", "object": "a mapping of fields", "null": "nothing"}
    if isinstance(value, list):
        return " or ".join(names.get(v, str(v)) for v in value)
    return names.get(str(value), str(value))


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    return str(value)
