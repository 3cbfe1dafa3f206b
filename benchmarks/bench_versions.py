"""Benchmark `icpdocs versions build`: 5 releases built, then the re-run with no new release.

The repository is a generated history (300 profiles, 1,000 commits; --quick: 33
profiles, 100 commits) with a mkdocs.yml at its root (docs_dir: content) and 5
release tags spread evenly over the history. Each run is the command in a fresh
process; its time is the process's wall time, start-up included, as a user or a CI
job waits for it.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, Row, verdict
from benchmarks.generate import generate_history

SECTION = "versions"
RELEASES = 5
FILES, COMMITS = 301, 1_000
QUICK_FILES, QUICK_COMMITS = 34, 100
TARGET_RERUN_SHARE = 0.05
CONFIG = """site_name: Benchmark
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - icpdocs
"""


def measure(bench: Bench) -> list[Row]:
    """Return the versions rows: the first build of every release, the re-run, their ratio, memory."""
    files, commits = (QUICK_FILES, QUICK_COMMITS) if bench.quick else (FILES, COMMITS)
    repo = release_repository(bench.workdir / "versions-repo", files, commits, bench.seed)
    args = ("benchmarks.bench_versions:build", str(repo / "mkdocs.yml"), str(bench.workdir / "versions-site"))
    first = bench.in_child(*args)
    again = bench.best_in_children({"again": args}, key="wall")["again"]
    share = again["wall"] / first["wall"]
    return [
        Row(SECTION, f"versions build: {RELEASES} releases of {files - 1:,} profiles",
            f"{first['wall']:.1f} s ({first['summary']}), peak RSS {first['peak_mib']:.0f} MiB"),
        Row(SECTION, "re-run with no new release", f"{again['wall']:.2f} s ({again['summary']}), "
            f"of which {again['wall'] - again['seconds']:.2f} s interpreter start-up and imports"),
        # --quick builds 33 profiles: there the re-run's fixed start-up outweighs the builds.
        Row(SECTION, "re-run / first run", f"{share:.1%}",
            *(() if bench.quick else (f"<= {TARGET_RERUN_SHARE:.0%}", verdict(share, TARGET_RERUN_SHARE)))),
    ]


def release_repository(repo: Path, files: int, commits: int, seed: int) -> Path:
    """Generate a history with a site configuration and `RELEASES` tags spread evenly over it."""
    generate_history(repo, files=files, commits=commits, seed=seed)
    (repo / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    step = commits // RELEASES
    for number in range(RELEASES):
        back = (RELEASES - 1 - number) * step
        subprocess.run(["git", "tag", f"icp-r{number + 1}", f"main~{back}"], cwd=repo, check=True)
    return repo


def build(config: str, out: str) -> dict[str, Any]:
    """Run `icpdocs versions build` (in a fresh process); return its time in the command and its summary line."""
    from icpdocs.cli import main

    output = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(output):
        try:
            main(["versions", "build", "--out", out, "--config-file", config], standalone_mode=False)
        except SystemExit as exit_:
            if exit_.code:
                raise RuntimeError(f"icpdocs versions build failed:\n{output.getvalue()}") from None
    # The summary line reads "5 versions in OUT: 5 built, 0 unchanged, 0 skipped; latest is ... (6.3 s)".
    counts = re.search(r"\d+ built, \d+ unchanged, \d+ skipped", output.getvalue())
    return {"seconds": time.perf_counter() - start, "summary": counts.group(0) if counts else "?"}
