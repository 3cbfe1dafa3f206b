"""Check documents against their JSON Schema and say what is wrong in people's words."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from icpdocs import fastcheck, schemas
from icpdocs.diagnostics import Diagnostic, Severity
from icpdocs.fieldpath import describe
from icpdocs.loader import Document

YamlPath = tuple[str | int, ...]


def check(document: Document) -> list[Diagnostic]:
    """Return one diagnostic per schema violation in `document`, every one of them."""
    if fastcheck.accepts(document.kind, document.data):
        return []  # valid: the full pass would find nothing, at 10-30x the cost
    validator = schemas.validator(document.kind)
    found: list[Diagnostic] = []
    for error in _without_echoes(list(validator.iter_errors(document.data))):
        found.extend(_diagnostics(document, error))
    return sorted(set(found), key=lambda d: (d.line, d.column, d.path, d.message))


# A value that breaks two keywords gets one message, the one that says what to write:
# a bad date fails `pattern` and `format`; `severity: 5` fails `type` and `enum`.
_SHADOWED_BY = {"pattern": "format", "type": "enum"}


def _without_echoes(errors: list[ValidationError]) -> list[ValidationError]:
    broken = {(tuple(e.absolute_path), str(e.validator)) for e in errors}
    return [e for e in errors if (tuple(e.absolute_path), _SHADOWED_BY.get(str(e.validator), "")) not in broken]


def _diagnostics(document: Document, error: ValidationError) -> Iterator[Diagnostic]:
    path: YamlPath = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword == "additionalProperties":
        yield from _unknown_fields(document, error, path)
    elif keyword == "required":
        yield from _missing_fields(document, error, path)
    elif keyword in ("oneOf", "anyOf"):
        yield from _one_of(document, error, path)
    else:
        message, hint = _explain(document.kind, error, path)
        yield _at(document, path, message, hint)


def _at(document: Document, path: YamlPath, message: str, hint: str, *, key: bool = False) -> Diagnostic:
    position = document.position(path, key=key)
    return Diagnostic(
        document.display_path or document.path, position.line, position.column,
        describe(document.data, path), Severity.ERROR, message, hint,
    )


def _schema_of(error: ValidationError) -> dict[str, Any]:
    """Return the schema an error was found against (jsonschema types it as possibly unset or boolean)."""
    return error.schema if isinstance(error.schema, dict) else {}


def _unknown_fields(document: Document, error: ValidationError, path: YamlPath) -> Iterator[Diagnostic]:
    allowed = sorted(_schema_of(error).get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for name in instance:
        if name in allowed:
            continue
        close = _did_you_mean(name, allowed)
        hint = f"did you mean '{close}'?" if close else f"allowed fields here: {', '.join(allowed)}"
        if name == "id" and not path:
            hint = f"remove it: the id is the file name, '{document.id}'"
        yield _at(document, (*path, name), f"unknown field '{name}'", hint, key=True)


def _did_you_mean(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return close[0] if close else ""


def _missing_fields(document: Document, error: ValidationError, path: YamlPath) -> Iterator[Diagnostic]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    allowed = sorted(_schema_of(error).get("properties", {}))
    required: list[str] = list(error.validator_value) if isinstance(error.validator_value, list) else []
    # A misspelt key is reported as unknown with "did you mean"; saying its field is missing adds nothing.
    misspelt = {_did_you_mean(name, allowed) for name in instance if name not in allowed}
    for name in required:
        if name in instance or name in misspelt:
            continue
        field_schema = (_schema_of(error).get("properties") or {}).get(name) or {}
        field_schema = schemas.resolve(document.kind, field_schema)
        hint = f"add `{name}:`" + _example_hint(field_schema, prefix=" e.g. ")
        position = document.position(path)
        yield Diagnostic(
            document.display_path or document.path, position.line, position.column,
            describe(document.data, (*path, name)), Severity.ERROR,
            f"required field '{name}' is missing", hint,
        )


def _one_of(document: Document, error: ValidationError, path: YamlPath) -> Iterator[Diagnostic]:
    """Report the problems of the one option the value's type points to, else name the options."""
    choices: list[dict[str, Any]] = list(error.validator_value) if isinstance(error.validator_value, list) else []
    options = [schemas.resolve(document.kind, option) for option in choices]
    fitting = [i for i, option in enumerate(options) if _has_type(error.instance, option.get("type"))]
    branch = [sub for sub in error.context or [] if len(fitting) == 1 and sub.relative_schema_path[0] == fitting[0]]
    if branch:
        for sub in _without_echoes(branch):
            yield from _diagnostics(document, sub)
        return
    shapes = " or ".join(_lower_first(_first_sentence(option.get("description", _type_name(option.get("type")))))
                         for option in options)
    hint = _example_hint(schemas.resolve(document.kind, _schema_of(error)))
    yield _at(document, path, f"expected {shapes}, but received: {_shown(error.instance)}", hint)


