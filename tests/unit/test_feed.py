from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from icpdocs.diff import Change
from icpdocs.feed import ATOM, atom_feed, entity_url
from icpdocs.history import HistoryEntry

NS = {"a": ATOM}
UPDATED = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)


def entry(kind: str, entity_id: str, commit: str, message: str, *labels: str, status: str = "modified") -> HistoryEntry:
    changes = tuple(Change(kind, entity_id, ("x",), "changed", 1, 2, label) for label in labels)
    path = f"{kind}s/{entity_id}.yaml"
    return HistoryEntry(kind, entity_id, commit, commit[:7], "2026-03-05T10:00:00+01:00", "Ada Author", message,
                        status, path, path, changes)  # type: ignore[arg-type]


ENTRIES = [
    entry("icp", "hospital-groups", "a" * 40, "Raise the minimum <fast> & loud", "Employees minimum: 200 -> 500",
          "Status: draft -> active"),
    entry("persona", "carla-ceo", "b" * 40, "Retire Carla", "Persona carla-ceo removed", status="deleted"),
    HistoryEntry("icp", "hospital-groups", "", "", "", "", "Not yet committed", "uncommitted", "", "", ()),
]


def parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def link(element: ET.Element) -> str | None:
    found = element.find("a:link", NS)
    assert found is not None
    return found.get("href")


def test_feed_is_atom_with_required_elements() -> None:
    root = parse(atom_feed(ENTRIES, site_url="https://icp.example.com/docs", title="ICP changes", updated=UPDATED))
    assert root.tag == f"{{{ATOM}}}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"a:{name}", NS) is not None and root.findtext(f"a:{name}", namespaces=NS)
    assert root.findtext("a:updated", namespaces=NS) == "2026-03-10T12:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}
    assert links == {"self": "https://icp.example.com/docs/changes.xml", "alternate": "https://icp.example.com/docs/"}
    entries = root.findall("a:entry", NS)
    assert len(entries) == 2  # the uncommitted change is not published
    for element in entries:
        for name in ("id", "title", "updated", "author/a:name", "summary"):
            assert element.findtext(f"a:{name}", namespaces=NS), name


def test_entries_link_to_the_profile_history_and_say_what_changed() -> None:
    root = parse(atom_feed(ENTRIES, site_url="https://icp.example.com/docs/", title="ICP changes", updated=UPDATED))
    first, second = root.findall("a:entry", NS)
    assert first.findtext("a:title", namespaces=NS) == "ICP hospital-groups: Raise the minimum <fast> & loud"
    assert first.findtext("a:summary", namespaces=NS) == "Employees minimum: 200 -> 500\nStatus: draft -> active"
    assert link(first) == "https://icp.example.com/docs/icps/hospital-groups/#history"
    assert link(second) == "https://icp.example.com/docs/personas/carla-ceo/#history"
    assert first.findtext("a:id", namespaces=NS) == f"tag:icp.example.com,2026-03-05:{'a' * 40}/icp/hospital-groups"
    assert first.findtext("a:updated", namespaces=NS) == "2026-03-05T10:00:00+01:00"
    assert first.findtext("a:author/a:name", namespaces=NS) == "Ada Author"


def test_text_is_escaped_and_control_characters_dropped() -> None:
    text = atom_feed([entry("icp", "x", "c" * 40, "Bad \x01 <b>bold</b>")], site_url="https://e.example/",
                     title="T & Co", updated=UPDATED)
    assert "<b>" not in text and "&lt;b&gt;" in text and "T &amp; Co" in text
    assert parse(text).find("a:entry/a:title", NS).text == "ICP x: Bad \ufffd <b>bold</b>"  # type: ignore[union-attr]


def test_link_for_can_point_elsewhere() -> None:
    text = atom_feed(ENTRIES[1:2], site_url="https://e.example/", title="T", updated=UPDATED,
                     link_for=lambda e: f"changes/#{e.anchor}")
    assert link(parse(text).findall("a:entry", NS)[0]) == "https://e.example/changes/#change-bbbbbbb"


def test_entity_urls() -> None:
    assert entity_url("icp", "a") == "icps/a/"
    assert entity_url("persona", "b") == "personas/b/"
    assert entity_url("market", "market") == ""


def test_naive_update_time_is_utc_and_empty_feed_is_valid() -> None:
    root = parse(atom_feed([], site_url="", title="T", updated=dt.datetime(2026, 1, 1)))
    assert root.findtext("a:updated", namespaces=NS) == "2026-01-01T00:00:00+00:00"
    assert root.findtext("a:id", namespaces=NS) == "tag:icpdocs.invalid,2026:changes.xml"
