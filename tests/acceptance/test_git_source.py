"""Content from a git revision is the same content as a checkout of that revision."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from icpdocs import gitrepo
from icpdocs.errors import GitError, IcpDocsError
from icpdocs.loader import FolderSource, GitSource, load
from icpdocs.validate import validate_source
from tests.conftest import GitRepo

TODAY = dt.date(2026, 11, 22)


def two_commits(repo: GitRepo) -> None:
    """Commit the example content plus a flawed file, then change, add and remove files."""
    repo.copy_content()
    repo.write("content/personas/broken-persona.yaml", "name: Broken\nicps: [mid-market-hospital-groups\n")
    repo.write("content/icps/bom-icp.yaml", "\ufeffname: With a BOM\nstatus: draft\n")
    repo.write("content/overview.md", "# Overview\n")
    repo.write("README.md", "outside content/\n")
    repo.commit("Add the example content")
    icp = repo.root / "content" / "icps" / "mid-market-hospital-groups.yaml"
    icp.write_text(icp.read_text().replace("version: ", "version: 1").replace("status: active", "status: draft"))
    repo.write("content/icps/new-icp.yaml", "name: New\n")
    repo.remove("content/personas/tim-it.yaml")
    repo.commit("Change things")


def checkout(repo: GitRepo, revision: str, where: Path) -> Path:
    repo.git("worktree", "add", "-q", "--detach", str(where), revision)
    return where / "content"


def test_a_revision_loads_the_same_as_its_checkout(git_repo: GitRepo, tmp_path: Path) -> None:
    two_commits(git_repo)
    from_git = load(GitSource(git_repo.root, "HEAD~1"))
    from_disk = load(FolderSource(checkout(git_repo, "HEAD~1", tmp_path / "old"), label="HEAD~1:content"))
    assert from_git.documents == from_disk.documents  # kind, id, path, data, positions, key positions
    assert [d.display_path for d in from_git.documents] == [d.display_path for d in from_disk.documents]
    assert from_git.diagnostics == from_disk.diagnostics
    assert from_git.markdown_pages == from_disk.markdown_pages == {"overview.md": b"# Overview\n"}
    assert from_git.unreadable == from_disk.unreadable == {("persona", "broken-persona")}
    assert any(d.id == "tim-it" for d in from_git.documents)


def test_a_revision_validates_to_the_same_catalog_as_its_checkout(git_repo: GitRepo, tmp_path: Path) -> None:
    two_commits(git_repo)
    from_git = validate_source(GitSource(git_repo.root, "HEAD~1"), TODAY)
    from_disk = validate_source(FolderSource(checkout(git_repo, "HEAD~1", tmp_path / "old"), "HEAD~1:content"), TODAY)
    assert from_git.catalog == from_disk.catalog
    assert from_git.catalog.documents == from_disk.catalog.documents
    assert from_git.diagnostics == from_disk.diagnostics
    assert from_git.summary() == from_disk.summary()
    assert from_git.catalog.icps["mid-market-hospital-groups"].status == "active"


def test_head_differs_from_the_revision_before(git_repo: GitRepo) -> None:
    two_commits(git_repo)
    old = validate_source(GitSource(git_repo.root, "HEAD~1"), TODAY).catalog
    new = validate_source(GitSource(git_repo.root, "HEAD"), TODAY).catalog
    assert new != old
    assert "tim-it" in old.personas and "tim-it" not in new.personas
    assert new.icps["mid-market-hospital-groups"].status == "draft"


def test_blobs_carry_their_git_ids(git_repo: GitRepo) -> None:
    two_commits(git_repo)
    documents = load(GitSource(git_repo.root, "HEAD")).documents
    market = next(d for d in documents if d.kind == "market")
    assert market.blob == git_repo.git("rev-parse", "HEAD:content/market.yaml").strip()


def test_a_revision_is_read_with_two_git_processes(git_repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    two_commits(git_repo)
    calls: list[str] = []
    real = gitrepo.run_git

    def counting(repo: Path, args: list[str], **kwargs: bytes | None) -> bytes:
        calls.append(args[0])
        return real(repo, args, **kwargs)

    monkeypatch.setattr(gitrepo, "run_git", counting)
    assert len(load(GitSource(git_repo.root, "HEAD")).documents) > 10
    assert calls == ["ls-tree", "cat-file"]


def test_a_symlink_in_a_revision_is_reported_not_followed(git_repo: GitRepo) -> None:
    git_repo.copy_content()
    os.symlink("/etc/passwd", git_repo.root / "content" / "personas" / "sneaky.yaml")
    git_repo.commit("Add a link")
    diagnostics = [d.format() for d in load(GitSource(git_repo.root, "HEAD")).diagnostics]
    assert diagnostics == [
        "HEAD:content/personas/sneaky.yaml:1:1: error: file is a symbolic link; links are not followed in git "
        "revisions (hint: replace the link with the file itself)",
    ]


def test_a_file_over_the_cap_in_a_revision_is_reported(git_repo: GitRepo) -> None:
    git_repo.copy_content()
    git_repo.write("content/personas/huge.yaml", "quote: '" + "x" * (1024 * 1024) + "'\n")
    git_repo.commit("Add a huge file")
    diagnostics = [d.format() for d in load(GitSource(git_repo.root, "HEAD")).diagnostics]
    assert diagnostics == [
        "HEAD:content/personas/huge.yaml:1:1: error: file is 1,048,586 bytes; the limit is 1,048,576 (1 MiB) "
        "(hint: split the profile or move long text out of it)",
    ]


def test_a_content_folder_elsewhere_in_the_repository(git_repo: GitRepo) -> None:
    git_repo.copy_content(target="docs/profiles")
    git_repo.commit("Content in another folder")
    validation = validate_source(GitSource(git_repo.root, "HEAD", folder="docs/profiles/"), TODAY)
    assert validation.errors == []
    assert validation.catalog.market is not None


def test_an_unknown_revision_is_a_git_error_with_gits_message(git_repo: GitRepo) -> None:
    two_commits(git_repo)
    with pytest.raises(GitError) as caught:
        load(GitSource(git_repo.root, "no-such-branch"))
    assert isinstance(caught.value, IcpDocsError)
    assert "no-such-branch" in str(caught.value)
