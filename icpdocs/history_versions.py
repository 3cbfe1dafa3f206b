"""Field-level changes for each replayed step: each version parsed once, all read by one cat-file.

Steps the cache already knows cost nothing; the rest need their versions, which are
read in one `git cat-file --batch`, parsed once, and dropped as soon as no later step
compares with them, so memory stays flat over long histories.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from icpdocs import gitrepo
from icpdocs.diff import Change, ChangeKind, diff_entity, entity_label, rename_change
from icpdocs.history_cache import HistoryCache
from icpdocs.history_replay import Replay, Step, entity_key
from icpdocs.yamlsource import YamlProblem, decode, parse

Version = dict[str, Any] | str  # a version's data, or why it cannot be read


class Versions:
    """Parsed versions by blob id, from the cache, the working tree or one cat-file batch."""

    def __init__(self, repo_root: Path, cache: HistoryCache, replay: Replay) -> None:
        self.repo_root = repo_root
        self.cache = cache
        self.replay = replay
        self.raw: dict[str, bytes] = dict(replay.worktree_blobs)
        self.parsed: dict[str, Version] = dict(cache.versions)

    def read(self, steps: list[Step]) -> Iterator[tuple[Step, tuple[Change, ...], str]]:
        """Yield each step with its changes and, if its version is unreadable, why."""
        self._fetch(steps)
        last_use = {blob: index for index, step in enumerate(steps) for blob in (step.old_blob, step.new_blob)}
        tips = set(self.replay.tips())
        for index, step in enumerate(steps):
            yield (step, *self._changes(step))
            if step.old_blob and last_use[step.old_blob] == index and step.old_blob not in tips:
                self._forget(step.old_blob, step.new_blob)
        self.cache.keep_versions({b: d for b in tips if isinstance(d := self._version(b), dict)})

    def _forget(self, blob: str, successor: str) -> None:
        """Drop a version no later step compares with."""
        if not isinstance(self.parsed.get(successor, {}), str):
            # Kept when the next version is unreadable: the one after that is compared with it.
            self.parsed.pop(blob, None)

    def _fetch(self, steps: list[Step]) -> None:
        """Read every version this run must parse, through one `git cat-file --batch`."""
        wanted: set[str] = set()
        for step in steps:
            wanted.update(self._needs(step))
        wanted.update(self.replay.tips())
        missing = [b for b in wanted if b and b not in self.parsed and b not in self.raw]
        if missing:
            self.raw.update(gitrepo.read_blobs(self.repo_root, sorted(missing)))

    def _needs(self, step: Step) -> list[str]:
        if step.status == "D":
            return []
        if step.status == "A" or not step.old_blob:
            return [step.new_blob] if self.cache.problem(step.new_blob) is None else []
        known = self.cache.diff(self._key(step), step.kind, step.id) is not None
        if known and self.cache.problem(step.new_blob) is not None:
            return []
        return [step.new_blob, *self._readable_ancestry(step.old_blob)]

    def _readable_ancestry(self, blob: str) -> list[str]:
        """Return `blob` and, while the cache knows them unreadable, the versions before it."""
        chain: list[str] = []
        while blob and blob not in chain:
            chain.append(blob)
            if not self.cache.problem(blob):
                break
            blob = self.replay.previous.get(blob, "")
        return chain

    def _changes(self, step: Step) -> tuple[tuple[Change, ...], str]:
        if step.status == "D":
            return (_whole(step, "deleted"),), ""
        problem = self._problem(step.new_blob)
        if problem:
            return (), problem
        if step.status == "A" or not step.old_blob:
            return (_whole(step, "created"),), ""
        key = self._key(step)
        cached = self.cache.diff(key, step.kind, step.id)
        if cached is None:
            cached = self._diff(step)
            self.cache.remember_diff(key, cached)
        old_key = entity_key(step.old_path)
        if step.status == "R" and old_key and old_key != entity_key(step.path):
            cached = (rename_change(step.kind, old_key[1], step.id), *cached)
        return cached, ""

    def _diff(self, step: Step) -> tuple[Change, ...]:
        new = self._version(step.new_blob)
        old = self._readable_before(step.old_blob)
        if not isinstance(new, dict) or old is None:
            return ()  # no readable version to compare with
        return diff_entity(step.kind, step.id, old, new)

    def _readable_before(self, blob: str) -> dict[str, Any] | None:
        seen: set[str] = set()
        while blob and blob not in seen:
            seen.add(blob)
            version = self._version(blob)
            if isinstance(version, dict):
                return version
            blob = self.replay.previous.get(blob, "")
        return None

    def _problem(self, blob: str) -> str:
        known = self.cache.problem(blob)
        if known is not None:
            return known
        version = self._version(blob)
        return version if isinstance(version, str) else ""

    def _version(self, blob: str) -> Version | None:
        """Return the data of a version, or why it cannot be read; None if git does not have it."""
        if blob in self.parsed:
            return self.parsed[blob]
        raw = self.raw.pop(blob, None)
        if raw is None:
            return None
        version = parse_version(raw)
        self.parsed[blob] = version
        self.cache.remember_version(blob, version)
        return version

    @staticmethod
    def _key(step: Step) -> str:
        return f"{step.kind}:{step.old_blob}:{step.new_blob}"


def parse_version(raw: bytes) -> Version:
    """Return the data of one file version, or a sentence saying why it cannot be read."""
    try:
        text, _bom = decode(raw)
        value = parse(text)
    except YamlProblem as problem:
        return f"{problem.message} (line {problem.position.line})"
    if not isinstance(value.data, dict):
        return "the top level is not a mapping of fields"
    return value.data


def _whole(step: Step, status: str) -> Change:
    """Return the one change that stands for a whole profile added or removed (no data: not parsed)."""
    kind: ChangeKind = "added" if status == "created" else "removed"
    then = entity_key(step.path) or (step.kind, step.id)  # the id it had at that commit
    return Change(step.kind, step.id, (), kind, None, None, entity_label(then[0], then[1], status))
