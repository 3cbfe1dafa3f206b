"""History from real throwaway repositories with scripted commits: the exact entries, and the git cost."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from icpdocs import history_versions
from icpdocs.feed import ATOM, atom_feed
from icpdocs.history import History, extract_history, group_by_month
from icpdocs.history_cache import FILE_NAME, HistoryCache
from tests.acceptance.conftest import write_history
from tests.conftest import GitRepo

SUMMARY = """summary: >-
  Regional groups of hospitals whose audit
  preparation takes weeks of manual work.
"""
REFLOWED = """summary: >-
  Regional groups of hospitals
  whose audit preparation takes weeks of
  manual work.
"""
PAINS = {
    "audit": "  - id: audit\n    title: Audit preparation is manual\n    severity: high\n",
    "records": "  - id: records\n    title: Records are split\n    severity: {severity}\n",
    "access": "  - id: access\n    title: Access reviews lag\n    severity: medium\n",
}


def icp_yaml(*, status: str = "draft", minimum: int = 200, industries: str = "Hospitals, Clinics",
             pains: tuple[str, ...] = ("records", "access"), severity: str = "high", summary: str = SUMMARY) -> str:
    pain_text = "".join(PAINS[p].format(severity=severity) for p in pains)
    return (f"name: Hospital groups\nstatus: {status}\nversion: 1\nowner: revenue-operations\n"
            f"last_reviewed: 2026-01-05\n{summary}firmographics:\n  industries: [{industries}]\n"
            f"  employees: {{min: {minimum}, max: 2000}}\npain_points:\n{pain_text}")


def entries_of(history: History, kind: str, entity_id: str) -> list[tuple[str, str, str, str, list[str]]]:
    return [(e.message, e.kind, e.old_path, e.path, [c.label for c in e.changes])
            for e in history.for_entity(kind, entity_id).entries]


@pytest.fixture
def scripted(git_repo: GitRepo) -> GitRepo:
    """A repository whose hospitals ICP goes through every kind of change."""
    repo = git_repo
    repo.write("content/icps/hospitals.yaml", icp_yaml())
    repo.write("content/icps/clinics.yaml", icp_yaml(industries="Clinics"))
    repo.write("content/README.md", "Not a profile.\n")
    repo.commit("Add the hospitals ICP", date="2026-01-05T10:00:00")
    repo.write("content/icps/hospitals.yaml", icp_yaml(status="active", minimum=500))
    repo.commit("Activate hospitals and raise the minimum", date="2026-01-20T10:00:00",
                author="Bo Editor <bo@example.com>")
    repo.write("content/icps/hospitals.yaml",
               icp_yaml(status="active", minimum=500, pains=("audit", "records", "access")))
    repo.commit("Add the audit pain point", date="2026-02-03T10:00:00")
    repo.write("content/icps/hospitals.yaml", icp_yaml(status="active", minimum=500, pains=("audit", "records")))
    repo.commit("Drop the access pain point", date="2026-02-10T10:00:00")
    repo.write("content/icps/hospitals.yaml", icp_yaml(status="active", minimum=500, pains=("records", "audit"),
                                                       industries="Clinics, Hospitals"))
    repo.commit("Sort pain points and industries", date="2026-02-15T10:00:00")
    repo.write("content/icps/hospitals.yaml", icp_yaml(status="active", minimum=500, pains=("records", "audit"),
                                                       industries="Clinics, Hospitals", summary=REFLOWED))
    repo.commit("Reflow the summary", date="2026-02-20T10:00:00")
    repo.remove("content/icps/hospitals.yaml")
    repo.write("content/icps/hospital-groups.yaml", icp_yaml(
        status="active", minimum=500, pains=("records", "audit"), industries="Clinics, Hospitals",
        summary=REFLOWED, severity="critical"))
    repo.commit("Rename hospitals to hospital-groups", date="2026-03-01T10:00:00")
    repo.write("content/icps/hospital-groups.yaml", icp_yaml(
        status="active", minimum=500, pains=("records", "audit"), industries="Clinics, Hospitals, Ambulatory care",
        summary=REFLOWED, severity="critical"))
    repo.commit("Add Ambulatory care", date="2026-03-05T10:00:00")
    repo.remove("content/icps/clinics.yaml")
    repo.commit("Retire clinics", date="2026-03-10T10:00:00")
    return repo


def test_history_of_every_kind_of_change(scripted: GitRepo) -> None:
    history = extract_history(scripted.root)
    assert history.available and not history.truncated and history.warning == ""
    assert entries_of(history, "icp", "hospital-groups") == [
        ("Add Ambulatory care", "modified", "icps/hospital-groups.yaml", "icps/hospital-groups.yaml",
         ["Industry added: Ambulatory care"]),
        ("Rename hospitals to hospital-groups", "renamed", "icps/hospitals.yaml", "icps/hospital-groups.yaml",
         ["ICP hospitals renamed to hospital-groups", "Pain point 'Records are split' severity: high -> critical"]),
        ("Reflow the summary", "modified", "icps/hospitals.yaml", "icps/hospitals.yaml", []),
        ("Sort pain points and industries", "modified", "icps/hospitals.yaml", "icps/hospitals.yaml", []),
        ("Drop the access pain point", "modified", "icps/hospitals.yaml", "icps/hospitals.yaml",
         ["Pain point removed: Access reviews lag"]),
        ("Add the audit pain point", "modified", "icps/hospitals.yaml", "icps/hospitals.yaml",
         ["Pain point added: Audit preparation is manual"]),
        ("Activate hospitals and raise the minimum", "modified", "icps/hospitals.yaml", "icps/hospitals.yaml",
         ["Status: draft -> active", "Employees minimum: 200 -> 500"]),
        ("Add the hospitals ICP", "created", "icps/hospitals.yaml", "icps/hospitals.yaml", ["ICP hospitals added"]),
    ]
    assert entries_of(history, "icp", "clinics") == [
        ("Retire clinics", "deleted", "icps/clinics.yaml", "icps/clinics.yaml", ["ICP clinics removed"]),
        ("Add the hospitals ICP", "created", "icps/clinics.yaml", "icps/clinics.yaml", ["ICP clinics added"]),
    ]
    assert set(history.entities) == {("icp", "hospital-groups"), ("icp", "clinics")}


def test_entries_carry_commit_date_and_author(scripted: GitRepo) -> None:
    entity = extract_history(scripted.root).for_entity("icp", "hospital-groups")
    assert entity.exists and entity.path == "icps/hospital-groups.yaml"
    activated = entity.entries[-2]
    sha = scripted.git("log", "-1", "--format=%H", "--grep=Activate").strip()
    assert (activated.commit, activated.short, activated.date, activated.author) == (
        sha, sha[:7], "2026-01-20T10:00:00+00:00", "Bo Editor")
    assert activated.anchor == f"change-{sha[:7]}"
    assert entity.last_changed is not None and entity.last_changed.message == "Add Ambulatory care"
    assert not extract_history(scripted.root).for_entity("icp", "clinics").exists


def test_recent_changes_across_profiles_grouped_by_month(scripted: GitRepo) -> None:
    recent = extract_history(scripted.root).recent()
    assert [(e.entity_id, e.message) for e in recent[:3]] == [
        ("clinics", "Retire clinics"),
        ("hospital-groups", "Add Ambulatory care"),
        ("hospital-groups", "Rename hospitals to hospital-groups"),
    ]
    assert recent[0].changes[0].label == "ICP clinics removed"
    assert "Reflow the summary" not in [e.message for e in recent]  # no field changed
    groups = group_by_month(recent)
    assert [(g.month, g.title, len(g.entries)) for g in groups] == [
        ("2026-03", "March 2026", 3), ("2026-02", "February 2026", 2), ("2026-01", "January 2026", 3)]
    assert len(extract_history(scripted.root).recent(limit=2)) == 2


def test_uncommitted_changes_come_first(scripted: GitRepo) -> None:
    scripted.write("content/icps/hospital-groups.yaml", icp_yaml(
        status="retired", minimum=500, pains=("records", "audit"), industries="Clinics, Hospitals, Ambulatory care",
        summary=REFLOWED, severity="critical"))
    scripted.write("content/icps/new-segment.yaml", icp_yaml())
    history = extract_history(scripted.root)
    first = history.for_entity("icp", "hospital-groups").entries[0]
    assert (first.kind, first.commit, first.message, [c.label for c in first.changes]) == (
        "uncommitted", "", "Not yet committed", ["Status: active -> retired"])
    assert entries_of(history, "icp", "new-segment") == [
        ("Not yet committed", "uncommitted", "icps/new-segment.yaml", "icps/new-segment.yaml",
         ["ICP new-segment added"])]
    assert [e.entity_id for e in history.recent()[:2]] == ["hospital-groups", "new-segment"]
    assert group_by_month(history.recent())[0].title == "Not yet committed"


def test_uncommitted_removal_and_rename(scripted: GitRepo) -> None:
    (scripted.root / "content/icps/hospital-groups.yaml").rename(scripted.root / "content/icps/hospital-systems.yaml")
    history = extract_history(scripted.root)
    assert entries_of(history, "icp", "hospital-systems")[0] == (
        "Not yet committed", "uncommitted", "icps/hospital-groups.yaml", "icps/hospital-systems.yaml",
        ["ICP hospital-groups renamed to hospital-systems"])
    assert len(history.for_entity("icp", "hospital-systems").entries) == 9
    (scripted.root / "content/icps/hospital-systems.yaml").unlink()
    history = extract_history(scripted.root)
    assert entries_of(history, "icp", "hospital-groups")[0] == (
        "Not yet committed", "uncommitted", "icps/hospital-groups.yaml", "icps/hospital-groups.yaml",
        ["ICP hospital-groups removed"])
    assert not history.for_entity("icp", "hospital-groups").exists


def test_clean_tree_has_no_uncommitted_entry(scripted: GitRepo) -> None:
    history = extract_history(scripted.root)
    assert all(e.committed for h in history.entities.values() for e in h.entries)


def test_unreadable_version_is_reported_and_skipped(git_repo: GitRepo) -> None:
    git_repo.write("content/icps/a.yaml", icp_yaml())
    git_repo.commit("Create")
    git_repo.write("content/icps/a.yaml", icp_yaml().replace("status: draft", "status: [draft"))
    git_repo.commit("Break")
    git_repo.write("content/icps/a.yaml", icp_yaml(status="active"))
    git_repo.commit("Fix")
    fixed, broken, created = extract_history(git_repo.root).for_entity("icp", "a").entries
    assert [c.label for c in fixed.changes] == ["Status: draft -> active"]
    assert broken.changes == () and broken.problem.startswith("YAML syntax error")
    assert created.problem == ""


def test_shallow_clone_is_marked_truncated(scripted: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{scripted.root}", str(clone)],
                   check=True, capture_output=True)
    history = extract_history(clone)
    assert history.available and history.truncated
    assert "fetch-depth: 0" in history.warning and "git fetch --unshallow" in history.warning
    assert entries_of(history, "icp", "clinics") == [
        ("Retire clinics", "deleted", "icps/clinics.yaml", "icps/clinics.yaml", ["ICP clinics removed"])]
    groups = history.for_entity("icp", "hospital-groups")
    assert groups.exists and groups.entries == ()


def test_no_repository_means_no_history(tmp_path: Path) -> None:
    (tmp_path / "content" / "icps").mkdir(parents=True)
    (tmp_path / "content" / "icps" / "a.yaml").write_text(icp_yaml(), encoding="utf-8")
    history = extract_history(tmp_path)
    assert not history.available and history.entities == {}
    assert history.warning == f"change history is not shown: {tmp_path} is not in a git repository"
    assert history.for_entity("icp", "a").entries == ()
    assert not (tmp_path / ".icpdocs-cache").exists()


def test_repository_without_commits_shows_uncommitted_profiles(git_repo: GitRepo) -> None:
    git_repo.write("content/icps/a.yaml", icp_yaml())
    history = extract_history(git_repo.root)
    assert history.available
    assert entries_of(history, "icp", "a") == [
        ("Not yet committed", "uncommitted", "icps/a.yaml", "icps/a.yaml", ["ICP a added"])]


def test_content_folder_in_a_subfolder_of_the_repository(git_repo: GitRepo) -> None:
    git_repo.write("docs-site/content/icps/a.yaml", icp_yaml())
    git_repo.commit("Create")
    git_repo.write("docs-site/content/icps/a.yaml", icp_yaml(minimum=300))
    history = extract_history(git_repo.root / "docs-site")
    assert [(e.kind, [c.label for c in e.changes]) for e in history.for_entity("icp", "a").entries] == [
        ("uncommitted", ["Employees minimum: 200 -> 300"]), ("created", ["ICP a added"])]


@pytest.fixture
def git_processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """Record every git process started (subprocess.run starts them through Popen)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    class CountingPopen(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
            if list(args)[:1] == ["git"]:
                started.append(list(args))
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", CountingPopen)
    yield started


def test_git_processes_for_50_files_and_300_commits(tmp_path: Path, git_processes: list[list[str]]) -> None:
    repo = write_history(tmp_path / "big", files=50, commits=300)
    git_processes.clear()
    history = extract_history(repo)
    assert len(git_processes) <= 3, git_processes
    entries = [e for h in history.entities.values() for e in h.entries]
    assert len(history.entities) == 50 and len(entries) == 50 + 299 * 2
    assert sum(1 for e in entries if e.kind == "modified" and e.changes) > 500


def test_without_the_working_tree_two_git_processes(scripted: GitRepo, git_processes: list[list[str]]) -> None:
    scripted.write("content/icps/new.yaml", icp_yaml())
    history = extract_history(scripted.root, include_worktree=False)
    assert len(git_processes) == 2
    assert history.for_entity("icp", "new").entries == ()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    seen: list[bytes] = []
    real = history_versions.parse_version

    def counting(raw: bytes) -> Any:
        seen.append(raw)
        return real(raw)

    monkeypatch.setattr(history_versions, "parse_version", counting)
    return seen


def test_warm_run_parses_nothing_and_reads_no_blob(scripted: GitRepo, tmp_path: Path, parses: list[bytes],
                                                    git_processes: list[list[str]]) -> None:
    cache_dir = tmp_path / "cache"
    cold = extract_history(scripted.root, cache_dir=cache_dir)
    assert parses and (cache_dir / FILE_NAME).is_file()
    parses.clear()
    git_processes.clear()
    warm = extract_history(scripted.root, cache_dir=cache_dir)
    assert warm == cold
    assert parses == []
    commands = [next(a for a in args if a in ("cat-file", "log", "ls-tree")) for args in git_processes]
    assert commands == ["log", "ls-tree"]


def test_default_cache_folder_is_at_the_repository_root(scripted: GitRepo) -> None:
    extract_history(scripted.root)
    folder = scripted.root / ".icpdocs-cache"
    assert (folder / FILE_NAME).is_file() and (folder / "CACHEDIR.TAG").is_file()
    assert scripted.git("status", "--porcelain") == ""  # the cache folder ignores itself


def test_memory_cache_is_reused_across_rebuilds(scripted: GitRepo, parses: list[bytes]) -> None:
    cache = HistoryCache(None)
    first = extract_history(scripted.root, cache=cache)
    parses.clear()
    scripted.write("content/icps/hospital-groups.yaml", icp_yaml(status="retired"))
    second = extract_history(scripted.root, cache=cache)
    assert len(parses) == 1  # only the edited file
    assert second.for_entity("icp", "hospital-groups").entries[1:] == first.for_entity("icp", "hospital-groups").entries


@pytest.mark.parametrize("content", [
    "{not json", "[]", json.dumps({"format": 1, "icpdocs": "0.0.0", "diffs": {}}),
    "\x00\x01", json.dumps({"format": 1, "diffs": {"icp:a:b": 5}, "problems": [], "versions": {"x": 1}}),
])
def test_corrupt_cache_is_ignored_and_rebuilt(scripted: GitRepo, tmp_path: Path, content: str) -> None:
    expected = extract_history(scripted.root, cache=HistoryCache(None))
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / FILE_NAME).write_text(content, encoding="utf-8")
    assert extract_history(scripted.root, cache_dir=cache_dir) == expected
    assert json.loads((cache_dir / FILE_NAME).read_text(encoding="utf-8"))["format"] == 1


