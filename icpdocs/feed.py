"""An Atom 1.0 feed of profile changes, so people can follow the ICP in a feed reader or chat."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from icpdocs.fieldnames import kind_name
from icpdocs.history import HistoryEntry

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "changes.xml"
_PAGES = {"icp": "icps/{id}/", "persona": "personas/{id}/", "market": ""}
SUMMARY_CHANGES = 20
# Characters XML 1.0 cannot carry at all, even escaped (they can come from commit messages).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def entity_url(kind: str, entity_id: str) -> str:
    """Return the site-relative URL of a profile's page: icps/<id>/, personas/<id>/, '' for the market."""
    return _PAGES.get(kind, "{id}/").format(id=entity_id)


def history_link(entry: HistoryEntry) -> str:
    """Return the site-relative URL of the History section the entry appears in."""
    return f"{entity_url(entry.entity_kind, entry.entity_id)}#history"


def atom_feed(
    entries: Iterable[HistoryEntry],
    *,
    site_url: str,
    title: str,
    updated: dt.datetime,
    feed_path: str = FEED_PATH,
    link_for: Callable[[HistoryEntry], str] = history_link,
) -> str:
    """Return an Atom document with one <entry> per committed (commit, profile) change."""
    base = site_url if site_url.endswith("/") or not site_url else f"{site_url}/"
    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"))
    _text(feed, "id", f"{base}{feed_path}" if base else f"tag:{_authority(base)},2026:{feed_path}")
    _text(feed, "title", title)
    _text(feed, "updated", _timestamp(updated))
    _link(feed, f"{base}{feed_path}", "self", "application/atom+xml")
    if base:
        _link(feed, base, "alternate", "text/html")
    _text(feed, "generator", "icpdocs")
    for entry in entries:
        if entry.committed:
            feed.append(_entry(entry, base, link_for))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(entry: HistoryEntry, base: str, link_for: Callable[[HistoryEntry], str]) -> ET.Element:
    element = ET.Element(_tag("entry"))
    subject = "Market" if entry.entity_kind == "market" else f"{kind_name(entry.entity_kind)} {entry.entity_id}"
    tag = f"{entry.commit}/{entry.entity_kind}/{entry.entity_id}"
    _text(element, "id", f"tag:{_authority(base)},{entry.date[:10]}:{tag}")
    _text(element, "title", f"{subject}: {entry.message}")
    _text(element, "updated", entry.date)
    author = ET.SubElement(element, _tag("author"))
    _text(author, "name", entry.author or "unknown")
    _link(element, f"{base}{link_for(entry)}", "alternate", "text/html")
    summary = _text(element, "summary", summary_text(entry))
    summary.set("type", "text")
    return element


def summary_text(entry: HistoryEntry) -> str:
    """Return the entry's field changes in plain words, one a line."""
    if entry.problem:
        return f"The file could not be read at this commit: {entry.problem}"
    labels = [change.label for change in entry.changes]
    if not labels:
        if entry.kind == "renamed":
            return "Renamed; no field changed."
        return "No field changed (formatting or order only)."
    more = len(labels) - SUMMARY_CHANGES
    return "\n".join(labels[:SUMMARY_CHANGES] + ([f"… and {more} more"] if more > 0 else []))


def _authority(base: str) -> str:
    """Return the host for tag: ids; a site without URL gets a reserved, never-resolving name."""
    return urlsplit(base).hostname or "icpdocs.invalid"


def _timestamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.isoformat(timespec="seconds")


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _NOT_XML.sub("\ufffd", text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, _tag("link"), {"href": href, "rel": rel, "type": media_type})
