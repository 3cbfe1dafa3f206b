"""Benchmark git history extraction: cold and warm, the git part apart from the Python part.

The repository is generated with `git fast-import` (10,000 commits of 1-3 files
each, 500 files at the end; --quick: 1,000 x 100). Each extraction runs in a fresh
process, as a build does: cold with an empty cache folder, warm with the cache
folder the cold run wrote. Git processes are counted, and their run time summed, by
wrapping `subprocess.Popen` in that process.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, Row, verdict

SECTION = "history"
FILES, COMMITS = 500, 10_000
QUICK_FILES, QUICK_COMMITS = 100, 1_000
TARGET_GIT_SECONDS, TARGET_GIT_PROCESSES = 2.5, 3
TARGET_COLD_MS_PER_VERSION = 1.5
TARGET_WARM_SECONDS = 3.0


def size(bench: Bench) -> tuple[int, int]:
    """Return (files, commits) of the history this run measures."""
    return (QUICK_FILES, QUICK_COMMITS) if bench.quick else (FILES, COMMITS)


def measure(bench: Bench) -> list[Row]:
    """Return the history rows: the repository, cold and warm extraction, the serve rebuild, memory."""
    files, commits = size(bench)
    generated, (repo, stats) = bench.once(lambda: bench.history(files, commits))
    rounds = range(max(1, bench.repeats))
    cold = _best([bench.in_child(TARGET, str(repo), str(bench.workdir / f"history-cache-{n}")) for n in rounds])
    warm = _best([bench.in_child(TARGET, str(repo), str(bench.workdir / "history-cache-0")) for _ in rounds])
    rows = [Row(SECTION, f"repository: {commits:,} commits, {files:,} files at the end",
                f"{stats.versions:,} file versions, generated in {generated:.1f} s (git fast-import)")]
    return rows + cold_rows(cold) + warm_rows(warm, bench.workdir / "history-cache-0")


def cold_rows(cold: dict[str, Any]) -> list[Row]:
    """Return the cold extraction's rows: total per version, the git part and the Python part."""
    per_version = cold["seconds"] * 1000 / cold["versions"]
    git_ok = cold["git_seconds"] <= TARGET_GIT_SECONDS and cold["git_processes"] <= TARGET_GIT_PROCESSES
    return [
        Row(SECTION, f"cold (empty cache folder): {cold['versions']:,} versions",
            f"{cold['seconds']:.2f} s = {per_version:.2f} ms/version", f"<= {TARGET_COLD_MS_PER_VERSION:g} ms/version",
            verdict(per_version, TARGET_COLD_MS_PER_VERSION)),
        Row(SECTION, "  git part", f"{cold['git_seconds']:.2f} s in {cold['git_processes']} git processes "
            f"({', '.join(cold['git_commands'])})", f"<= {TARGET_GIT_SECONDS:g} s, <= {TARGET_GIT_PROCESSES} processes",
            "ok" if git_ok else "MISSED"),
        Row(SECTION, "  Python part (replay, parse, field diffs, cache)",
            f"{cold['seconds'] - cold['git_seconds']:.2f} s"),
        Row(SECTION, "  peak RSS of the process", f"{cold['peak_mib']:.0f} MiB"),
    ]


def warm_rows(warm: dict[str, Any], cache: Path) -> list[Row]:
    """Return the warm extraction's rows: from the cache folder, and again from memory (a serve rebuild)."""
    megabytes = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 2**20
    return [
        Row(SECTION, f"warm (cache folder of {megabytes:.1f} MB, fresh process)", f"{warm['seconds']:.2f} s",
            f"<= {TARGET_WARM_SECONDS:g} s", verdict(warm["seconds"], TARGET_WARM_SECONDS)),
        Row(SECTION, "  git part", f"{warm['git_seconds']:.2f} s in {warm['git_processes']} git processes "
            f"({', '.join(warm['git_commands'])})"),
        Row(SECTION, "  again in the same process (mkdocs serve rebuild)", f"{warm['again_seconds']:.2f} s"),
        Row(SECTION, "  peak RSS of the process", f"{warm['peak_mib']:.0f} MiB"),
    ]


def _best(results: list[dict[str, Any]]) -> dict[str, Any]:
    return min(results, key=lambda r: r["seconds"])


TARGET = "benchmarks.bench_history:extract"


def extract(repo: str, cache_dir: str) -> dict[str, Any]:
    """Extract the history of repo/content with `cache_dir` (run in a fresh process), then again from memory."""
    from icpdocs.history import extract_history
    from icpdocs.history_cache import HistoryCache

    cache = HistoryCache(Path(cache_dir))
    with counting_git() as git:
        start = time.perf_counter()
        history = extract_history(Path(repo), "content", cache=cache)
        seconds = time.perf_counter() - start
    if not history.available:
        raise RuntimeError(history.reason)
    start = time.perf_counter()
    extract_history(Path(repo), "content", cache=cache)
    versions = sum(1 for h in history.entities.values() for e in h.entries if e.committed)
    return {"seconds": seconds, "versions": versions, "git_seconds": git.seconds, "git_processes": len(git.commands),
            "git_commands": git.commands, "again_seconds": time.perf_counter() - start}


@dataclass
class GitCalls:
    """The git processes started while counting: each one's subcommand, and their summed run time."""

    commands: list[str]
    seconds: float = 0.0


@contextmanager
def counting_git() -> Iterator[GitCalls]:
    """Count the git processes this process starts, and the wall time from each one's start to its end."""
    calls = GitCalls([])
    original = subprocess.Popen

    class Counted(original):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
            self.began, self.counted = time.perf_counter(), False
            super().__init__(args, *rest, **kwargs)
            words = [str(a) for a in args] if isinstance(args, (list, tuple)) else str(args).split()
            self.git = os.path.basename(words[0]) == "git"
            if self.git:
                calls.commands.append(_subcommand(words[1:]))

        def wait(self, timeout: float | None = None) -> int:
            code: int = super().wait(timeout)
            if self.git and not self.counted:
                self.counted = True
                calls.seconds += time.perf_counter() - self.began
            return code

    subprocess.Popen = Counted  # type: ignore[misc]
    try:
        yield calls
    finally:
        subprocess.Popen = original  # type: ignore[misc]


def _subcommand(words: list[str]) -> str:
    """Return git's subcommand, skipping `-c name=value` options."""
    rest = iter(words)
    for word in rest:
        if word == "-c":
            next(rest, None)
        elif not word.startswith("-"):
            return word
    return "?"
