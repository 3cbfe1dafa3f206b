"""Benchmark `render`: the Markdown pages of a valid catalog, through Jinja, without MkDocs.

Each size runs in a fresh process, as a build does: validate the content (not
timed), compile the templates (timed apart: once per process, whatever the size),
then `site_model` (what the templates read) and `render_site` (one template per page).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from benchmarks.bench import Bench, Row

SECTION = "render"


def measure(bench: Bench) -> list[Row]:
    """Return the render rows: time and ms/page at each size, the ratio, the stages and memory."""
    runs = {p: ("benchmarks.bench_render:render_folder", str(bench.content(p)[0])) for p in bench.profiles}
    results = bench.best_in_children(runs)
    rows = [Row(SECTION, f"template compilation (once per process, {results[min(results)]['templates']} templates)",
                f"{min(r['compile'] for r in results.values()):.2f} s")]
    for profiles, result in results.items():
        rows += size_rows(profiles, result)
    if len(results) > 1:
        per_page = {p: r["seconds"] / r["pages"] for p, r in results.items()}
        small, large = min(per_page), max(per_page)
        rows.append(Row(SECTION, f"ms/page at {large:,} / at {small:,} profiles",
                        f"{per_page[large] / per_page[small]:.2f}x"))
    return rows


def size_rows(profiles: int, result: dict[str, Any]) -> list[Row]:
    """Return one size's rows: the render time per page, its two stages, and the process's peak memory."""
    pages, seconds = result["pages"], result["seconds"]
    return [
        Row(SECTION, f"render {profiles:,} profiles ({pages:,} pages, {result['kilobytes']:.1f} KB avg)",
            f"{seconds:.2f} s = {seconds * 1000 / pages:.2f} ms/page"),
        Row(SECTION, "  stage: site model", f"{result['model'] * 1000 / pages:.3f} ms/page"),
        Row(SECTION, "  stage: Jinja templates", f"{(seconds - result['model']) * 1000 / pages:.3f} ms/page"),
        Row(SECTION, "  peak RSS of the process (validate and render)", f"{result['peak_mib']:.0f} MiB"),
    ]


def render_folder(folder: str) -> dict[str, Any]:
    """Validate `folder`, then time compiling the templates and rendering its pages (run in a fresh process)."""
    from icpdocs.render import environment, render_site, site_model
    from icpdocs.validate import validate_folder

    today = dt.date.today()
    catalog = validate_folder(Path(folder), today).catalog
    start = time.perf_counter()
    env = environment(None)
    names = [n for n in env.list_templates(extensions=["j2"]) if not n.startswith("icpdocs/")]
    for name in names:
        env.get_template(name)
    compiled = time.perf_counter()
    site = site_model(catalog, today=today)
    modelled = time.perf_counter()
    pages = render_site(site)
    rendered = time.perf_counter()
    return {"seconds": rendered - compiled, "model": modelled - compiled, "compile": compiled - start,
            "templates": len(names), "pages": len(pages),
            "kilobytes": sum(len(text) for text in pages.values()) / len(pages) / 1024}
