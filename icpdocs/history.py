"""The change history of every profile, field by field, from one pass over git.

Git is asked three things whatever the size of the history: one `git log` with
rename detection and blob ids, one `git ls-tree` of HEAD (to spot uncommitted
edits by hashing the working tree), and one `git cat-file --batch` for the
versions the cache does not know yet. History follows a profile across renames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from icpdocs import gitrepo
from icpdocs.diff import Change
from icpdocs.errors import GitError
from icpdocs.history_cache import CACHE_DIR_NAME, HistoryCache
from icpdocs.history_replay import Replay, Step
from icpdocs.history_versions import Versions

HistoryKind = Literal["created", "modified", "renamed", "deleted", "uncommitted"]
SHALLOW_HINT = (
    "this is a shallow clone, so older changes are missing; fetch the whole history with "
    "`git fetch --unshallow`, or set `fetch-depth: 0` on actions/checkout"
)
UNCOMMITTED_MESSAGE = "Not yet committed"
_KINDS: dict[str, HistoryKind] = {"A": "created", "M": "modified", "T": "modified", "R": "renamed", "D": "deleted"}


@dataclass(frozen=True)
class HistoryEntry:
    """One commit's (or the working tree's) change to one profile."""

    entity_kind: str
    entity_id: str
    commit: str
    short: str
    date: str
    author: str
    message: str
    kind: HistoryKind
    old_path: str
    path: str
    changes: tuple[Change, ...]
    problem: str = ""
    sequence: int = 0

    @property
    def committed(self) -> bool:
        return bool(self.commit)

    @property
    def anchor(self) -> str:
        """Return the id of this entry on its profile's page."""
        return f"change-{self.short}" if self.commit else "change-uncommitted"

    @property
    def substantive(self) -> bool:
        """Return False for an edit that changed no field (formatting, order, comments)."""
        return bool(self.changes or self.problem or self.kind not in ("modified", "uncommitted"))


@dataclass(frozen=True)
class EntityHistory:
    """Every change to one profile, newest first; `path` is '' once the profile is removed."""

    kind: str
    id: str
    entries: tuple[HistoryEntry, ...] = ()
    path: str = ""

    @property
    def exists(self) -> bool:
        return bool(self.path)

    @property
    def last_changed(self) -> HistoryEntry | None:
        return newest_committed(self.entries)

    @property
    def uncommitted(self) -> HistoryEntry | None:
        return first_uncommitted(self.entries)


def newest_committed(entries: Sequence[HistoryEntry]) -> HistoryEntry | None:
    """Return the newest committed entry of a newest-first list."""
    return next((entry for entry in entries if entry.committed), None)


def first_uncommitted(entries: Sequence[HistoryEntry]) -> HistoryEntry | None:
    return next((entry for entry in entries if not entry.committed), None)


@dataclass(frozen=True)
class MonthGroup:
    """The changes of one month ("2026-03", "March 2026"); month '' holds uncommitted ones."""

    month: str
    title: str
    entries: tuple[HistoryEntry, ...]


@dataclass(frozen=True)
class History:
    """The history of every profile, or why there is none."""

    available: bool
    entities: Mapping[tuple[str, str], EntityHistory] = field(default_factory=dict)
    reason: str = ""
    truncated: bool = False
    content_folder: str = "content"

    @property
    def warning(self) -> str:
        """Return the one warning to show for missing or partial history, or ''."""
        if not self.available:
            return f"change history is not shown: {self.reason}"
        if self.truncated:
            return f"change history is incomplete: {SHALLOW_HINT}"
        return ""

    def for_entity(self, kind: str, entity_id: str) -> EntityHistory:
        return self.entities.get((kind, entity_id)) or EntityHistory(kind, entity_id)

    def recent(self, limit: int | None = 50) -> list[HistoryEntry]:
        """Return the latest substantive changes across all profiles, newest first."""
        entries = [e for h in self.entities.values() for e in h.entries if e.substantive]
        entries.sort(key=lambda e: (e.sequence, e.entity_kind, e.entity_id))
        return entries if limit is None else entries[:limit]


