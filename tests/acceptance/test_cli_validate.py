"""`icpdocs validate`: exit codes, output formats, speed on hostile input, and no writes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from icpdocs.validate import validate_folder
from tests.conftest import EXAMPLE_CONTENT, REPO_ROOT

HERE = Path(__file__).parent
CASES = HERE.parent / "cases"
TODAY = "2026-11-22"
RunCli = Callable[..., Result]


def content_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml"))


def test_example_content_is_clean_with_a_one_line_summary(run_cli: RunCli) -> None:
    result = run_cli("validate", EXAMPLE_CONTENT, "--today", TODAY)
    assert result.exit_code == 0, result.output
    files = content_files(EXAMPLE_CONTENT)
    icps = len([f for f in files if f.parent.name == "icps"])
    personas = len([f for f in files if f.parent.name == "personas"])
    assert result.output == (
        f"{len(files)} files: 1 market, {icps} ICPs, {personas} personas; 0 errors, 0 warnings\n"
    )


def test_example_content_validates_today_too(run_cli: RunCli) -> None:
    result = run_cli("validate", EXAMPLE_CONTENT)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ files: 1 market, \d+ ICPs, \d+ personas; 0 errors, \d+ warnings?\n", result.output)


def test_warnings_exit_0_and_fail_under_strict(run_cli: RunCli) -> None:
    case = CASES / "invalid" / "warn-stale-icp" / "content"
    plain = run_cli("validate", case, "--today", TODAY)
    assert plain.exit_code == 0
    assert plain.output.splitlines()[-1].endswith("; 0 errors, 1 warning")
    strict = run_cli("validate", case, "--today", TODAY, "--strict")
    assert strict.exit_code == 1
    assert strict.output == plain.output


def test_staleness_is_judged_against_today(run_cli: RunCli) -> None:
    case = CASES / "invalid" / "warn-stale-icp" / "content"
    assert run_cli("validate", case, "--today", "2026-11-21", "--strict").exit_code == 0


def test_errors_exit_1_with_every_problem_listed(run_cli: RunCli) -> None:
    case = CASES / "invalid" / "many-problems-in-one-run"
    result = run_cli("validate", case / "content", "--today", TODAY)
    assert result.exit_code == 1
    lines = result.output.replace(str(case / "content"), "content").splitlines()
    assert lines[:-1] == (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "3 files: 1 market, 0 ICPs, 0 personas; 5 errors, 0 warnings"  # files that loaded


def test_json_format_has_summary_and_diagnostics(run_cli: RunCli) -> None:
    case = CASES / "invalid" / "rule-min-greater-than-max" / "content"
    result = run_cli("validate", case, "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["summary"] == {"icps": 1, "personas": 1, "market": True, "files": 3, "errors": 3, "warnings": 0}
    first = payload["diagnostics"][0]
    assert first == {
        "file": f"{case}/icps/mid-market.yaml", "line": 10, "column": 20, "path": "firmographics.employees.min",
        "severity": "error", "message": "min 2,000 is greater than max 200", "hint": "swap the two, or fix the typo",
    }
    assert [d["line"] for d in payload["diagnostics"]] == [10, 11, 19]


def test_json_format_of_clean_content(run_cli: RunCli) -> None:
    result = run_cli("validate", EXAMPLE_CONTENT, "--today", TODAY, "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["diagnostics"] == []
    assert payload["summary"]["errors"] == payload["summary"]["warnings"] == 0
    assert payload["summary"]["files"] == len(content_files(EXAMPLE_CONTENT))


def test_github_format_annotates_files(run_cli: RunCli) -> None:
    case = CASES / "invalid" / "rule-undefined-segment" / "content"
    result = run_cli("validate", case, "--today", TODAY, "--format", "github")
    assert result.exit_code == 1
    annotation = result.output.splitlines()[0]
    assert annotation.startswith(f"::error file={case}/icps/mid-market.yaml,line=7,col=10,title=segment::")
    assert "segment 'servicable' is not defined in market.yaml" in annotation


@pytest.mark.parametrize("args", [
    ["validate", "--format", "xml"],
    ["validate", "--no-such-option"],
    ["validate", "content", "more", "arguments"],
    ["validate", "--today", "2026-13-01"],
    ["validate", "--today", "yesterday"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(run_cli: RunCli, args: list[str]) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Usage:" in result.output


def test_a_missing_folder_is_an_error_not_a_crash(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{tmp_path}/nowhere:1:1: error: content folder does not exist "
        "(hint: pass the folder that holds market.yaml, icps/ and personas/)"
    )


def test_a_file_instead_of_a_folder_is_an_error_not_a_crash(run_cli: RunCli) -> None:
    result = run_cli("validate", EXAMPLE_CONTENT / "market.yaml")
    assert result.exit_code == 1
    assert "is a file, not a content folder" in result.output


def test_a_real_process_shows_no_traceback_for_bad_input() -> None:
    case = CASES / "invalid" / "yaml-alias-bomb" / "content"
    command = [sys.executable, "-c", "from icpdocs.cli import main; main()", "validate", str(case), "--today", TODAY]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO_ROOT)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "file expands to more than 100,000 values" in result.stdout


def billion_laughs(levels: int = 12) -> str:
    lines = ['lol: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_rejected_fast_without_memory_blow_up(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / "valid" / "minimal", content)
    (content / "personas" / "carla-ceo.yaml").write_text(billion_laughs())  # 10**12 strings if expanded
    started = time.perf_counter()
    validation = validate_folder(content, label="content")
    elapsed = time.perf_counter() - started
    expected = "file expands to more than 100,000 values (aliases repeat content)"
    assert [d.message for d in validation.errors] == [expected]
    assert elapsed < 1.0
    tracemalloc.start()  # measured apart: tracing slows the run down several times
    validate_folder(content, label="content")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def snapshot(folder: Path) -> dict[str, str]:
    """Return every path under `folder` (folders too) with a hash of its bytes and its mode."""
    state = {}
    for path in sorted(folder.rglob("*")):
        stat = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        state[path.relative_to(folder).as_posix()] = f"{digest} {stat.st_mode:o} {stat.st_mtime_ns}"
    return state


def test_validate_never_writes(run_cli: RunCli, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE_CONTENT, project / "content")
    shutil.copytree(CASES / "invalid" / "many-problems-in-one-run" / "content", project / "broken")
    before = snapshot(tmp_path)
    for folder in ("content", "broken"):
        for extra in ([], ["--strict"], ["--format", "json"], ["--format", "github"]):
            run_cli("validate", project / folder, "--today", TODAY, *extra)
        validate_folder(project / folder)
    assert snapshot(tmp_path) == before
