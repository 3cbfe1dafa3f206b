"""The data cases: every valid case is clean, every invalid case gives exactly its expected diagnostics.

An invalid case is `tests/cases/invalid/<case>/content/` (a content folder) plus `expected.txt`,
the exact lines `icpdocs validate` prints for it, with the folder shown as `content`.
`ICPDOCS_REGENERATE_CASES=1 python3 -m pytest tests/unit/test_cases.py` rewrites every
expected.txt from the current output; review each change by hand before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from icpdocs.validate import validate_folder

HERE = Path(__file__).parent
CASES = HERE.parent / "cases"
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
TODAY = dt.date(2026, 11, 22)
REGENERATE = os.environ.get("ICPDOCS_REGENERATE_CASES") == "1"


def diagnostic_lines(folder: Path) -> list[str]:
    """Return the diagnostic lines validate prints for `folder`, shown as `content/...`."""
    validation = validate_folder(folder, TODAY, label="content")
    return [d.format() for d in validation.diagnostics]


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def only_warnings(lines: list[str]) -> bool:
    return all(": warning: " in line for line in lines)


def test_the_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 40
    assert len(VALID) >= 5


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case_has_no_diagnostics(case: Path) -> None:
    validation = validate_folder(case, TODAY, label="content")
    assert [d.format() for d in validation.diagnostics] == []
    assert validation.catalog.market is not None
    assert validation.catalog.icps and validation.catalog.personas


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case_gives_exactly_the_expected_diagnostics(case: Path) -> None:
    lines = diagnostic_lines(case / "content")
    if REGENERATE:
        (case / "expected.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    assert lines == expected_lines(case)
    assert lines, "an invalid case must produce at least one diagnostic"


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_cli_prints_the_same_lines_without_a_traceback(case: Path, run_cli: Callable[..., Result]) -> None:
    folder = case / "content"
    result = run_cli("validate", folder, "--today", TODAY.isoformat())
    assert "Traceback" not in result.output
    printed = [line.replace(str(folder), "content") for line in result.stdout.splitlines()]
    expected = expected_lines(case)
    assert printed[:-1] == expected
    errors = sum(": error: " in line for line in expected)
    warnings = len(expected) - errors
    assert printed[-1].endswith(f"; {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    assert result.exit_code == (0 if only_warnings(expected) else 1)
    strict = run_cli("validate", folder, "--today", TODAY.isoformat(), "--strict")
    assert strict.exit_code == 1


def test_every_rule_and_rejection_has_a_case() -> None:
    """Each message of the contract's rules and the loader's rejections appears in some expected.txt."""
    corpus = "\n".join("\n".join(expected_lines(case)) for case in INVALID)
    messages = [
        "YAML syntax error", "a tab character is used for indentation", "byte-order mark", "is not valid UTF-8",
        "file is empty", "the top level is a list", "the top level is a single value", "more than one YAML document",
        "duplicate key", "file expands to more than", "YAML tag !!python/object", "nested more than 64 levels",
        "is not text", "merge keys", "names no anchor", "is not a valid id", "is already defined by",
        "is not in a known place", "market.yaml is missing",
        "expected a whole number", "unknown field", "did you mean", "required field", "is not a valid date",
        "expected a number at least 0", "expected one of", "expected at most 2 items", "must be unique",
        "does not exist", "has no pain point", "which is not in this persona's icps", "is not defined in market.yaml",
        "pain point id 'manual-audit-prep' is already used", "segment id 'serviceable' is already used",
        "is greater than max", "the lower bound is greater than the upper", "more than the TAM's",
        "of segment 'serviceable'", "of the TAM", "review is overdue", "active ICP has no persona",
        "persona is linked only to retired ICPs", "firmographics give no bound", "active ICP has no fit_criteria",
        "active ICP has no evidence",
    ]
    assert [m for m in messages if m not in corpus] == []


def test_cases_are_read_only(tmp_path: Path) -> None:
    """Validating a case leaves it untouched: the same result twice from a copy."""
    case = CASES / "invalid" / "many-problems-in-one-run" / "content"
    copy = tmp_path / "content"
    shutil.copytree(case, copy)
    assert diagnostic_lines(copy) == diagnostic_lines(copy) == expected_lines(case.parent)


# Cases that cannot live in git as they are: made in tmp_path from the minimal valid case.

def minimal_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CASES / "valid" / "minimal", content)
    return content


def test_file_over_the_size_cap(tmp_path: Path) -> None:
    content = minimal_copy(tmp_path)
    persona = content / "personas" / "carla-ceo.yaml"
    persona.write_text(persona.read_text() + "goals:\n" + "  - Grow margin by two points\n" * 40_000)
    size = persona.stat().st_size
    assert size > 1024 * 1024
    assert diagnostic_lines(content) == [
        f"content/personas/carla-ceo.yaml:1:1: error: file is {size:,} bytes; the limit is 1,048,576 (1 MiB) "
        "(hint: split the profile or move long text out of it)",
    ]


def test_huge_string_is_caught_by_the_size_cap(tmp_path: Path) -> None:
    # The schemas set no maxLength: the 1 MiB cap on a file bounds every string in it.
    content = minimal_copy(tmp_path)
    persona = content / "personas" / "carla-ceo.yaml"
    persona.write_text(persona.read_text() + 'quote: "' + "I need to know. " * 70_000 + '"\n')
    size = persona.stat().st_size
    assert diagnostic_lines(content) == [
        f"content/personas/carla-ceo.yaml:1:1: error: file is {size:,} bytes; the limit is 1,048,576 (1 MiB) "
        "(hint: split the profile or move long text out of it)",
    ]


def test_long_string_under_the_cap_is_accepted(tmp_path: Path) -> None:
    content = minimal_copy(tmp_path)
    persona = content / "personas" / "carla-ceo.yaml"
    persona.write_text(persona.read_text() + 'quote: "' + "x" * 900_000 + '"\n')
    assert diagnostic_lines(content) == []


def test_symlink_pointing_outside_content(tmp_path: Path) -> None:
    content = minimal_copy(tmp_path)
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text((content / "personas" / "carla-ceo.yaml").read_text())
    (content / "personas" / "sam-security.yaml").symlink_to(secret)
    (content / "icps" / "ghost.yaml").symlink_to(tmp_path / "does-not-exist.yaml")
    assert diagnostic_lines(content) == [
        "content/icps/ghost.yaml:1:1: error: file is a symbolic link pointing outside the content folder "
        "(hint: replace the link with the file itself)",
        "content/personas/sam-security.yaml:1:1: error: file is a symbolic link pointing outside the content folder "
        "(hint: replace the link with the file itself)",
    ]


def test_symlinked_folder_pointing_outside_content(tmp_path: Path) -> None:
    content = minimal_copy(tmp_path)
    outside = tmp_path / "elsewhere"
    shutil.move(content / "personas", outside)
    (content / "personas").symlink_to(outside, target_is_directory=True)
    assert diagnostic_lines(content) == [
        "content/personas:1:1: error: folder is a symbolic link pointing outside the content folder "
        "(hint: replace the link with the file itself)",
    ]


def test_symlink_inside_content_is_followed(tmp_path: Path) -> None:
    content = minimal_copy(tmp_path)
    (content / "personas" / "carla-chief.yaml").symlink_to("carla-ceo.yaml")
    validation = validate_folder(content, TODAY, label="content")
    assert validation.diagnostics == []
    assert sorted(validation.catalog.personas) == ["carla-ceo", "carla-chief"]
