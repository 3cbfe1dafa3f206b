"""The pull-request workflow, the pre-commit hook and CODEOWNERS generation."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE_CONTENT, REPO_ROOT, GitRepo

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "icp-review.yml"
HOOKS = REPO_ROOT / ".pre-commit-hooks.yaml"


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("check-jsonschema")
    assert tool, "check-jsonschema is a test dependency"
    return subprocess.run([tool, *args], capture_output=True, text=True, check=False)


def test_workflow_is_a_valid_github_workflow() -> None:
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = _check_jsonschema("--builtin-schema", schema, str(WORKFLOW))
        assert result.returncode == 0, result.stdout + result.stderr


def _icpdocs_commands(workflow: dict) -> list[list[str]]:  # type: ignore[type-arg]
    commands = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                words = shlex.split(line.split(">")[0])
                if words[:1] == ["icpdocs"]:
                    commands.append(words[1:])
    return commands


def test_workflow_runs_only_commands_and_options_icpdocs_has(run_cli) -> None:  # type: ignore[no-untyped-def]
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the `on:` key as True (YAML 1.1); GitHub reads it as "on".
    assert workflow[True]["pull_request"]["paths"] == ["content/**", "schemas/**"]
    commands = _icpdocs_commands(workflow)
    assert {c[0] for c in commands} >= {"validate", "diff", "build"}
    for command in commands:
        helptext = run_cli(command[0], "--help")
        assert helptext.exit_code == 0, f"icpdocs {command[0]} does not exist"
        for word in command[1:]:
            if word.startswith("--"):
                assert word in helptext.output, f"icpdocs {command[0]} has no option {word}"


def test_pre_commit_hook_definition_is_valid() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["icpdocs-validate"]
    assert hooks[0]["entry"].split()[0] == "icpdocs"


def _hook_repo(tmp_path: Path) -> Path:
    """Return a git repo holding this working tree's package, as a hook repository would."""
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO_ROOT / name, hook_repo / name)
    for folder in ("icpdocs", "schemas"):
        shutil.copytree(REPO_ROOT / folder, hook_repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "hook repo"]):
        subprocess.run(["git", *args], cwd=hook_repo, check=True, capture_output=True)
    return hook_repo


@pytest.mark.slow
def test_pre_commit_try_repo_validates_content(git_repo: GitRepo, tmp_path: Path) -> None:
    tool = shutil.which("pre-commit")
    assert tool, "pre-commit is a test dependency"
    git_repo.copy_content()
    git_repo.commit("Add content")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    command = [tool, "try-repo", str(_hook_repo(tmp_path)), "icpdocs-validate", "--all-files"]
    clean = subprocess.run(command, cwd=git_repo.root, capture_output=True, text=True, env=env, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout

    git_repo.write("content/icps/broken.yaml", "name: Broken\nstatus: actve\n")
    git_repo.git("add", "-A")
    broken = subprocess.run(command, cwd=git_repo.root, capture_output=True, text=True, env=env, check=False)
    assert broken.returncode == 1
    assert "content/icps/broken.yaml:2:9: error: status: expected one of draft, active, retired" in broken.stdout


def test_codeowners_maps_owners_to_handles(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nplugins:\n  - search\n  - icpdocs:\n      owners:\n        revenue-operations: '@q/revops'\n",
        encoding="utf-8",
    )
    result = run_cli("codeowners", EXAMPLE_CONTENT, "--config-file", config,
                     "--map", "product-marketing=@q/pmm", "--map", "sales-leadership=@q/sales")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "/content/icps/mid-market-hospital-groups.yaml @q/revops" in lines
    assert "/content/personas/tim-it.yaml @q/pmm" in lines
    assert "/content/icps/small-independent-practices.yaml @q/sales" in lines
    assert not [line for line in lines if line.startswith("# /")]


def test_codeowners_comments_out_unmapped_owners(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("codeowners", EXAMPLE_CONTENT, "--config-file", tmp_path / "absent.yml")
    assert result.exit_code == 0
    assert "# /content/personas/tim-it.yaml product-marketing (no GitHub handle mapped" in result.stdout
    assert "warning: no GitHub handle for owner 'product-marketing'" in result.stderr


def test_codeowners_rejects_a_malformed_map(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("codeowners", EXAMPLE_CONTENT, "--map", "no-handle")
    assert result.exit_code == 2


def test_workflow_file_has_no_untrusted_expression_in_run_steps() -> None:
    # Expressions inside run: are pasted into the shell script; pass them through env instead.
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step
    assert sys.version_info >= (3, 11)
