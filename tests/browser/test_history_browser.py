"""The change history in headless Chromium: an ICP page's History section and the What changed page."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from icpdocs.site import build_site, mkdocs_log
from tests.browser.conftest import Visit, _serve
from tests.browser.sitebuild import write_config
from tests.conftest import GitRepo

pytestmark = pytest.mark.browser

HOSPITALS = "icps/mid-market-hospital-groups"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The example content in a git repository with two commits, built and served; yields (url, edit's sha)."""
    root = tmp_path_factory.mktemp("history-browser") / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    repo = GitRepo(root)
    repo.copy_content()
    repo.commit("Add the example content", date="2026-09-01T09:00:00")
    icp = root / "content" / f"{HOSPITALS}.yaml"
    icp.write_text(icp.read_text(encoding="utf-8").replace("employees: {min: 800,", "employees: {min: 900,"))
    sha = repo.commit("Raise the minimum for hospital groups", date="2026-10-02T09:00:00",
                      author="Bo Editor <bo@example.com>")
    with mkdocs_log():
        site = build_site(write_config(root.parent / "build", root / "content"), strict=True).site_dir
    for url in _serve(site):
        yield url, sha


def test_an_icp_page_shows_last_changed_and_its_history(visit: Visit, history_site: tuple[str, str],
                                                        artifacts: Path) -> None:
    url, sha = history_site
    visit.open(url + HOSPITALS + "/")
    article = visit.page.locator("article")
    last_changed = article.locator("p", has_text="Last changed").inner_text()
    assert last_changed == "Last changed 2 Oct 2026 by Bo Editor · History"
    article.get_by_role("link", name="History", exact=True).click()
    visit.page.wait_for_url(url + HOSPITALS + "/#history")
    heading = visit.page.locator("h2#history")
    assert heading.is_visible()
    entries = visit.page.locator("article p[id^='change-']")
    assert entries.count() == 2
    first = visit.page.locator(f"#change-{sha[:7]}")
    assert first.inner_text() == f"2 Oct 2026 · Bo Editor · {sha[:7]} · Raise the minimum for hospital groups"
    assert visit.page.locator(f"#change-{sha[:7]} + ul li").all_inner_texts() == ["Employees minimum: 800 -> 900"]
    heading.screenshot(path=str(artifacts / "icp-history-heading.png"))
    visit.page.screenshot(path=str(artifacts / "icp-history.png"), full_page=False)
    visit.assert_clean()


def test_what_changed_links_to_the_entry_on_the_profile_page(visit: Visit, history_site: tuple[str, str]) -> None:
    url, sha = history_site
    visit.open(url)
    visit.page.locator("nav.md-nav--primary a.md-nav__link", has_text="What changed").first.click()
    visit.page.wait_for_url(url + "changes/")
    assert visit.page.locator("article h2").first.inner_text().startswith("October 2026")
    visit.page.click(f"article a[href$='#change-{sha[:7]}']")
    visit.page.wait_for_url(f"{url}{HOSPITALS}/#change-{sha[:7]}")
    # The History section ends the page, so the entry is in view (the page cannot scroll it to the top).
    visit.page.wait_for_function(
        f"() => {{ const box = document.getElementById('change-{sha[:7]}').getBoundingClientRect();"
        " return window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight; }")
    visit.assert_clean()


def test_every_page_offers_the_feed(visit: Visit, history_site: tuple[str, str]) -> None:
    url, _ = history_site
    visit.open(url + "glossary/")
    href = visit.page.evaluate("document.querySelector(\"link[type='application/atom+xml']\").href")
    assert href == url + "changes.xml"
    response = visit.page.request.get(url + "changes.xml")
    assert response.ok and "<feed xmlns=\"http://www.w3.org/2005/Atom\">" in response.text()
    visit.assert_clean()
