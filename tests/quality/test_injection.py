"""Hostile content on every page type and in the feed: shown as text, never run, never a request elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Visit
from tests.quality.injection import feed_problems, live_markup, source_problems
from tests.quality.pagetypes import PAGE_TYPES, pages_by_type, representatives

pytestmark = pytest.mark.browser

HOSTILE_TYPES = [name for name in PAGE_TYPES if name != "compare releases"]
# Pages that show no text from content (the glossary and field reference are fixed text, the 404 is the theme's).
NO_CONTENT_TEXT = {"glossary", "field reference", "not found"}
SHOWN_AS_TEXT = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}")


def pages_with_live_markup(site: Path) -> dict[str, list[str]]:
    found = {page.relative_to(site).as_posix(): source_problems(page.read_text(encoding="utf-8"))
             for page in sorted(site.rglob("*.html"))}
    return {page: problems for page, problems in found.items() if problems}


def test_the_hostile_site_has_every_page_type(hostile_site: Path) -> None:
    assert sorted(name for name in pages_by_type(hostile_site) if name) == sorted(HOSTILE_TYPES)


@pytest.mark.parametrize("page_type", HOSTILE_TYPES)
def test_hostile_content_is_text_and_the_page_stays_offline(visit: Visit, hostile_site: Path, hostile_url: str,
                                                             page_type: str) -> None:
    visit.open(hostile_url + representatives(hostile_site)[page_type])
    visit.page.wait_for_timeout(100)  # give any injected handler the chance to fire
    assert live_markup(visit.page) == []
    if page_type not in NO_CONTENT_TEXT:
        text = visit.page.inner_text("article")
        assert [attack for attack in SHOWN_AS_TEXT if attack not in text] == []
    if page_type in ("ICP", "persona"):  # mkdocs-material unescapes titles into <title>: it must stay text
        assert "</title><script>alert(2)</script>" in visit.page.title()
    visit.assert_clean()  # no dialog, no console error, and no request left 127.0.0.1


def test_no_page_source_holds_live_markup(hostile_site: Path) -> None:
    """Beyond the largest page of each type: the source of every page, every ICP and persona included."""
    assert pages_with_live_markup(hostile_site) == {}
    assert len(list(hostile_site.rglob("*.html"))) > 20


def test_the_feed_holds_the_attack_as_plain_text(visit: Visit, hostile_site: Path, hostile_url: str) -> None:
    feed = (hostile_site / "changes.xml").read_text(encoding="utf-8")
    assert feed_problems(feed) == []
    assert "{{ 7*7 }}" in feed and "&lt;script&gt;alert(1)&lt;/script&gt;" in feed  # escaped once, as XML text
    visit.open(hostile_url + "changes.xml")
    visit.assert_clean()


def test_release_notes_keep_the_attack_as_text(visit: Visit, hostile_versions_site: Path,
                                               hostile_versions_url: str) -> None:
    """The Compare releases page quotes old and new values: the attack arrived in release icp-2026-q5."""
    visit.open(hostile_versions_url + "icp-2026-q5/compare-releases/")
    visit.page.wait_for_timeout(100)
    assert live_markup(visit.page) == []
    text = visit.page.inner_text("article")
    assert [attack for attack in SHOWN_AS_TEXT if attack not in text] == []
    visit.assert_clean()
    assert pages_with_live_markup(hostile_versions_site) == {}
