"""What history extraction learnt, kept by blob id across builds: in memory and in a folder.

A blob id names one exact file content, so what was learnt about it never goes
stale: whether it parses, its data, and its diff against another blob. The folder
(`.icpdocs-cache/` by default) may be deleted at any time; CI may keep it between runs.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from icpdocs import __version__
from icpdocs.diff import Change

CACHE_DIR_NAME = ".icpdocs-cache"
CACHE_FORMAT = 1
FILE_NAME = "history.json"
# Diffs of commits that left the history (rebases, other branches) are dropped past this.
PRUNE_FACTOR = 2

ChangeRow = list[Any]


class HistoryCache:
    """Parse results, latest versions and diffs by blob id; reuse one object across rebuilds."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.problems: dict[str, str] = {}
        self.versions: dict[str, dict[str, Any]] = {}
        self.diffs: dict[str, list[ChangeRow]] = {}
        self._loaded = folder is None
        self._dirty = False
        self._used: set[str] = set()
        self._built: dict[tuple[str, str, str], tuple[Change, ...]] = {}

    @property
    def path(self) -> Path | None:
        return self.folder / FILE_NAME if self.folder is not None else None

    def load(self) -> None:
        """Read the cache folder once; anything unreadable or from another version is ignored."""
        if self._loaded:
            return
        self._loaded = True
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8")) if self.path else None
        except (OSError, ValueError):
            return  # no cache yet, or a corrupt one: start afresh
        if not isinstance(stored, dict) or not _is_current(stored):
            return
        self.problems = _typed(stored.get("problems"), str)
        self.versions = _typed(stored.get("versions"), dict)
        self.diffs = _typed(stored.get("diffs"), list)

    def problem(self, blob: str) -> str | None:
        """Return '' if the blob parses, the problem if not, None if never seen."""
        return self.problems.get(blob)

    def remember_version(self, blob: str, parsed: dict[str, Any] | str) -> None:
        problem = parsed if isinstance(parsed, str) else ""
        if self.problems.get(blob) != problem:
            self.problems[blob] = problem
            self._dirty = True

    def diff(self, key: str, kind: str, entity_id: str) -> tuple[Change, ...] | None:
        """Return the cached changes under `key` for this entity, or None."""
        rows = self.diffs.get(key)
        if rows is None:
            return None
        self._used.add(key)
        built = self._built.get((key, kind, entity_id))
        if built is None:
            try:
                built = tuple(_change(kind, entity_id, row) for row in rows)
            except (TypeError, ValueError):
                return None
            self._built[(key, kind, entity_id)] = built
        return built

    def remember_diff(self, key: str, changes: tuple[Change, ...]) -> None:
        self.diffs[key] = [[list(c.path), c.kind, c.old, c.new, c.label, c.word_diff] for c in changes]
        if changes:
            self._built[(key, changes[0].entity_kind, changes[0].entity_id)] = changes
        self._used.add(key)
        self._dirty = True

    def keep_versions(self, blobs: dict[str, dict[str, Any]]) -> None:
        """Keep the data of these versions (the latest ones) and forget older ones."""
        if blobs.keys() != self.versions.keys():
            self.versions = dict(blobs)
            self._dirty = True

    def save(self) -> None:
        """Write the cache if it learnt something; a cache that cannot be written is skipped."""
        self._prune()
        if not self._dirty or self.folder is None:
            return
        payload = {"format": CACHE_FORMAT, "icpdocs": __version__, "problems": self.problems,
                   "versions": self.versions, "diffs": self.diffs}
        try:
            _write_atomic(self.folder, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        except (OSError, TypeError, ValueError):
            return  # a read-only checkout still builds; the next run recomputes
        self._dirty = False

    def _prune(self) -> None:
        if len(self.diffs) > PRUNE_FACTOR * len(self._used) + 1000:
            self.diffs = {key: rows for key, rows in self.diffs.items() if key in self._used}
            self._built = {k: v for k, v in self._built.items() if k[0] in self._used}
            self._dirty = True
        self._used = set()


def _is_current(stored: dict[str, Any]) -> bool:
    return stored.get("format") == CACHE_FORMAT and stored.get("icpdocs") == __version__


def _typed(value: Any, kind: type) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    return {key: item for key, item in value.items() if isinstance(key, str) and isinstance(item, kind)}


def _change(kind: str, entity_id: str, row: ChangeRow) -> Change:
    path, change_kind, old, new, label, word_diff = row
    if change_kind not in ("added", "removed", "changed") or not isinstance(label, str):
        raise ValueError("not a change")
    return Change(kind, entity_id, tuple(path), change_kind, old, new, label, str(word_diff))


def _write_atomic(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# icpdocs history cache\n"),
                          (".gitignore", "*\n")):
        if not (folder / name).exists():
            (folder / name).write_text(content, encoding="utf-8")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".history-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, folder / FILE_NAME)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
