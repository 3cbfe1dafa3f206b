"""`icpdocs new icp|persona ID`: a commented starter that validates, never an overwrite."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from icpdocs.validate import validate_folder
from tests.conftest import EXAMPLE_CONTENT

RunCli = Callable[..., Result]
TODAY = "2026-11-22"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, folder)
    return folder


def errors_in(folder: Path) -> list[str]:
    return [d.format() for d in validate_folder(folder, dt.date.fromisoformat(TODAY)).errors]


@pytest.mark.parametrize(("kind", "folder"), [("icp", "icps"), ("persona", "personas")])
def test_new_writes_a_commented_starter_that_validates(run_cli: RunCli, content: Path, kind: str,
                                                       folder: str) -> None:
    result = run_cli("new", kind, "regional-imaging", "--content", content, "--today", TODAY)
    assert result.exit_code == 0, result.output
    target = content / folder / "regional-imaging.yaml"
    assert result.output == f"created {target}: fill it in, then run `icpdocs validate`\n"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert f"last_reviewed: {TODAY}" in text
    assert "name: Regional Imaging" in text
    assert errors_in(content) == []


def test_new_icp_is_a_draft_so_it_adds_no_warnings(run_cli: RunCli, content: Path) -> None:
    run_cli("new", "icp", "regional-imaging", "--content", content, "--today", TODAY)
    validation = validate_folder(content, dt.date.fromisoformat(TODAY))
    assert validation.catalog.icps["regional-imaging"].status == "draft"
    assert [d for d in validation.diagnostics if "regional-imaging" in d.file] == []


def test_new_persona_links_to_an_existing_icp(run_cli: RunCli, content: Path) -> None:
    run_cli("new", "persona", "rita-radiology", "--content", content, "--today", TODAY)
    persona = validate_folder(content).catalog.personas["rita-radiology"]
    assert persona.icps and all((content / "icps" / f"{icp}.yaml").is_file() for icp in persona.icps)


@pytest.mark.parametrize(("kind", "existing"), [
    ("icp", "icps/mid-market-hospital-groups.yaml"), ("persona", "personas/carla-ceo.yaml"),
])
def test_new_refuses_to_overwrite(run_cli: RunCli, content: Path, kind: str, existing: str) -> None:
    target = content / existing
    before = target.read_bytes()
    result = run_cli("new", kind, target.stem, "--content", content, "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr == f"error: {target} already exists; not overwriting it\n"
    assert target.read_bytes() == before


def test_new_refuses_when_a_yml_file_has_the_id(run_cli: RunCli, content: Path) -> None:
    (content / "icps" / "imaging.yml").write_text("name: kept\n")
    result = run_cli("new", "icp", "imaging", "--content", content)
    assert result.exit_code == 1
    assert not (content / "icps" / "imaging.yaml").exists()
    assert (content / "icps" / "imaging.yml").read_text() == "name: kept\n"


@pytest.mark.parametrize("bad_id", ["Regional-Imaging", "regional imaging", "..", "../escape", "imaging.",
                                    "imágenes", "a" * 65, "imaging-", ""])
@pytest.mark.parametrize("kind", ["icp", "persona"])
def test_new_rejects_a_bad_id(run_cli: RunCli, content: Path, kind: str, bad_id: str) -> None:
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    result = run_cli("new", kind, bad_id, "--content", content)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: '{bad_id}' is not a valid id")
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_new_persona_needs_an_icp_first(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "persona", "rita-radiology", "--content", tmp_path / "content")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: a persona links to at least one ICP: create one first with `icpdocs new icp ID`\n"
    )
    assert not (tmp_path / "content" / "personas").exists()


def test_new_creates_the_folder_of_a_first_icp(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("new", "icp", "first-icp", "--content", tmp_path / "content")
    assert result.exit_code == 0
    assert (tmp_path / "content" / "icps" / "first-icp.yaml").is_file()


@pytest.mark.parametrize("args", [["new", "segment", "x"], ["new", "icp"], ["new", "icp", "x", "--today", "soon"]])
def test_new_usage_errors_exit_2(run_cli: RunCli, tmp_path: Path, args: list[str]) -> None:
    result = run_cli(*args, "--content", tmp_path)
    assert result.exit_code == 2
    assert not any(tmp_path.iterdir())
