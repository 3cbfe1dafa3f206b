from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from icpdocs import fastcheck, schema_check, schemas
from icpdocs.loader import Document, FolderSource, load
from tests.conftest import EXAMPLE_CONTENT

YamlPath = tuple[str | int, ...]

# Values that break (or happen to fit) fields of every type: wrong types, bad enums,
# bad dates, bad ids, duplicates, empty containers, out-of-range numbers.
ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 3.0, "", "x", "Not a kebab", "2026-02-30", "2026-1-1", [], ["a", "a"],
    [1], {}, {"x": 1}, "between", "critical", 101, 10**12, "https://x.example", "no url", [200, 100],
]


def _documents() -> list[Document]:
    return load(FolderSource(EXAMPLE_CONTENT)).documents


def _paths(value: Any, path: YamlPath = ()) -> Iterator[YamlPath]:
    yield path
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _paths(child, (*path, key))


def _mutations(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Yield copies of `data` with one value replaced, one field removed or one unknown field added."""
    for index, path in enumerate(list(_paths(data))[1:]):
        for value in (ODD_VALUES[index % len(ODD_VALUES)], ODD_VALUES[(index * 7 + 3) % len(ODD_VALUES)], "removed"):
            changed = copy.deepcopy(data)
            parent: Any = changed
            for key in path[:-1]:
                parent = parent[key]
            if value != "removed":
                parent[path[-1]] = value
            elif isinstance(parent, dict):
                del parent[path[-1]]
                parent["unknown_field"] = 1
            yield changed


def test_every_schema_can_use_the_fast_check() -> None:
    for kind in schemas.KINDS:
        assert fastcheck.compiled(kind) is not None, f"{kind}.schema.json uses a keyword the fast check does not trust"


@pytest.mark.parametrize("document", _documents(), ids=lambda d: d.path)
def test_fast_check_agrees_with_jsonschema(document: Document) -> None:
    validator = schemas.validator(document.kind)
    assert fastcheck.accepts(document.kind, document.data)
    verdicts = {"valid": 0, "invalid": 0}
    for data in _mutations(document.data):
        valid = validator.is_valid(data)
        assert fastcheck.accepts(document.kind, data) == valid, list(validator.iter_errors(data))[:1] or data
        verdicts["valid" if valid else "invalid"] += 1
    assert verdicts["valid"] and verdicts["invalid"]


def test_where_the_fast_check_is_stricter_the_full_check_decides() -> None:
    # fastjsonschema reads `$` as end of text; jsonschema's (Python's) `$` also matches before a final newline.
    icp = next(d for d in _documents() if d.kind == "icp" and "segment" in d.data)
    icp.data["segment"] += "\n"
    assert not fastcheck.accepts("icp", icp.data)
    assert schema_check.check(icp) == []


def test_a_dollar_ref_with_siblings_or_an_unknown_keyword_disables_the_fast_check() -> None:
    defs = {"$defs": {"text": {"type": "string"}}}
    assert fastcheck.is_supported({"properties": {"a": {"$ref": "#/$defs/text", "description": "A."}}, **defs})
    assert not fastcheck.is_supported({"properties": {"a": {"$ref": "#/$defs/text", "maxLength": 3}}, **defs})
    assert not fastcheck.is_supported({"properties": {"a": {"type": "object", "unevaluatedProperties": False}}})
    assert not fastcheck.is_supported({"items": [{"type": "string"}]})


def test_formats_are_checked_by_jsonschemas_format_checker() -> None:
    persona = next(d for d in _documents() if d.kind == "persona")
    persona.data["last_reviewed"] = "2026-02-30"
    assert not fastcheck.accepts("persona", persona.data)
    assert [d.path for d in schema_check.check(persona)] == ["last_reviewed"]