def _has_type(instance: Any, types: Any) -> bool:
    if types is None:
        return False
    checker = Draft202012Validator.TYPE_CHECKER
    return any(checker.is_type(instance, t) for t in (types if isinstance(types, list) else [types]))


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first letter, but not an acronym's ('ICP ids' stays)."""
    return text[:1].lower() + text[1:] if not text[1:2].isupper() else text


def _explain(kind: str, error: ValidationError, path: YamlPath) -> tuple[str, str]:
    keyword = str(error.validator)
    value: Any = error.validator_value
    instance: Any = error.instance
    received = _shown(instance)
    field_schema = schemas.resolve(kind, _schema_of(error))
    wanted = value if keyword == "type" else field_schema.get("type")
    hint = _field_hint(kind, path, wanted) or _example_hint(field_schema)
    if keyword == "type":
        return f"expected {_type_name(value)}, but received: {received}", hint
    if keyword == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in value], n=1, cutoff=0.5)
        choice = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(map(str, value))}"
        return f"expected one of {', '.join(map(str, value))}, but received: {received}", choice
    if keyword == "const":
        return f"expected {_shown(value)}, but received: {received}", hint
    if keyword == "format":
        form = " (YYYY-MM-DD, a real calendar day)" if value == "date" else ""
        return f"{received} is not a valid {value}{form}", hint
    if keyword == "pattern":
        what = field_schema.get("description", f"text matching {value}")
        return f"{received} does not have the expected form: {_lower_first(_first_sentence(what))}", hint
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most",
                 "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[keyword]
        return f"expected a number {bound} {value}, but received: {received}", hint
    if keyword in ("minItems", "maxItems"):
        least = "at least" if keyword == "minItems" else "at most"
        return f"expected {least} {value} item{'s' if value != 1 else ''}, but received {len(instance)}", hint
    if keyword in ("minLength", "maxLength"):
        if keyword == "minLength" and value == 1:
            return "expected text, but received an empty string", hint
        least = "at least" if keyword == "minLength" else "at most"
        return f"expected {least} {value} characters, but received {len(instance)}", hint
    if keyword == "minProperties":
        fields = sorted(field_schema.get("properties", {}))
        return f"expected at least {value} field{'s' if value != 1 else ''}, but the mapping is empty", (
            f"add one of: {', '.join(fields)}" if fields else hint)
    if keyword == "uniqueItems":
        return "list items must be unique, but some repeat", "remove the repeated items"
    return str(error.message), hint


def _example_hint(field_schema: dict[str, Any], prefix: str = "e.g. ", wanted: Any = None) -> str:
    examples = field_schema.get("examples")
    if not isinstance(examples, list):
        return ""
    fitting = [e for e in examples if wanted is None or _has_type(e, wanted)]
    return f"{prefix}{json.dumps(fitting[0], ensure_ascii=False)}" if fitting else ""


def _field_hint(kind: str, path: YamlPath, wanted: Any) -> str:
    """Return an example from the field's own schema: the shared `$defs` only have generic ones."""
    if path and isinstance(path[-1], int):
        parent = schemas.subschema(kind, path[:-1]) or {}
        lists = [e for e in parent.get("examples") or [] if isinstance(e, list) and e]
        return _example_hint({"examples": [e[0] for e in lists]}, wanted=wanted)
    return _example_hint(schemas.subschema(kind, path) or {}, wanted=wanted)


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