def group_by_month(entries: Iterable[HistoryEntry]) -> list[MonthGroup]:
    """Group entries (newest first) by the month of their date, keeping their order."""
    groups: dict[str, list[HistoryEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.date[:7], []).append(entry)
    return [MonthGroup(month, _month_title(month), tuple(items)) for month, items in groups.items()]


def _month_title(month: str) -> str:
    if not month:
        return UNCOMMITTED_MESSAGE
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def extract_history(
    repo_root: Path,
    content_folder: str = "content",
    *,
    cache_dir: Path | None = None,
    include_worktree: bool = True,
    cache: HistoryCache | None = None,
    revision: str = "HEAD",
) -> History:
    """Return the history of every profile under `content_folder` (relative to `repo_root`) up to `revision`.

    The working tree's uncommitted changes are included only for HEAD: a release's history ends at its tag.
    """
    folder = PurePosixPath(content_folder.strip("/") or ".").as_posix()
    if cache is None:
        cache = HistoryCache(cache_dir if cache_dir is not None else repo_root / CACHE_DIR_NAME)
    try:
        commits = gitrepo.log_changes(repo_root, folder, revision)
    except GitError as error:
        if gitrepo.NO_COMMITS not in error.stderr:
            return History(False, reason=_unavailable(repo_root, error), content_folder=folder)
        commits = []
    replay = Replay(folder)
    replay.add_commits(commits)
    if include_worktree and revision == "HEAD":
        replay.add_worktree(repo_root / folder, _head_blobs(repo_root, folder) if commits else {})
    cache.load()
    steps = [step for step in replay.finish() if not step.baseline]
    versions = Versions(repo_root, cache, replay)
    entries = [_entry(step, changes, problem) for step, changes, problem in versions.read(steps)]
    cache.save()
    truncated = any(commit.grafted for commit in commits)
    return History(True, _by_entity(entries, replay), truncated=truncated, content_folder=folder)


def _unavailable(repo_root: Path, error: GitError) -> str:
    if "not a git repository" in error.stderr.lower():
        return f"{repo_root} is not in a git repository"
    return error.stderr or str(error)


def _head_blobs(repo_root: Path, folder: str) -> dict[str, str]:
    """Return content path -> blob id at HEAD (one `git ls-tree`)."""
    try:
        tree = gitrepo.list_files(repo_root, "HEAD", folder)
    except GitError:
        return {}  # no HEAD to compare with
    prefix = len(folder) + 1 if folder not in ("", ".") else 0
    return {path[prefix:]: blob for mode, blob, path in tree if mode != "120000"}


def _by_entity(entries: list[HistoryEntry], replay: Replay) -> dict[tuple[str, str], EntityHistory]:
    grouped: dict[tuple[str, str], list[HistoryEntry]] = {}
    for entry in entries:
        grouped.setdefault((entry.entity_kind, entry.entity_id), []).append(entry)
    live = replay.live_paths()
    for key in live:
        grouped.setdefault(key, [])  # unchanged since a shallow clone's first commit: no entries
    return {
        key: EntityHistory(key[0], key[1], tuple(sorted(items, key=lambda e: e.sequence)), live.get(key, ""))
        for key, items in sorted(grouped.items())
    }


def _entry(step: Step, changes: tuple[Change, ...], problem: str) -> HistoryEntry:
    commit = step.commit
    if commit is None:
        return HistoryEntry(step.kind, step.id, "", "", "", "", UNCOMMITTED_MESSAGE, "uncommitted",
                            step.old_path, step.path, changes, problem, step.sequence)
    return HistoryEntry(step.kind, step.id, commit.commit, commit.short, commit.date, commit.author, commit.subject,
                        _KINDS.get(step.status, "modified"), step.old_path, step.path, changes, problem, step.sequence)
