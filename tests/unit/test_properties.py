"""Property tests: whatever a profile file holds, load and validate answer with diagnostics, never a crash."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icpdocs.diagnostics import Diagnostic, Severity
from icpdocs.loader import ContentSource, RawFile, load
from icpdocs.validate import Validation, validate_folder, validate_loaded

HERE = Path(__file__).parent
MINIMAL = HERE.parent / "cases" / "valid" / "minimal"
BASE_FILES = {
    "market.yaml": (MINIMAL / "market.yaml").read_bytes(),
    "icps/mid-market.yaml": (MINIMAL / "icps" / "mid-market.yaml").read_bytes(),
    "personas/carla-ceo.yaml": (MINIMAL / "personas" / "carla-ceo.yaml").read_bytes(),
}
TARGETS = st.sampled_from(sorted(BASE_FILES))
TODAY = dt.date(2026, 11, 22)
# No example database: the tests must not write into the repository.
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


class MemorySource(ContentSource):
    """A content folder held in memory, so each example costs no disk writes."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.label = "content"
        self.contents = files

    def files(self) -> list[RawFile]:
        return [RawFile(path, data) for path, data in sorted(self.contents.items())]


def validate_with(target: str, data: bytes) -> Validation:
    return validate_loaded(load(MemorySource({**BASE_FILES, target: data})), TODAY)


def assert_well_formed(validation: Validation) -> None:
    shown = {f"content/{path}" for path in BASE_FILES}
    for diagnostic in validation.diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.file in shown, diagnostic
        assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
        assert diagnostic.severity in (Severity.ERROR, Severity.WARNING)
        assert diagnostic.message
        assert "\n" not in diagnostic.format(), diagnostic


YAML_PIECES = st.sampled_from([
    "name", "title", "icps", "pain_points", "status", "firmographics", "employees", "min", "max", "id",
    ": ", ":", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!x ", "|", ">", "'", '"',
    "#", "\n", "\n  ", "\n    ", "\t", " ", "---\n", "...\n", "? ", "<<: ", "%YAML 1.1\n", "~", "null", "true",
    "1", "-1", ".nan", ".inf", "2026-02-30", "2026-10-01", "0x1F", "1e3", "é", "\ufeff", "\x00", "\r\n",
    "mid-market#manual-audit-prep", "mid-market", "active", "high",
])
YAMLISH = st.lists(YAML_PIECES, max_size=40).map("".join)

SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=20) | st.sampled_from(["2026-10-01", "2026-02-30", "mid-market", "active", "high"]))
KEYS = st.sampled_from(["name", "title", "status", "icps", "pain_points", "firmographics", "employees", "min",
                        "max", "id", "severity", "summary", "tam", "company", "segments", "accounts", "op",
                        "value", "fit_criteria", "evidence"]) | st.text(max_size=8)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)


@FUZZ
@given(target=TARGETS, data=st.binary(max_size=400))
def test_random_bytes_give_diagnostics_not_crashes(target: str, data: bytes) -> None:
    assert_well_formed(validate_with(target, data))


@FUZZ
@given(target=TARGETS, text=YAMLISH)
def test_random_yaml_like_text_gives_diagnostics_not_crashes(target: str, text: str) -> None:
    assert_well_formed(validate_with(target, text.encode()))


@FUZZ
@given(target=TARGETS, document=DOCUMENTS)
def test_random_documents_give_diagnostics_not_crashes(target: str, document: Any) -> None:
    validation = validate_with(target, yaml.safe_dump(document, allow_unicode=True).encode())
    assert_well_formed(validation)
    if not isinstance(document, dict):
        assert validation.errors


def replace_at(data: Any, path: list[int], value: Any) -> Any:
    """Return `data` with the node that `path` picks (by child number, wrapping) replaced by `value`."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return value
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[path[0] % len(keys)]
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[key] = replace_at(data[key], path[1:], value)  # type: ignore[index]
    return copy


@FUZZ
@given(target=TARGETS, path=st.lists(st.integers(0, 30), max_size=4), value=DOCUMENTS)
def test_valid_profiles_with_one_value_replaced_give_diagnostics_not_crashes(
    target: str, path: list[int], value: Any,
) -> None:
    # Dates are loaded as text by icpdocs; PyYAML would turn them into date objects.
    original = yaml.load(BASE_FILES[target], Loader=yaml.BaseLoader)
    mutated = replace_at(original, path, value)
    assert_well_formed(validate_with(target, yaml.safe_dump(mutated, allow_unicode=True).encode()))


@settings(max_examples=30, deadline=None, database=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_on_disk_give_diagnostics_not_crashes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        for relative, base in BASE_FILES.items():
            (content / relative).parent.mkdir(parents=True, exist_ok=True)
            (content / relative).write_bytes(base)
        (content / "personas" / "carla-ceo.yaml").write_bytes(data)
        assert_well_formed(validate_folder(content, TODAY, label="content"))


@FUZZ
@given(target=TARGETS, extra=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=30), max_size=4),
       field=st.sampled_from(["name", "owner", "title", "status", "buying_role", "summary"]),
       value=st.text(max_size=30))
def test_any_key_or_text_value_gives_one_line_diagnostics(
    target: str, extra: dict[str, str], field: str, value: str,
) -> None:
    # Unknown keys and odd values are quoted in messages; newlines in them must not split a diagnostic.
    original = yaml.load(BASE_FILES[target], Loader=yaml.BaseLoader)
    document = {**original, field: value, **extra}
    assert_well_formed(validate_with(target, yaml.safe_dump(document, allow_unicode=True).encode()))
