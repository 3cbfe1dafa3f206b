"""The contract's rules beyond the schemas: cross-file references, bounds and lints."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from icpdocs.catalog import Catalog, Icp, Persona, Review
from icpdocs.diagnostics import Diagnostic, Severity
from icpdocs.fieldpath import describe
from icpdocs.loader import Document

YamlPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Known:
    """What exists in the content, including documents that failed their schema."""

    icp_ids: frozenset[str]
    pain_ids: dict[str, frozenset[str]]
    segment_ids: frozenset[str]
    # ICP ids named by any persona file, and whether some persona or the market could not be read:
    # a file that failed to load must not make the files that depend on it report false problems.
    linked_icp_ids: frozenset[str] = frozenset()
    unreadable_icp_ids: frozenset[str] = frozenset()
    some_persona_unreadable: bool = False
    has_market: bool = True


def known(documents: list[Document], unreadable: Iterable[tuple[str, str]] = ()) -> Known:
    unreadable = set(unreadable)
    pain_ids = {}
    linked: set[str] = set()
    for d in documents:
        if d.kind == "icp":
            items = d.data.get("pain_points")
            # Only text ids count: any other value is the schema's error, and a list or mapping is unhashable.
            pain_ids[d.id] = frozenset(_text_ids(items))
        elif d.kind == "persona":
            icps = d.data.get("icps")
            linked.update(i for i in (icps if isinstance(icps, list) else [icps]) if isinstance(i, str))
    market = next((d.data for d in documents if d.kind == "market"), None)
    tam = market.get("tam") if market is not None else None
    segments = tam.get("segments") if isinstance(tam, dict) else None
    segment_ids = frozenset(_text_ids(segments))
    unreadable_icps = frozenset(i for kind, i in unreadable if kind == "icp")
    return Known(frozenset(pain_ids) | unreadable_icps, pain_ids, segment_ids, frozenset(linked), unreadable_icps,
                 any(kind == "persona" for kind, _ in unreadable), market is not None)


def _text_ids(items: object) -> Iterator[str]:
    """Yield the text `id` of each mapping in `items`, skipping values of any other type."""
    if isinstance(items, list):
        yield from (item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str))


def _diag(document: Document, path: YamlPath, severity: Severity, message: str, hint: str) -> Diagnostic:
    position = document.position(path)
    return Diagnostic(document.display_path or document.path, position.line, position.column,
                      describe(document.data, path), severity, message, hint)


def _error(document: Document, path: YamlPath, message: str, hint: str) -> Diagnostic:
    return _diag(document, path, Severity.ERROR, message, hint)


def _warning(document: Document, path: YamlPath, message: str, hint: str) -> Diagnostic:
    return _diag(document, path, Severity.WARNING, message, hint)


def check(catalog: Catalog, known_ids: Known, today: dt.date) -> list[Diagnostic]:
    """Return every rule violation and lint among the catalog's (schema-valid) documents."""
    found: list[Diagnostic] = []
    docs = catalog.documents
    if catalog.market is not None:
        found.extend(_market_rules(docs[("market", "market")]))
    for icp in catalog.icps.values():
        found.extend(_icp_rules(icp, docs[("icp", icp.id)], catalog, known_ids, today))
    for persona in catalog.personas.values():
        found.extend(_persona_rules(persona, docs[("persona", persona.id)], catalog, known_ids, today))
    return found


def _market_rules(document: Document) -> Iterator[Diagnostic]:
    tam = document.data["tam"]
    seen: dict[str, int] = {}
    for index, segment in enumerate(tam.get("segments", [])):
        if segment["id"] in seen:
            first = document.position(("tam", "segments", seen[segment["id"]], "id"))
            yield _error(document, ("tam", "segments", index, "id"),
                         f"segment id '{segment['id']}' is already used at line {first.line}",
                         "give each segment its own id")
        seen.setdefault(segment["id"], index)
        if segment["accounts"] > tam["accounts"]:
            yield _error(document, ("tam", "segments", index, "accounts"),
                         f"segment has {segment['accounts']:,} accounts, more than the TAM's {tam['accounts']:,}",
                         "a segment narrows the TAM: it cannot hold more accounts than tam.accounts")


def _icp_rules(icp: Icp, document: Document, catalog: Catalog, known_ids: Known,
               today: dt.date) -> Iterator[Diagnostic]:
    data = document.data
    yield from _duplicate_pain_ids(document)
    yield from _ranges(document)
    yield from _segment_and_accounts(icp, document, catalog, known_ids)
    if icp.status != "retired":
        yield from _stale(icp.review, document, today)
    if icp.status == "active":
        if icp.id not in known_ids.linked_icp_ids and not known_ids.some_persona_unreadable:
            yield _warning(document, ("status",), "active ICP has no persona linking to it",
                           f"add '{icp.id}' to the `icps` of the personas who buy for it")
        if "fit_criteria" not in data:
            yield _warning(document, ("fit_criteria",), "active ICP has no fit_criteria: it is not measurable",
                           "add fit_criteria rules over account data, e.g. employees between [200, 2000]")
        if "evidence" not in data:
            yield _warning(document, ("evidence",), "active ICP has no evidence: it is not data-driven",
                           "add evidence claims with their sources (CRM analysis, win/loss interviews)")
    if not icp.firmographics.is_bound:
        yield _warning(document, ("firmographics",),
                       "firmographics give no bound at all: the ICP is too broad to be useful",
                       "add industries, regions, ownership, or a max / positive min for employees or revenue")