def test_corrupt_cached_diff_rows_are_recomputed(scripted: GitRepo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    expected = extract_history(scripted.root, cache_dir=cache_dir)
    stored = json.loads((cache_dir / FILE_NAME).read_text(encoding="utf-8"))
    stored["diffs"] = {key: [["bad"]] for key in stored["diffs"]}
    (cache_dir / FILE_NAME).write_text(json.dumps(stored), encoding="utf-8")
    assert extract_history(scripted.root, cache_dir=cache_dir) == expected


def test_feed_of_recent_changes_parses_as_atom(scripted: GitRepo) -> None:
    history = extract_history(scripted.root)
    text = atom_feed(history.recent(), site_url="https://icp.example.com/", title="Changes",
                     updated=dt.datetime(2026, 3, 10, tzinfo=dt.UTC))
    root = ET.fromstring(text)
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(history.recent())
    links = [e.find(f"{{{ATOM}}}link").get("href") for e in entries]  # type: ignore[union-attr]
    assert links[:2] == ["https://icp.example.com/icps/clinics/#history",
                         "https://icp.example.com/icps/hospital-groups/#history"]
    assert len({e.findtext(f"{{{ATOM}}}id") for e in entries}) == len(entries)


def test_copy_under_a_new_name_while_the_old_file_changes_is_a_new_profile(git_repo: GitRepo) -> None:
    # git reports a rename only when the old path disappears; a rewritten file keeps its history.
    git_repo.write("content/icps/a.yaml", icp_yaml())
    git_repo.commit("Create a")
    git_repo.write("content/icps/b.yaml", icp_yaml())
    git_repo.write("content/icps/a.yaml", icp_yaml(status="active"))
    git_repo.commit("Copy a to b, activate a")
    history = extract_history(git_repo.root)
    assert entries_of(history, "icp", "b") == [
        ("Copy a to b, activate a", "created", "icps/b.yaml", "icps/b.yaml", ["ICP b added"])]
    assert entries_of(history, "icp", "a")[0] == (
        "Copy a to b, activate a", "modified", "icps/a.yaml", "icps/a.yaml", ["Status: draft -> active"])
