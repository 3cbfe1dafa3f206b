"""Render the catalog into Markdown pages with Jinja templates; no MkDocs needed."""

from __future__ import annotations

import datetime as dt
import functools
import re
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from icpdocs import fieldref, formatting, safety, tam
from icpdocs.catalog import Catalog, Icp, Persona
from icpdocs.errors import BuildError
from icpdocs.sitemodel import SiteModel

TEMPLATES = Path(__file__).parent / "templates"
HOME, ICPS, PERSONAS = "index.md", "icps/index.md", "personas/index.md"
TAM, COMPARE, BUYING = "tam-vs-icp.md", "compare.md", "buying-committees.md"
PAIN_POINTS, GLOSSARY, REFERENCE = "pain-points.md", "glossary.md", "reference.md"
# Page path -> the template that renders it, for the pages that are not one per entity.
SITE_PAGES = {
    HOME: "home.md.j2", ICPS: "icps.md.j2", PERSONAS: "personas.md.j2", TAM: "tam.md.j2",
    COMPARE: "compare.md.j2", BUYING: "buying-committees.md.j2", PAIN_POINTS: "pain-points.md.j2",
    GLOSSARY: "glossary.md.j2", REFERENCE: "reference.md.j2",
}
History = Mapping[tuple[str, str], object]


def icp_page(icp_id: str) -> str:
    return f"icps/{icp_id}.md"


def persona_page(persona_id: str) -> str:
    return f"personas/{persona_id}.md"


def render(
    catalog: Catalog,
    *,
    today: dt.date | None = None,
    templates: Path | None = None,
    history: History | None = None,
    changes_page: str | None = None,
) -> dict[str, str]:
    """Return {page path: Markdown} for a valid catalog; `templates` overrides built-in templates by name.

    `history` maps (kind, id) such as ("icp", "mid-market") to that entity's history; templates
    receive it as `history` (None when absent). `changes_page` is the path of a "What changed" page
    to link from the home page.
    """
    return render_site(site_model(catalog, today=today, changes_page=changes_page), templates=templates,
                       history=history)


def site_model(catalog: Catalog, *, today: dt.date | None = None, changes_page: str | None = None) -> SiteModel:
    """Return what the templates read, for a valid catalog."""
    if catalog.market is None:
        raise BuildError("the content has no market.yaml, so there is no site to render")
    _check_reserved_ids(catalog)
    return SiteModel.build(catalog, today or dt.date.today(), changes_page)


def render_site(site: SiteModel, *, templates: Path | None = None, history: History | None = None,
                changes: object | None = None) -> dict[str, str]:
    """Return {page path: Markdown} for a site model (see `render`).

    `changes` is what the "What changed" page (`site.changes_page`, template changes.md.j2) lists;
    without it there is no such page.
    """
    env = environment(templates.resolve() if templates else None)
    plan = _plan(site, history or {}, changes)
    return {path: _render_page(env, name, path, context) for path, name, context in plan}


def write_pages(pages: Mapping[str, str], out: Path) -> list[Path]:
    """Write rendered pages under `out` (the Markdown tree, for any site builder); return the files."""
    written = []
    for path, markdown in sorted(pages.items()):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
        written.append(target)
    return written


def _plan(site: SiteModel, history: History, changes: object | None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, name in SITE_PAGES.items():
        yield path, name, {"site": site, "history": None}
    if site.changes_page and changes is not None:
        yield site.changes_page, "changes.md.j2", {"site": site, "changes": changes, "history": None}
    for icp in site.icps:
        yield icp_page(icp.id), "icp.md.j2", {"site": site, "icp": icp, "history": history.get(("icp", icp.id))}
    for persona in site.personas:
        entry = history.get(("persona", persona.id))
        yield persona_page(persona.id), "persona.md.j2", {"site": site, "persona": persona, "history": entry}


def _check_reserved_ids(catalog: Catalog) -> None:
    for kind, ids in (("icps", catalog.icps), ("personas", catalog.personas)):
        if "index" in ids:
            raise BuildError(f"'{kind}/index.yaml': the id 'index' is reserved for the {kind} overview page; "
                             "rename the file")


def _render_page(env: jinja2.Environment, name: str, path: str, context: dict[str, Any]) -> str:
    try:
        text = env.get_template(name).render(page=path, **context)
    except Exception as exc:  # a user's template can fail in any way; say where, not how Python got there
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc) or repr(exc)
        raise BuildError(f"template {_where(exc, name)}: {message} (while rendering {path})") from exc
    return tidy(text)


