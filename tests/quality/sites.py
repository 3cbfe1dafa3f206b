"""Sites for the quality gates: built from throwaway git repositories (so pages have history), served locally."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from icpdocs.cli import main
from icpdocs.site import build_site, mkdocs_log
from tests.browser.sitebuild import ATTACK, injection_content, write_config
from tests.conftest import EXAMPLE_CONTENT, REPO_ROOT, GitRepo

HOSPITALS = "content/icps/mid-market-hospital-groups.yaml"
# A valid catalog a quarter of the example's size: every page type, a quarter of the pages to crawl.
SLIM_CONTENT = ("market.yaml", "icps/mid-market-hospital-groups.yaml", "personas/colin-clinical.yaml",
                "personas/paula-procurement.yaml")
# The attack again where git puts text on pages: commit messages and authors' names
# (git drops "<" and ">" from names, so a name carries the rest).
ATTACK_AUTHOR = "Eve {{ 7*7 }} [x](javascript:alert(1)) <eve@example.com>"


def new_repo(root: Path) -> GitRepo:
    """Return an empty git repository on branch main at `root`."""
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    return GitRepo(root)


def example_repo(root: Path) -> GitRepo:
    """Return a repository holding the example content in two commits, so History sections have entries."""
    repo = new_repo(root)
    repo.copy_content()
    repo.commit("Add the example content", date="2026-09-01T09:00:00")
    edit(repo, HOSPITALS, "employees: {min: 800,", "employees: {min: 900,")
    repo.commit("Raise the minimum for hospital groups", date="2026-10-02T09:00:00",
                author="Bo Editor <bo@example.com>")
    return repo


def release_repo(root: Path) -> GitRepo:
    """Return a repository with mkdocs.yml, a slim catalog and two releases: icp-2026-q3, then icp-2026-q4."""
    repo = new_repo(root)
    for relative in SLIM_CONTENT:
        repo.write(f"content/{relative}", (EXAMPLE_CONTENT / relative).read_text(encoding="utf-8"))
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    repo.commit("Publish the profiles", date="2026-09-01T09:00:00")
    repo.tag("icp-2026-q3")  # lightweight: dated by its commit, so the releases sort by their content's date
    edit(repo, HOSPITALS, "regions: [US]", "regions: [US, CA]")
    repo.commit("Sell to hospital groups in Canada too", date="2026-11-02T09:00:00")
    repo.tag("icp-2026-q4")
    return repo


def hostile_example_repo(root: Path) -> GitRepo:
    """Return a repository holding the example content, then a commit putting the attack in every text field."""
    repo = new_repo(root)
    repo.copy_content()
    repo.commit("Add the example content", date="2026-09-01T09:00:00")
    shutil.rmtree(root / "content")
    injection_content(root / "content")
    repo.commit(ATTACK, date="2026-10-02T09:00:00", author=ATTACK_AUTHOR)
    return repo


def hostile_release(repo: GitRepo, name: str) -> None:
    """Commit and tag release `name`, whose every text field and commit message hold the attack."""
    attacked = injection_content(repo.root.parent / f"{name}-content")
    for relative in SLIM_CONTENT:
        repo.write(f"content/{relative}", (attacked / relative).read_text(encoding="utf-8"))
    repo.commit(ATTACK, date="2026-11-10T09:00:00", author=ATTACK_AUTHOR)
    repo.tag(name)


def build_versions(repo: GitRepo, out: Path) -> Path:
    """Run `icpdocs versions build` for the repository's mkdocs.yml into `out`; return `out`."""
    result = CliRunner().invoke(main, ["versions", "build", "--config-file", str(repo.root / "mkdocs.yml"),
                                       "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def edit(repo: GitRepo, relative: str, old: str, new: str) -> None:
    path = repo.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(folder: Path, content: Path, **plugin_options: Any) -> Path:
    """Build `content` strictly with the repo's mkdocs.yml into `folder`/site; return the site folder."""
    with mkdocs_log():
        return build_site(write_config(folder, content, **plugin_options), strict=True).site_dir


