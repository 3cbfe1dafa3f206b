"""Nothing lost: every command leaves content/, the git index, HEAD, the refs and `git status` exactly as they were."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from icpdocs.history import extract_history
from tests.conftest import GitRepo
from tests.quality.sites import HOSPITALS, edit, release_repo

COLIN = "content/personas/colin-clinical.yaml"
PAULA = "content/personas/paula-procurement.yaml"
SERVE_TIMEOUT = 60


@dataclass(frozen=True)
class RepoState:
    """Everything of a repository that a command must never change."""

    content: dict[str, bytes]
    index: bytes
    head: str
    refs: str
    worktrees: str
    status: str


def snapshot(repo: GitRepo) -> RepoState:
    """Read the state; the index's bytes first, because `git status` may refresh the index it reads."""
    index = (repo.root / ".git" / "index").read_bytes()
    content = {p.relative_to(repo.root).as_posix(): p.read_bytes()
               for p in sorted((repo.root / "content").rglob("*")) if p.is_file()}
    head = (repo.root / ".git" / "HEAD").read_text(encoding="utf-8") + repo.git("rev-parse", "HEAD")
    return RepoState(content, index, head, repo.git("for-each-ref"), repo.git("worktree", "list", "--porcelain"),
                     repo.git("status", "--porcelain=v1", "--untracked-files=all"))


@pytest.fixture
def busy_repo(tmp_path: Path) -> GitRepo:
    """Two releases, then work in progress: a staged edit, an unstaged edit and an untracked page."""
    repo = release_repo(tmp_path / "repo")
    repo.write(".gitignore", "site/\n.icpdocs-cache/\n")  # what the project's own .gitignore ignores
    repo.commit("Ignore the built site and the history cache", date="2026-11-03T09:00:00")
    edit(repo, COLIN, "title: Chief Medical Information Officer", "title: Chief Medical Officer")
    repo.git("add", COLIN)
    edit(repo, PAULA, "slip by a quarter", "slip by two quarters")
    repo.write("content/notes.md", "# Notes\n\nNot committed yet.\n")
    repo.git("status")  # settle the index's cached file times before the first snapshot
    return repo


def test_no_command_changes_the_content_the_index_or_head(busy_repo: GitRepo, run_cli: Callable[..., Result],
                                                          tmp_path: Path) -> None:
    repo, config = busy_repo, busy_repo.root / "mkdocs.yml"
    before = snapshot(repo)
    assert "M  " + COLIN in before.status and " M " + PAULA in before.status and "?? content/notes.md" in before.status

    assert run_cli("validate", repo.root / "content").exit_code == 0
    assert run_cli("build", "--config-file", config).exit_code == 0
    serve_and_rebuild(config, repo.root / HOSPITALS)
    assert run_cli("diff", "icp-2026-q3", "--content", repo.root / "content", "--config-file", config,
                   "--fail-on", "never").exit_code == 0
    history = extract_history(repo.root, "content")
    assert history.for_entity("persona", "paula-procurement").uncommitted is not None  # it did read the working tree
    assert run_cli("versions", "build", "--config-file", config, "--out", tmp_path / "versions").exit_code == 0
    assert run_cli("versions", "list", "--config-file", config).exit_code == 0
    assert run_cli("versions", "diff", "icp-2026-q3", "--config-file", config).exit_code == 0

    after = snapshot(repo)
    assert after.content == before.content
    assert after.index == before.index, "the git index changed"
    assert (after.head, after.refs, after.worktrees) == (before.head, before.refs, before.worktrees)
    assert after.status == before.status


def serve_and_rebuild(config: Path, touched: Path) -> None:
    """Run `icpdocs serve`, touch a content file, wait for the rebuild it triggers, then stop the server."""
    with serving(config) as log:
        os.utime(touched)  # a new modification time, the same bytes
        wait_for(lambda: sum("Documentation built" in line for line in log) >= 2, "a rebuild after the touch", log)
    assert "Detected file changes" in "".join(log), "".join(log)


@contextmanager
def serving(config: Path) -> Iterator[list[str]]:
    """Run `icpdocs serve` on a free port until the site answers; yield its log lines as they come."""
    port = free_port()
    command = ["icpdocs", "serve", "--config-file", str(config), "--dev-addr", f"127.0.0.1:{port}"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as server:
        log: list[str] = []
        reader = threading.Thread(target=lambda: log.extend(server.stdout or []), daemon=True)
        reader.start()
        try:
            wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), "icpdocs serve to answer", log)
            yield log
        finally:
            stop(server)
            reader.join(timeout=5)


def stop(server: subprocess.Popen[str]) -> None:
    server.send_signal(signal.SIGINT)  # what Ctrl-C sends: MkDocs stops its watcher and server cleanly
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def wait_for(condition: Callable[[], bool], what: str, log: list[str]) -> None:
    deadline = time.monotonic() + SERVE_TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}:\n" + "".join(log)
        time.sleep(0.1)
