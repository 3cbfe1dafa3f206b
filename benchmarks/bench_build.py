"""Benchmark a full `mkdocs build` (Material, search, icpdocs) and icpdocs' share of it.

Each build runs in a fresh process, as `mkdocs build` does: the time is
`load_config` plus `mkdocs.commands.build.build`, without interpreter start-up and
imports. icpdocs' share is the time spent in its plugin hooks and in its Markdown
extension, measured by wrapping them with timers in that process; the rest is
MkDocs: Python-Markdown, the theme's templates, the search index, writing files.
The content folder lies outside any git repository and the plugin's `history`
option is off, so no git history is read (the history section measures that).
"""

from __future__ import annotations

import functools
import inspect
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, Row, verdict

SECTION = "build"
QUICK_PROFILES = 100
TARGET_SHARE = 0.10
TARGET_RATIO = 1.25
TARGET_FROM = 300  # the share target is set for 300 and 3,000 profiles; below, fixed costs dominate
ICPDOCS_STAGES = "icpdocs"
STEP = "on_files: "
SEARCH = "search plugin"


def measure(bench: Bench) -> list[Row]:
    """Return the build rows: each size's time, ms/page and icpdocs' share, then the ratio between sizes."""
    sizes = (QUICK_PROFILES,) if bench.quick else bench.profiles
    runs = {p: ("benchmarks.bench_build:build_once", str(config_file(bench, p)), str(bench.workdir / f"site-{p}"))
            for p in sizes}
    results = bench.best_in_children(runs)
    rows = [row for profiles, result in results.items() for row in size_rows(profiles, result)]
    if len(results) > 1:
        rows.append(ratio_row(results))
    return rows


def config_file(bench: Bench, profiles: int) -> Path:
    """Write the mkdocs.yml of a site of `profiles` generated profiles; return its path."""
    content, _ = bench.content(profiles)
    folder = bench.workdir / f"build-{profiles}"
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    history = "      history: false\n" if _has_option("history") else ""
    text = (f"site_name: Benchmark\ndocs_dir: docs\ntheme:\n  name: material\n  font: false\n"
            f"plugins:\n  - search\n  - icpdocs:\n      content: {json.dumps(str(content.resolve()))}\n{history}")
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    return folder / "mkdocs.yml"


def _has_option(name: str) -> bool:
    from icpdocs.plugin_config import IcpDocsConfig

    return any(option == name for option, _ in IcpDocsConfig._schema)


def size_rows(profiles: int, result: dict[str, Any]) -> list[Row]:
    """Return one size's rows: total and ms/page, icpdocs' share with its stages, MkDocs's part."""
    seconds, cpu, pages, stages = result["seconds"], result["cpu"], result["pages"], result["stages"]
    ours = stages[ICPDOCS_STAGES]
    share, wall_share = ours / cpu, result["icpdocs_wall"] / seconds
    rows = [
        Row(SECTION, f"build {profiles:,} profiles ({pages:,} pages)",
            f"{seconds:.1f} s = {seconds * 1000 / pages:.1f} ms/page ({cpu:.1f} s CPU), "
            f"peak RSS {result['peak_mib']:.0f} MiB"),
        Row(SECTION, "  icpdocs' own stages / full build (CPU time)",
            f"{ours:.2f} s = {share:.1%} ({wall_share:.1%} of wall time)",
            *((f"<= {TARGET_SHARE:.0%}", verdict(share, TARGET_SHARE)) if profiles >= TARGET_FROM else ())),
    ]
    rows += _stage_rows(stages, cpu)
    mkdocs = cpu - ours
    rows.append(Row(SECTION, "  MkDocs (Markdown, theme, search, writing)", f"{mkdocs:.1f} s = {mkdocs / cpu:.1%}"))
    search = stages.get(SEARCH, 0.0)
    rows.append(Row(SECTION, "    of which the search plugin", f"{search:.2f} s ({search / cpu:.1%})"))
    return rows


