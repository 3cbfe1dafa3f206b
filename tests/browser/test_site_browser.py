"""The built site in headless Chromium: search, links and anchors, no outside requests, no injection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

RESULT = "a.md-search-result__link"


def search(visit: Visit, base: str, query: str) -> list[str]:
    """Type `query` into the site's search box; return the result links' addresses."""
    visit.open(base)
    box = visit.page.locator("input.md-search__input")
    box.click()
    visit.page.wait_for_function(  # the index loads in a web worker after the page
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')")
    box.press_sequentially(query)  # Material searches on key presses, not on a value set by script
    visit.page.wait_for_selector(RESULT)
    return [visit.page.evaluate("(a) => a.href", link) for link in visit.page.query_selector_all(RESULT)]


@pytest.mark.parametrize("query,page", [
    ("Priya Privacy", "personas/priya-privacy/"),
    ("Audit evidence is collected by hand", "icps/mid-market-hospital-groups/"),
    ("MEDITECH Expanse", "icps/mid-market-hospital-groups/"),
])
def test_search_lists_the_right_page(visit: Visit, example_url: str, query: str, page: str) -> None:
    found = search(visit, example_url, query)
    assert any(link.startswith(example_url + page) for link in found), found
    visit.assert_clean()


def test_a_search_result_opens_its_page(visit: Visit, example_url: str) -> None:
    search(visit, example_url, "Priya Privacy")
    visit.page.locator(f"{RESULT}[href*='personas/priya-privacy/']").first.click()
    visit.page.wait_for_url(example_url + "personas/priya-privacy/**")
    assert visit.page.inner_text("article h1").startswith("Priya Privacy")
    visit.assert_clean()


def test_a_persona_pain_point_link_lands_on_the_icp_anchor(visit: Visit, example_url: str) -> None:
    visit.open(example_url + "personas/carla-ceo/")
    visit.page.click("article a[href$='#pain-fragmented-patient-records']")
    target = example_url + "icps/mid-market-hospital-groups/#pain-fragmented-patient-records"
    visit.page.wait_for_url(target)
    visit.page.wait_for_function(
        "() => { const top = document.getElementById('pain-fragmented-patient-records')"
        ".getBoundingClientRect().top; return top >= 0 && top < window.innerHeight / 3; }"
    )
    assert visit.page.inner_text("#pain-fragmented-patient-records").startswith(
        "Patient records are split across EHR instances")
    visit.assert_clean()


def test_every_page_kind_loads_cleanly_and_screenshots_are_saved(visit: Visit, example_url: str,
                                                                  artifacts: Path) -> None:
    for path in ("", "icps/", "personas/", "compare/", "buying-committees/", "pain-points/", "glossary/",
                 "reference/", "personas/tim-it/"):
        visit.open(example_url + path)
        assert visit.page.inner_text("article h1")
    for path, name in (("icps/mid-market-hospital-groups/", "icp-page.png"), ("tam-vs-icp/", "tam-vs-icp.png")):
        visit.open(example_url + path)
        visit.page.screenshot(path=str(artifacts / name), full_page=True)
        assert (artifacts / name).stat().st_size > 10_000
    assert visit.page.locator("svg.icpdocs-chart rect").count() >= 5
    visit.assert_clean()


@pytest.mark.parametrize("path", ["", "icps/mid-market-hospital-groups/", "personas/carla-ceo/", "tam-vs-icp/",
                                  "pain-points/", "buying-committees/", "compare/"])
def test_hostile_content_shows_as_text(visit: Visit, injection_url: str, path: str) -> None:
    visit.open(injection_url + path)
    text = visit.page.inner_text("article")
    assert "{{ 7*7 }}" in text
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert visit.page.locator("a[href^='javascript:'], img[src='x'], img[onerror]").count() == 0
    if path.startswith(("icps/", "personas/")):
        assert "</title><script>alert(2)</script>" in visit.page.title()  # as text, not as markup
    visit.page.wait_for_timeout(200)  # give any injected handler the chance to fire
    visit.assert_clean()
