"""The kinds of page a site has, so each gate checks every kind once (on its largest page)."""

from __future__ import annotations

import re
from pathlib import Path

# Page type -> pattern of its URL path within the site. A page matching none is a new type: add it here.
PAGE_TYPES = {
    "home": r"",
    "ICPs index": r"icps/",
    "ICP": r"icps/[^/]+/",
    "personas index": r"personas/",
    "persona": r"personas/[^/]+/",
    "TAM vs ICP": r"tam-vs-icp/",
    "comparison": r"compare/",
    "buying committees": r"buying-committees/",
    "pain points": r"pain-points/",
    "glossary": r"glossary/",
    "field reference": r"reference/",
    "What changed": r"changes/",
    "compare releases": r"compare-releases/",
    "not found": r"404\.html",
}


def url_path(site: Path, html: Path) -> str:
    """Return the path a browser asks for to get `html` (e.g. `icps/x/` for icps/x/index.html)."""
    relative = html.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def page_type(path: str) -> str | None:
    """Return the type of the page at URL path `path`, or None for a page of an unknown type."""
    return next((name for name, pattern in PAGE_TYPES.items() if re.fullmatch(pattern, path)), None)


def pages_by_type(site: Path) -> dict[str | None, list[str]]:
    """Return every HTML page of `site` grouped by type, largest first (None: pages of no known type)."""
    files = sorted(site.rglob("*.html"), key=lambda f: (-f.stat().st_size, f.as_posix()))
    grouped: dict[str | None, list[str]] = {}
    for html in files:
        path = url_path(site, html)
        grouped.setdefault(page_type(path), []).append(path)
    return grouped


def representatives(site: Path) -> dict[str, str]:
    """Return {page type: URL path of its largest page} for the types `site` has, in PAGE_TYPES order."""
    grouped = pages_by_type(site)
    return {name: grouped[name][0] for name in PAGE_TYPES if name in grouped}
