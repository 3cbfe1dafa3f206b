"""The JSON Schemas: valid 2020-12, documented, strict, and in agreement with the contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from icpdocs import schemas
from icpdocs.validate import validate_folder
from tests.conftest import EXAMPLE_CONTENT, REPO_ROOT

HERE = Path(__file__).parent
SCHEMA_DIR = REPO_ROOT / "schemas"
CONTRACT = REPO_ROOT / "docs" / "content-model.md"
KIND_FILES = {
    "market": sorted(EXAMPLE_CONTENT.glob("market.y*ml")),
    "icp": sorted((EXAMPLE_CONTENT / "icps").glob("*.y*ml")),
    "persona": sorted((EXAMPLE_CONTENT / "personas").glob("*.y*ml")),
}


def load_schema(kind: str) -> dict[str, Any]:
    """Return a schema as its file says: these tests check the files, not a copy in memory."""
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return loaded


def resolve(kind: str, node: dict[str, Any]) -> dict[str, Any]:
    """Return `node` with its local `$ref` followed; the node's own keywords win."""
    while "$ref" in node:
        target: Any = load_schema(kind)
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def subschema(kind: str, path: tuple[str | int, ...]) -> dict[str, Any]:
    node = load_schema(kind)
    for part in path:
        node = resolve(kind, node)
        node = node["items"] if isinstance(part, int) else node["properties"][part]
    return resolve(kind, node)


