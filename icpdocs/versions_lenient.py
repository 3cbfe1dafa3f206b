"""Lenient builds: old content that breaks today's rules is shown with its problems, not refused.

A release tagged a year ago was valid under the schema of its day. Rebuilt with today's
schema it may not be; the plugin's `lenient` option then builds the site from the profiles
that are still valid, drops links to the ones that are not, and lists every problem in a
warning on the home page (and in the build log as warnings).
"""

from __future__ import annotations

from dataclasses import replace

from icpdocs.catalog import Catalog, Persona
from icpdocs.diagnostics import Diagnostic
from icpdocs.safety import text

HOME = "index.md"
NOTICE_LIMIT = 50


def usable_catalog(catalog: Catalog) -> Catalog:
    """Return the catalog without links to profiles or segments that are not in it."""
    segments = {s.id for s in catalog.market.segments} if catalog.market else set()
    icps = {key: replace(icp, segment="") if icp.segment and icp.segment not in segments else icp
            for key, icp in catalog.icps.items()}
    personas = {key: _linked(persona, catalog) for key, persona in catalog.personas.items()}
    return Catalog(catalog.market, icps, personas, catalog.documents)


def _linked(persona: Persona, catalog: Catalog) -> Persona:
    pains = tuple(p for p in persona.pain_points if not p.reference or catalog.resolve_pain_point(p.reference))
    return replace(persona, icps=tuple(i for i in persona.icps if i in catalog.icps), pain_points=pains)


def with_notice(pages: dict[str, str], errors: list[Diagnostic]) -> dict[str, str]:
    """Return the pages with a warning listing `errors` under the home page's title."""
    if not errors or HOME not in pages:
        return pages
    lines = pages[HOME].splitlines(keepends=True)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    return {**pages, HOME: "".join(lines[:at]) + "\n" + notice(errors) + "\n" + "".join(lines[at:])}


def notice(errors: list[Diagnostic]) -> str:
    """Return a Markdown warning that lists content problems; profiles with errors are left out."""
    shown = [f"    - {text(e.file)}, line {e.line}: {text(e.message)}\n" for e in errors[:NOTICE_LIMIT]]
    more = len(errors) - len(shown)
    return (
        '!!! warning "This version does not fully match today\'s content rules"\n\n'
        f"    It was built with {len(errors)} problem{'s' if len(errors) != 1 else ''}; "
        "profiles with errors are left out, and links to them are dropped.\n\n"
        + "".join(shown)
        + (f"    - … and {more} more (see the build log)\n" if more > 0 else "")
    )
