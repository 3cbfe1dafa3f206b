"""Benchmark `icpdocs diff`: the review of two revisions 500 commits apart in the generated history.

Runs what the command runs (`run_diff`: both revisions loaded with `GitSource`,
validated, diffed field by field, judged and formatted as text) in a fresh process,
without interpreter start-up and imports.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, Row
from benchmarks.bench_history import counting_git, size

SECTION = "diff"
APART = 500


def measure(bench: Bench) -> list[Row]:
    """Return the diff rows: time, what it found, the git processes and memory."""
    files, commits = size(bench)
    repo, _ = bench.history(files, commits)
    base, head = f"main~{APART}", "main"
    result = bench.best_in_children({"diff": ("benchmarks.bench_diff:diff", str(repo), base, head)})["diff"]
    return [
        Row(SECTION, f"icpdocs diff {base} {head} ({files:,} files, {APART} commits apart)",
            f"{result['seconds']:.2f} s: {result['changed']} profiles changed, {result['findings']} findings"),
        Row(SECTION, "  of which git", f"{result['git_seconds']:.2f} s in {result['git_processes']} git processes "
            f"({', '.join(result['git_commands'])})"),
        Row(SECTION, "  peak RSS of the process", f"{result['peak_mib']:.0f} MiB"),
    ]


def diff(repo: str, base: str, head: str) -> dict[str, Any]:
    """Review `base` against `head` as `icpdocs diff` does (run in a fresh process); return time and counts."""
    from icpdocs.review import review, source_for
    from icpdocs.review_cli import run_diff

    content = Path(repo) / "content"
    with counting_git() as git:
        start = time.perf_counter()
        text, _failed = run_diff(base, head, content, "text", "never", Path(repo) / "mkdocs.yml", dt.date.today())
        seconds = time.perf_counter() - start
    result = review(source_for(Path(repo), "content", base, content), source_for(Path(repo), "content", head, content))
    if not text or result.head_validation.errors:
        raise RuntimeError(f"the review of {base}..{head} failed or found invalid content")
    return {"seconds": seconds, "changed": len(result.entities), "findings": len(result.all_findings()),
            "git_seconds": git.seconds, "git_processes": len(git.commands), "git_commands": git.commands}