def _stage_rows(stages: dict[str, float], cpu: float) -> list[Row]:
    """Return a row per icpdocs hook and Markdown processor, largest first, with the steps inside on_files."""
    rows = []
    for name, spent in _largest_first(stages, ("hook ", "Markdown ")):
        rows.append(Row(SECTION, f"    {name}", f"{spent:.2f} s ({spent / cpu:.1%})"))
        if name == "hook on_files":
            rows += [Row(SECTION, f"      of which {step.removeprefix(STEP)}", f"{inner:.2f} s ({inner / cpu:.1%})")
                     for step, inner in _largest_first(stages, (STEP,))]
    return rows


def _largest_first(stages: dict[str, float], prefixes: tuple[str, ...]) -> list[tuple[str, float]]:
    chosen = [(name, spent) for name, spent in stages.items() if name.startswith(prefixes) and spent >= 0.005]
    return sorted(chosen, key=lambda item: -item[1])


def ratio_row(results: dict[int, dict[str, Any]]) -> Row:
    """Return how ms/page grows from the smallest size to the largest."""
    per_page = {p: r["seconds"] / r["pages"] for p, r in results.items()}
    small, large = min(per_page), max(per_page)
    ratio = per_page[large] / per_page[small]
    checked = (small, large) == (300, 3000)
    return Row(SECTION, f"ms/page at {large:,} / at {small:,} profiles", f"{ratio:.2f}x",
               f"<= {TARGET_RATIO:g}x" if checked else "", verdict(ratio, TARGET_RATIO) if checked else "")


class Stopwatch:
    """CPU seconds spent in wrapped functions, by stage name, and the wall seconds of some stages.

    CPU time, not wall time: on a busy machine the waits for a core fall on whichever
    part of the build runs at that moment, which makes a share of wall time noisy.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, *stages: str) -> None:
        """Replace `owner.name` by a function adding its time to each of `stages`."""
        original: Callable[..., Any] = inspect.getattr_static(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                for stage in stages:
                    self.seconds[stage] = self.seconds.get(stage, 0.0) + time.process_time() - cpu
                    self.wall[stage] = self.wall.get(stage, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)


def instrument(stopwatch: Stopwatch) -> None:
    """Time every icpdocs plugin hook and Markdown processor, and a few MkDocs parts to compare with."""
    from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

    from icpdocs import plugin, safety

    for name in [n for n in vars(plugin.IcpDocsPlugin) if n.startswith("on_")]:
        stopwatch.wrap(plugin.IcpDocsPlugin, name, ICPDOCS_STAGES, f"hook {name}")
    for name in ("validate_folder", "site_model", "render_site", "export"):
        if hasattr(plugin, name):  # the steps inside on_files
            stopwatch.wrap(plugin, name, f"{STEP}{name}")
    processors = [c for c in vars(safety).values() if inspect.isclass(c) and issubclass(c, Treeprocessor)
                  and c.__module__ == safety.__name__]
    for processor in processors:
        stopwatch.wrap(processor, "run", ICPDOCS_STAGES, f"Markdown extension {processor.__name__.strip('_')}")
    for search in _search_plugins():
        for name in [n for n in vars(search) if n.startswith("on_")]:
            stopwatch.wrap(search, name, SEARCH)


def _search_plugins() -> list[type]:
    """Return the search plugin classes: with the material theme, `search` is Material's own."""
    from mkdocs.contrib.search import SearchPlugin

    try:
        from material.plugins.search.plugin import SearchPlugin as MaterialSearch  # type: ignore[import-untyped]
    except ImportError:
        return [SearchPlugin]
    return [SearchPlugin, MaterialSearch]


def build_once(config: str, site_dir: str) -> dict[str, Any]:
    """Build the site of `config` into `site_dir` (run in a fresh process); return times by stage and pages."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    stopwatch = Stopwatch()
    instrument(stopwatch)
    shutil.rmtree(site_dir, ignore_errors=True)
    start, cpu = time.perf_counter(), time.process_time()
    build.build(load_config(config_file=config, site_dir=site_dir))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    pages = sum(1 for _ in Path(site_dir).rglob("index.html"))
    shutil.rmtree(site_dir, ignore_errors=True)
    return {"seconds": seconds, "cpu": cpu, "pages": pages, "stages": {ICPDOCS_STAGES: 0.0, **stopwatch.seconds},
            "icpdocs_wall": stopwatch.wall.get(ICPDOCS_STAGES, 0.0)}