def _where(exc: Exception, name: str) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name or name}:{exc.lineno}"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else name


_BLANK_LINES = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Return Markdown with runs of blank lines collapsed and exactly one final newline."""
    # Line by line: a regex for trailing blanks tries a match at every space of the prose (3x slower).
    lines = text.split("\n")
    text = "\n".join([line.rstrip(" \t") for line in lines[:-1]] + lines[-1:])
    return _BLANK_LINES.sub("\n\n", text).strip("\n") + "\n"


@functools.lru_cache(maxsize=16)
def environment(templates: Path | None) -> jinja2.Environment:
    """Return the Jinja environment, built once per template folder; templates compile once."""
    builtin = jinja2.FileSystemLoader(TEMPLATES)
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(templates)] if templates else []
    # "icpdocs/<name>" always reaches the built-in template, so an override can extend it.
    loaders += [builtin, jinja2.PrefixLoader({"icpdocs": builtin})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(href=href, pages=PAGE_NAMES, fields=fieldref.reference, icp_page=icp_page,
                       persona_page=persona_page)
    return env


@jinja2.pass_context
def href(context: jinja2.runtime.Context, target: str) -> str:
    """Return a link from the page being rendered to `target` (a page path, maybe with #anchor)."""
    # Every page path is relative to the site root, so climbing to the root first always works.
    return "../" * context["page"].count("/") + target if not target.startswith("#") else target


PAGE_NAMES = {
    "home": HOME, "icps": ICPS, "personas": PERSONAS, "tam": TAM, "compare": COMPARE, "buying": BUYING,
    "pain_points": PAIN_POINTS, "glossary": GLOSSARY, "reference": REFERENCE,
}
FILTERS = {
    "text": safety.text, "md": safety.markdown, "md_inline": safety.markdown_inline, "html": safety.html_text,
    "url": safety.safe_url, "num": formatting.number, "money": formatting.money,
    "money_short": formatting.money_short, "pct": formatting.percent, "date": formatting.date,
    "words": formatting.words, "bounds": formatting.bounds, "listing": formatting.listing,
    "criterion": formatting.criterion, "svg_chart": tam.svg_chart,
}


def navigation(site: SiteModel, others: Sequence[str] = (), *, limit: int = 30) -> list[Any]:
    """Return an MkDocs `nav`: overview pages always, profiles only while a section has at most `limit`.

    `others` are more pages (hand-written ones) placed after Home, in the order given.
    """
    return [
        {"Home": HOME}, *others, {"TAM vs ICP": TAM},
        {"ICPs": [ICPS, *_entries(site.icps, icp_page, limit), {"Compare ICPs": COMPARE}]},
        {"Personas": [PERSONAS, *_entries(site.personas, persona_page, limit), {"Buying committees": BUYING}]},
        {"Pain points": PAIN_POINTS},
        {"Reference": [{"Glossary": GLOSSARY}, {"Field reference": REFERENCE}]},
    ]


def _entries(entities: Sequence[Icp | Persona], page: Callable[[str], str], limit: int) -> list[dict[str, str]]:
    # MkDocs themes print nav titles as HTML (as MkDocs's own titles from headings are): escape them.
    return [{safety.html_text(e.name): page(e.id)} for e in entities] if len(entities) <= limit else []



def nav_pages(nav: Sequence[Any]) -> set[str]:
    """Return every page path a `nav` lists, at any depth."""
    found: set[str] = set()
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            found |= nav_pages(value) if isinstance(value, list) else {value}
    return found
