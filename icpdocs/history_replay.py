"""Replay git's file changes, oldest first, into steps of one profile each, following renames."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from icpdocs import gitrepo
from icpdocs.gitrepo import FileChange, LogCommit
from icpdocs.loader import YAML_SUFFIXES, classify

EntityKey = tuple[str, str]
_ORDER = {"D": 0, "R": 1, "A": 3}


@dataclass
class Step:
    """One change to one file: a commit's (or the working tree's, `commit` None), with blob ids."""

    sequence: int
    commit: LogCommit | None
    status: str
    old_path: str
    path: str
    old_blob: str
    new_blob: str
    lineage: int
    baseline: bool = False
    kind: str = ""
    id: str = ""


@functools.lru_cache(maxsize=65536)
def entity_key(path: str) -> EntityKey | None:
    """Return (kind, id) of a content path, or None if the file is not a profile."""
    if not path.endswith(YAML_SUFFIXES) or any(part.startswith(".") for part in path.split("/")):
        return None
    key = classify(path)
    return key if isinstance(key, tuple) else None


class Replay:
    """Walks changes oldest first; a lineage is one profile's life across renames."""

    def __init__(self, folder: str) -> None:
        self.prefix = f"{folder}/" if folder not in ("", ".") else ""
        self.steps: list[Step] = []
        self.previous: dict[str, str] = {}
        self.worktree_blobs: dict[str, bytes] = {}
        self._live: dict[str, int] = {}
        self._current: dict[str, str] = {}
        self._keys: dict[int, EntityKey] = {}
        self._lineages = 0

    def add_commits(self, commits: list[LogCommit]) -> None:
        """Replay `git log` output (newest first); the commit at index i gets sequence i + 1."""
        for index in range(len(commits) - 1, -1, -1):
            commit = commits[index]
            # Files leave a path before another takes it: "a -> b" then a new "a".
            for change in sorted(commit.files, key=lambda c: _ORDER.get(c.status, 2)):
                self._apply(index + 1, commit, self._relative(change))

    def add_worktree(self, root: Path, head: dict[str, str]) -> None:
        """Add the working tree's differences from HEAD (`head`: path -> blob) as sequence 0."""
        on_disk = _read_profiles(root)
        length = len(next(iter(head.values()), "0" * 40))
        hashes = {path: gitrepo.hash_blob(data, length) for path, data in on_disk.items()}
        self.worktree_blobs = {hashes[path]: data for path, data in on_disk.items()}
        head = {path: blob for path, blob in head.items() if entity_key(path)}
        removed = [path for path in head if path not in on_disk]
        for path, blob in hashes.items():
            if path not in head:
                moved = next((old for old in removed if head[old] == blob and _same_kind(old, path)), None)
                if moved:
                    removed.remove(moved)
                    self._apply(0, None, FileChange("R", moved, path, head[moved], blob))
                else:
                    self._apply(0, None, FileChange("A", path, path, "", blob))
            elif head[path] != blob:
                self._apply(0, None, FileChange("M", path, path, head[path], blob))
        for path in removed:
            self._apply(0, None, FileChange("D", path, path, head[path], ""))
        self._current = dict(hashes)

    def finish(self) -> list[Step]:
        """Return every step, each named by its profile's latest (kind, id)."""
        for step in self.steps:
            step.kind, step.id = self._keys[step.lineage]
        return self.steps

    def live_paths(self) -> dict[EntityKey, str]:
        return {self._keys[lineage]: path for path, lineage in self._live.items()}

    def tips(self) -> list[str]:
        """Return the blob ids of the profiles as they are now."""
        return [blob for path, blob in self._current.items() if entity_key(path)]

    def _relative(self, change: FileChange) -> FileChange:
        n = len(self.prefix)
        return FileChange(change.status, change.old_path[n:], change.path[n:], change.old_blob, change.new_blob)

    def _apply(self, sequence: int, commit: LogCommit | None, change: FileChange) -> None:
        grafted = commit is not None and commit.grafted
        old_key, new_key = entity_key(change.old_path), entity_key(change.path)
        status = change.status
        if status == "R" and (old_key is None or new_key is None or old_key[0] != new_key[0]):
            # Moved in or out of the profiles, or to another kind: a removal and an addition.
            if old_key:
                self._apply(sequence, commit, FileChange("D", change.old_path, change.old_path, change.old_blob, ""))
            if new_key:
                self._apply(sequence, commit, FileChange("A", change.path, change.path, "", change.new_blob))
            return
        key = old_key if status == "D" else new_key
        if key is None:
            return
        lineage = self._lineage(status, change)
        self._keys[lineage] = key
        if change.old_blob and change.new_blob:
            self.previous[change.new_blob] = change.old_blob
        self.steps.append(Step(sequence, commit, status, change.old_path, change.path,
                               change.old_blob, change.new_blob, lineage, grafted))

    def _lineage(self, status: str, change: FileChange) -> int:
        """Return the lineage the change belongs to, starting one for a new file."""
        if status == "D":
            self._current.pop(change.path, None)
            return self._live.pop(change.path, None) or self._new_lineage()
        lineage = self._live.pop(change.old_path, None) if status == "R" else self._live.get(change.path)
        if status == "R":
            self._current.pop(change.old_path, None)
        if status == "A" or lineage is None:
            lineage = self._new_lineage()
        self._live[change.path] = lineage
        self._current[change.path] = change.new_blob
        return lineage

    def _new_lineage(self) -> int:
        self._lineages += 1
        return self._lineages


def _same_kind(old: str, new: str) -> bool:
    old_key, new_key = entity_key(old), entity_key(new)
    return bool(old_key and new_key and old_key[0] == new_key[0])


def _read_profiles(root: Path) -> dict[str, bytes]:
    """Return content path -> bytes of every profile file in the working tree."""
    if not root.is_dir():
        return {}
    found: dict[str, bytes] = {}
    for path in _profile_files(root, root.rglob("*")):
        found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def _profile_files(root: Path, paths: Iterable[Path]) -> list[Path]:
    return sorted(
        path for path in paths
        if entity_key(path.relative_to(root).as_posix()) and not path.is_symlink() and path.is_file()
    )
