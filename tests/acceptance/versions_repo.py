"""A throwaway repository with three releases of the example content, for the versioned-site tests.

- icp-2026-q1 (annotated "Q1 2026"): the example content without the persona Sam Security.
- icp-2026-q2 (lightweight): adds the ICP Rural hospitals and Sam Security; Mid-market hospital
  groups needs 1,000 employees instead of 800 (narrowed).
- icp-2026-q3 (annotated "Q3 2026"): removes Rural hospitals; Mid-market hospital groups adds
  the region CA (broadened).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import EXAMPLE_CONTENT, REPO_ROOT, GitRepo

MID_MARKET = "content/icps/mid-market-hospital-groups.yaml"
RURAL = "content/icps/rural-hospitals.yaml"
SAM = "content/personas/sam-security.yaml"


def new_repo(root: Path) -> GitRepo:
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    repo = GitRepo(root)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return repo


def tag(repo: GitRepo, name: str, message: str | None, when: str) -> None:
    """Tag HEAD; an annotated tag is dated `when` (a release is tagged after its last commit)."""
    env = {**os.environ, "GIT_COMMITTER_DATE": f"{when} +0000"}
    args = ["git", "tag", "-a", name, "-m", message] if message else ["git", "tag", name]
    subprocess.run(args, cwd=repo.root, env=env, check=True, capture_output=True)


def edit(repo: GitRepo, relative: str, old: str, new: str) -> None:
    path = repo.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def release_repo(root: Path) -> GitRepo:
    """Return a repository at `root` holding mkdocs.yml, content/ and the three releases above."""
    repo = new_repo(root)
    repo.copy_content()
    (root / SAM).unlink()
    repo.commit("Q1 profiles", date="2026-03-30T12:00:00")
    tag(repo, "icp-2026-q1", "Q1 2026", "2026-03-31T09:00:00")

    small = (EXAMPLE_CONTENT / "icps/small-independent-practices.yaml").read_text(encoding="utf-8")
    repo.write(RURAL, small.replace("name: Small independent practices", "name: Rural hospitals"))
    shutil.copyfile(EXAMPLE_CONTENT / "personas/sam-security.yaml", root / SAM)
    edit(repo, MID_MARKET, "employees: {min: 800, max: 5000}", "employees: {min: 1000, max: 5000}")
    edit(repo, MID_MARKET, "version: 5", "version: 6")
    repo.commit("Q2 profiles", date="2026-06-30T12:00:00")
    tag(repo, "icp-2026-q2", None, "")

    repo.remove(RURAL)
    edit(repo, MID_MARKET, "regions: [US]", "regions: [US, CA]")
    edit(repo, MID_MARKET, "version: 6", "version: 7")
    repo.commit("Q3 profiles", date="2026-09-29T12:00:00")
    tag(repo, "icp-2026-q3", "Q3 2026", "2026-09-30T09:00:00")
    return repo
