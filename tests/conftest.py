"""Fixtures shared by every test: the CLI runner and throwaway git repositories."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from icpdocs.cli import main

HERE = Path(__file__).parent
REPO_ROOT = HERE.parent
EXAMPLE_CONTENT = REPO_ROOT / "content"

# Git must not read the developer's own configuration, and dates must be reproducible.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
    "GIT_AUTHOR_NAME": "Ada Author",
    "GIT_AUTHOR_EMAIL": "ada@example.com",
    "GIT_COMMITTER_NAME": "Ada Author",
    "GIT_COMMITTER_EMAIL": "ada@example.com",
}


@pytest.fixture(autouse=True, scope="session")
def _isolated_git() -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in GIT_ENV}
    os.environ.update(GIT_ENV)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def run_cli() -> Callable[..., Result]:
    """Run `icpdocs ARGS...` in-process and return click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@dataclass
class GitRepo:
    """A throwaway git repository with helpers to write files and commit them."""

    root: Path
    commits: int = 0

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, capture_output=True, text=True, check=True)
        return result.stdout

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def remove(self, relative: str) -> None:
        self.git("rm", "-q", relative)

    def commit(self, message: str, *, date: str | None = None, author: str | None = None) -> str:
        """Commit everything; `date` like '2026-03-01T10:00:00' (default: one hour per commit)."""
        self.commits += 1
        when = date or (dt.datetime(2026, 1, 1, 12) + dt.timedelta(hours=self.commits)).isoformat()
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{when} +0000", "GIT_COMMITTER_DATE": f"{when} +0000"}
        if author:
            name, _, email = author.partition(" <")
            env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email.rstrip(">") or "someone@example.com")
        self.git("add", "-A")
        subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", message], cwd=self.root, env=env,
                       check=True, capture_output=True)
        return self.git("rev-parse", "HEAD").strip()

    def tag(self, name: str, message: str | None = None) -> None:
        if message:
            self.git("tag", "-a", name, "-m", message)
        else:
            self.git("tag", name)

    def copy_content(self, source: Path = EXAMPLE_CONTENT, target: str = "content") -> None:
        shutil.copytree(source, self.root / target, dirs_exist_ok=True)


@pytest.fixture
def git_repo(tmp_path: Path) -> GitRepo:
    """An empty git repository on branch main in tmp_path/repo."""
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return GitRepo(root)