def walk(node: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield (place, subschema) for every schema object inside `node`."""
    if isinstance(node, dict):
        if "type" in node or "$ref" in node or "properties" in node or "oneOf" in node:
            yield where, node
        for key, value in node.items():
            if key not in ("examples", "default", "const", "enum"):
                yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *map(str, args)],
                          capture_output=True, text=True, check=False)


def test_schemas_pass_the_metaschema() -> None:
    result = check_jsonschema("--check-metaschema", *sorted(SCHEMA_DIR.glob("*.schema.json")))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", list(KIND_FILES))
def test_every_example_content_file_passes_check_jsonschema(kind: str) -> None:
    files = KIND_FILES[kind]
    assert files
    result = check_jsonschema("--schemafile", SCHEMA_DIR / f"{kind}.schema.json", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_can_fail() -> None:
    result = check_jsonschema("--schemafile", SCHEMA_DIR / "persona.schema.json", EXAMPLE_CONTENT / "market.yaml")
    assert result.returncode == 1
    assert "Additional properties are not allowed" in result.stdout


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_schema_is_draft_2020_12_with_an_id(kind: str) -> None:
    schema = load_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.schema.json")
    assert schema["type"] == "object"


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_property_has_a_description_and_an_example(kind: str) -> None:
    missing = []
    for where, node in walk(load_schema(kind)):
        if "/allOf/" in where:
            continue  # if/then conditions on a field, not fields of their own
        for name, prop in node.get("properties", {}).items():
            resolved = resolve(kind, prop)
            if not prop.get("description") or not resolved.get("examples"):
                missing.append(f"{where}/properties/{name}")
    assert missing == []


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_object_forbids_unknown_fields(kind: str) -> None:
    loose = [where for where, node in walk(load_schema(kind))
             if node.get("type") == "object" and node.get("additionalProperties") is not False]
    assert loose == []


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_example_is_valid_against_its_own_schema(kind: str) -> None:
    schema = load_schema(kind)
    wrong = []
    for where, node in walk(schema):
        resolved = {**resolve(kind, node), "$defs": schema["$defs"]}
        checker = Draft202012Validator(resolved, format_checker=FormatChecker())
        for example in node.get("examples", []):
            if not checker.is_valid(example):
                wrong.append(f"{where}: {example!r}")
    assert wrong == []


def contract_examples() -> dict[str, Any]:
    """Return the contract's example YAML for market, ICP and persona, read from docs/content-model.md."""
    text = CONTRACT.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 3
    return dict(zip(("market", "icp", "persona"), (yaml.safe_load(block) for block in blocks), strict=False))


def as_json_types(value: Any) -> Any:
    """YAML dates become the ISO text the loader keeps them as."""
    if isinstance(value, dict):
        return {k: as_json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_types(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_the_contracts_example_is_valid(kind: str) -> None:
    example = as_json_types(contract_examples()[kind])
    validator = Draft202012Validator(load_schema(kind), format_checker=FormatChecker())
    errors = [e.message for e in validator.iter_errors(example)]
    assert errors == []


def field_names(value: Any, prefix: str = "") -> set[str]:
    """Return every mapping key path in a YAML value, lists looked through."""
    names: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            names.add(f"{prefix}{key}")
            names |= field_names(item, f"{prefix}{key}.")
    elif isinstance(value, list):
        for item in value:
            names |= field_names(item, prefix)
    return names


def schema_field_names(kind: str, node: dict[str, Any] | None = None, prefix: str = "") -> set[str]:
    node = resolve(kind, node if node is not None else load_schema(kind))
    names: set[str] = set()
    for name, prop in node.get("properties", {}).items():
        names.add(f"{prefix}{name}")
        names |= schema_field_names(kind, prop, f"{prefix}{name}.")
    items = node.get("items")
    if isinstance(items, dict):
        for option in [items, *resolve(kind, items).get("oneOf", [])]:
            names |= schema_field_names(kind, option, prefix)
    return names


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_schema_fields_are_exactly_the_contracts_fields(kind: str) -> None:
    assert schema_field_names(kind) == field_names(contract_examples()[kind])


REQUIRED = {
    "market": {"": ["company", "tam"], "company": ["name", "offering"], "tam": ["accounts", "definition"]},
    "icp": {
        "": ["firmographics", "last_reviewed", "name", "owner", "pain_points", "status", "summary", "version"],
        "pain_points": ["id", "severity", "title"],
    },
    "persona": {"": ["buying_role", "icps", "last_reviewed", "name", "owner", "summary", "title"]},
}


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_required_fields_follow_the_contract(kind: str) -> None:
    for path, required in REQUIRED[kind].items():
        node = subschema(kind, tuple(part for part in path.split(".") if part))
        if node.get("type") == "array":
            node = resolve(kind, node["items"])
        assert sorted(node.get("required", [])) == required, path


@pytest.mark.parametrize(("kind", "path", "values"), [
    ("icp", ("status",), ["draft", "active", "retired"]),
    ("icp", ("pain_points", 0, "severity"), ["low", "medium", "high", "critical"]),
    ("icp", ("fit_criteria", 0, "op"), ["eq", "ne", "in", "not_in", "gte", "lte", "between", "contains"]),
    ("persona", ("buying_role",),
     ["economic-buyer", "decision-maker", "champion", "influencer", "user", "gatekeeper", "blocker"]),
    ("persona", ("seniority",), ["c-level", "vp", "director", "manager", "individual"]),
])
def test_enums_follow_the_contract(kind: str, path: tuple[str | int, ...], values: list[str]) -> None:
    node = subschema(kind, path)
    assert node["enum"] == values


@pytest.mark.parametrize(("kind", "path"), [
    ("icp", ("last_reviewed",)), ("persona", ("last_reviewed",)), ("market", ("tam", "as_of")),
])
def test_dates_use_format_date(kind: str, path: tuple[str, ...]) -> None:
    node = subschema(kind, path)
    assert node["format"] == "date"


@pytest.mark.parametrize(("kind", "path"), [
    ("icp", ("segment",)), ("icp", ("pain_points", 0, "id")), ("persona", ("icps", 0)),
    ("market", ("tam", "segments", 0, "id")),
])
def test_ids_use_the_contracts_id_rule(kind: str, path: tuple[str | int, ...]) -> None:
    node = subschema(kind, path)
    assert (node["pattern"], node["maxLength"]) == ("^[a-z0-9]+(-[a-z0-9]+)*$", 64)


def test_the_package_reads_the_repository_schemas() -> None:
    assert schemas.schema_dir() in (SCHEMA_DIR, REPO_ROOT / "icpdocs" / "schemas")
    for kind in schemas.KINDS:
        assert json.loads((schemas.schema_dir() / f"{kind}.schema.json").read_text()) == load_schema(kind)


def test_validating_content_leaves_the_schemas_in_memory_unchanged() -> None:
    # Hints and the field reference walk schemas.schema(); a validator that rewrote it in place
    # (fastjsonschema turns "#/$defs/x" into absolute URIs) would break every `$ref` they follow.
    validate_folder(EXAMPLE_CONTENT)
    validate_folder(HERE.parent / "cases" / "invalid" / "many-problems-in-one-run" / "content")
    changed = [kind for kind in schemas.KINDS if schemas.schema(kind) != load_schema(kind)]
    assert changed == [], "something compiled the cached schema in place; give it a copy.deepcopy() instead"


def test_vscode_maps_every_schema_to_its_content_files() -> None:
    settings = json.loads((REPO_ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {
        "./schemas/market.schema.json": ["content/market.yaml", "content/market.yml"],
        "./schemas/icp.schema.json": ["content/icps/*.yaml", "content/icps/*.yml"],
        "./schemas/persona.schema.json": ["content/personas/*.yaml", "content/personas/*.yml"],
    }
    for schema_path in mapping:
        assert (REPO_ROOT / schema_path).is_file()
