"""Measure icpdocs on generated content and print one table of figures from this run.

    python benchmarks/run.py                  # every section, 300 and 3,000 profiles
    python benchmarks/run.py --quick          # CI smoke: small sizes, one repetition, < 1 minute
    python benchmarks/run.py --only validate --profiles 300,3000,10000 --format markdown

A section measures one feature; it runs only if the feature's module is in this
checkout. To add one, write `benchmarks/bench_NAME.py` with `measure(bench) -> list[Row]`
and list it in SECTIONS.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script from a checkout: make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import click

from benchmarks.bench import Bench, Row

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Section:
    """A named group of figures: the feature module it needs, and its `module:function` measuring it."""

    name: str
    requires: str
    measure: str = ""


SECTIONS = [
    Section("validate", "icpdocs.validate", "benchmarks.bench_validate:measure"),
    Section("render", "icpdocs.render", "benchmarks.bench_render:measure"),
    Section("build", "icpdocs.plugin", "benchmarks.bench_build:measure"),
    Section("history", "icpdocs.history", "benchmarks.bench_history:measure"),
    Section("diff", "icpdocs.review", "benchmarks.bench_diff:measure"),
    Section("versions", "icpdocs.versions_run", "benchmarks.bench_versions:measure"),
]


def run_section(section: Section, bench: Bench) -> list[Row]:
    """Return the section's rows, or one row saying why it cannot run in this checkout."""
    if importlib.util.find_spec(section.requires) is None:
        return [Row(section.name, f"({section.requires})", "not available in this checkout")]
    if not section.measure:
        return [Row(section.name, f"({section.requires})", "no benchmark written for it yet")]
    module, function = section.measure.split(":")
    measure: Callable[[Bench], list[Row]] = getattr(importlib.import_module(module), function)
    return measure(bench)


def machine() -> list[str]:
    """Describe the machine and the checkout the figures come from."""
    models = (line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name"))
    cpu = next(models, "?")
    memory = next((line.split()[1] for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), "0")
    git = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    return [
        f"machine: {os.cpu_count()} cores ({cpu}), {int(memory) / 2**20:.1f} GiB RAM, {platform.platform()}",
        f"software: Python {platform.python_version()}, {git}; icpdocs {_checkout()}",
        f"date: {dt.datetime.now().isoformat(timespec='seconds')}",
    ]


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []


def _checkout() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    if head.returncode != 0:
        return "(not a git checkout)"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    return f"commit {head.stdout.strip()}" + (" with uncommitted changes" if dirty.strip() else "")


def table(rows: list[Row], markdown: bool) -> list[str]:
    """Lay the rows out as a text or Markdown table."""
    header = ("section", "measure", "value", "target", "")
    cells = [header] + [(r.section, r.measure, r.value, r.target, r.verdict) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(c) + " |" for c in cells]
        return [lines[0], "|" + "---|" * len(header), *lines[1:]]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    return ["  ".join(text.ljust(width) for text, width in zip(c, widths, strict=False)).rstrip() for c in cells]


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())


@click.command()
@click.option("--quick", is_flag=True, help="CI smoke: small sizes (see benchmarks/README.md), one repetition.")
@click.option("--only", default="", help=f"Comma-separated sections: {', '.join(s.name for s in SECTIONS)}.")
@click.option("--profiles", default="", help="Sizes in profiles (ICP + persona files), e.g. 300,3000.")
@click.option("--repeats", default=3, show_default=True, help="Runs per timing; the best is shown.")
@click.option("--seed", default=7, show_default=True)
@click.option("--workdir", type=click.Path(path_type=Path),
              help="Keep generated data here (default: a temporary folder).")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def main(quick: bool, only: str, profiles: str, repeats: int, seed: int, workdir: Path | None,
         output_format: str) -> None:
    """Measure icpdocs and print one table of figures."""
    chosen = [s for s in SECTIONS if not only or s.name in only.split(",")]
    unknown = set(filter(None, only.split(","))) - {s.name for s in SECTIONS}
    if unknown:
        raise click.BadParameter(f"unknown section(s): {', '.join(sorted(unknown))}", param_hint="--only")
    sizes = _sizes(profiles) or ((300,) if quick else (300, 3000))
    with tempfile.TemporaryDirectory(prefix="icpdocs-bench-") as scratch:
        bench = Bench(workdir or Path(scratch), sizes, 1 if quick else repeats, seed, quick)
        started = time.perf_counter()
        rows = [row for section in chosen for row in run_section(section, bench)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(bench.busy_row())
    rows.append(Row("run", "benchmark process: wall time, peak RSS",
                    f"{time.perf_counter() - started:.0f} s, {peak:.0f} MiB"))
    runs = f"{bench.repeats} run{'s' if bench.repeats != 1 else ''}"
    timing = f"times: wall clock, best of {runs} in one process, on data generated with seed {seed}"
    click.echo("\n".join([*machine(), timing, "", *table(rows, output_format == "markdown")]))


if __name__ == "__main__":
    main()