def _duplicate_pain_ids(document: Document) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for index, pain in enumerate(document.data["pain_points"]):
        if pain["id"] in seen:
            first = document.position(("pain_points", seen[pain["id"]], "id"))
            yield _error(document, ("pain_points", index, "id"),
                         f"pain point id '{pain['id']}' is already used at line {first.line}",
                         "give each pain point of an ICP its own id")
        else:
            seen[pain["id"]] = index


def _ranges(document: Document) -> Iterator[Diagnostic]:
    firmo = document.data["firmographics"]
    for name in ("employees", "annual_revenue_usd"):
        bounds = firmo.get(name)
        if isinstance(bounds, dict) and "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
            yield _error(document, ("firmographics", name, "min"),
                         f"min {bounds['min']:,} is greater than max {bounds['max']:,}",
                         "swap the two, or fix the typo")
    for index, rule in enumerate(document.data.get("fit_criteria", [])):
        value = rule["value"]
        if rule["op"] == "between" and isinstance(value, list) and len(value) == 2 and value[0] > value[1]:
            yield _error(document, ("fit_criteria", index, "value"),
                         f"between [{value[0]}, {value[1]}]: the lower bound is greater than the upper",
                         "write the smaller number first")


def _segment_and_accounts(icp: Icp, document: Document, catalog: Catalog, known_ids: Known) -> Iterator[Diagnostic]:
    market = catalog.market
    parent_name, parent_accounts = ("the TAM", market.tam_accounts) if market else ("", None)
    if icp.segment:
        if icp.segment not in known_ids.segment_ids and known_ids.has_market:
            defined = ", ".join(sorted(known_ids.segment_ids)) or "none"
            yield _error(document, ("segment",), f"segment '{icp.segment}' is not defined in market.yaml",
                         f"use one of the segment ids in market.yaml tam.segments ({defined})")
        segment = market.segment(icp.segment) if market else None
        if segment is not None:
            parent_name, parent_accounts = f"segment '{segment.id}'", segment.accounts
    if icp.estimated_accounts is not None and parent_accounts is not None and icp.estimated_accounts > parent_accounts:
        yield _error(document, ("estimated_accounts",),
                     f"{icp.estimated_accounts:,} accounts is more than the {parent_accounts:,} of {parent_name}",
                     "an ICP is a subset of its segment (or of the TAM): lower the estimate or fix the parent")


def _stale(review: Review, document: Document, today: dt.date) -> Iterator[Diagnostic]:
    if review.is_stale(today):
        yield _warning(document, ("last_reviewed",),
                       f"review is overdue: last reviewed {review.last_reviewed}, "
                       f"due every {review.interval_days} days (was due {review.due})",
                       f"{review.owner}: review the profile and set last_reviewed to today")


def _persona_rules(persona: Persona, document: Document, catalog: Catalog, known_ids: Known,
                   today: dt.date) -> Iterator[Diagnostic]:
    for index, icp_id in enumerate(persona.icps):
        if icp_id not in known_ids.icp_ids:
            yield _error(document, ("icps", index), f"ICP '{icp_id}' does not exist",
                         _suggest_icp(icp_id, known_ids))
    for index, pain in enumerate(persona.pain_points):
        if pain.reference:
            yield from _pain_reference(persona, document, index, pain.icp_id, pain.pain_point_id, known_ids)
    yield from _stale(persona.review, document, today)
    linked = [catalog.icps[i] for i in persona.icps if i in catalog.icps]
    if linked and all(icp.status == "retired" for icp in linked):
        yield _warning(document, ("icps",), "persona is linked only to retired ICPs",
                       "link it to a current ICP, or retire the persona by removing its file")


def _pain_reference(persona: Persona, document: Document, index: int, icp_id: str, pain_id: str,
                    known_ids: Known) -> Iterator[Diagnostic]:
    path: YamlPath = ("pain_points", index)
    if icp_id not in known_ids.icp_ids:
        yield _error(document, path, f"pain point reference names ICP '{icp_id}', which does not exist",
                     _suggest_icp(icp_id, known_ids))
        return
    if icp_id not in known_ids.unreadable_icp_ids and pain_id not in known_ids.pain_ids.get(icp_id, frozenset()):
        ids = ", ".join(sorted(known_ids.pain_ids.get(icp_id, ()))) or "none"
        yield _error(document, path, f"ICP '{icp_id}' has no pain point '{pain_id}'",
                     f"use one of its pain point ids: {ids}")
    if icp_id not in persona.icps:
        yield _error(document, path, f"pain point reference names ICP '{icp_id}', which is not in this persona's icps",
                     f"add '{icp_id}' to icps, or reference a pain point of one of its ICPs")


def _suggest_icp(icp_id: str, known_ids: Known) -> str:
    close = difflib.get_close_matches(icp_id, sorted(known_ids.icp_ids), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"ICP ids are the file names in icps/: {', '.join(sorted(known_ids.icp_ids)) or 'none yet'}"
