"""The versioned site in headless Chromium: the version selector, switching versions, outdated banners."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from icpdocs.site import mkdocs_log
from icpdocs.versions_run import build_versions
from tests.acceptance.versions_repo import MID_MARKET, edit, release_repo
from tests.browser.conftest import Visit, _serve

pytestmark = pytest.mark.browser

BANNER = "[data-md-component=outdated]"
PAGE = "icps/mid-market-hospital-groups/"


@pytest.fixture(scope="module")
def versions_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three releases and an edited working tree as `dev`, built into one folder and served."""
    folder = tmp_path_factory.mktemp("versions-site")
    repo = release_repo(folder / "repo")
    edit(repo, MID_MARKET, "regions: [US, CA]", "regions: [US, CA, MX]")
    with mkdocs_log():
        build_versions(repo.root / "mkdocs.yml", folder / "site", dev=True, progress=lambda line: None)
    yield from _serve(folder / "site")


def banner_shown(visit: Visit) -> bool:
    return bool(visit.page.is_visible(BANNER))


def test_the_root_redirects_to_latest(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url)
    visit.page.wait_for_url(versions_url + "latest/")
    assert visit.page.inner_text("article h1").startswith("Quillfield Health Data")
    visit.assert_clean()


def test_the_version_selector_lists_every_version(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "latest/" + PAGE)
    visit.page.wait_for_selector(".md-version")
    assert visit.page.inner_text(".md-version__current").startswith("Q3 2026")
    links = visit.page.query_selector_all(".md-version__link")
    assert [link.inner_text() for link in links] == ["dev (unreleased working copy)", "Q3 2026", "icp-2026-q2",
                                                    "Q1 2026"]
    visit.assert_clean()


def test_the_version_button_is_named_by_the_version_it_shows(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "icp-2026-q2/" + PAGE)
    visit.page.wait_for_selector(".md-version__current[aria-label^='icp-2026-q2']")
    button = visit.page.query_selector(".md-version__current")
    assert button is not None
    assert button.get_attribute("aria-label") == "icp-2026-q2, select version"
    visit.assert_clean()


@pytest.mark.parametrize("start,target,version", [
    ("latest/", "Q1 2026", "icp-2026-q1"),
    ("icp-2026-q1/", "icp-2026-q2", "icp-2026-q2"),
    ("icp-2026-q2/", "dev (unreleased working copy)", "dev"),
])
def test_switching_versions_keeps_the_reader_on_the_same_page(visit: Visit, versions_url: str, start: str,
                                                                target: str, version: str) -> None:
    visit.open(versions_url + start + PAGE)
    visit.page.wait_for_selector(".md-version")
    visit.page.hover(".md-version")  # the list opens on hover
    visit.page.click(f".md-version__link:text-is('{target}')")
    visit.page.wait_for_url(versions_url + f"{version}/{PAGE}")
    assert visit.page.inner_text("article h1").startswith("Mid-market hospital groups")
    visit.assert_clean()


def test_a_page_missing_in_the_other_version_lands_on_its_home(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "icp-2026-q2/icps/rural-hospitals/")  # removed in Q3
    visit.page.wait_for_selector(".md-version")
    visit.page.hover(".md-version")
    visit.page.click(".md-version__link:text-is('Q3 2026')")
    visit.page.wait_for_url(versions_url + "icp-2026-q3/")
    visit.assert_clean()


def test_the_outdated_banner_shows_on_old_versions_only(visit: Visit, versions_url: str) -> None:
    for newest in ("latest/", "icp-2026-q3/"):
        visit.open(versions_url + newest + PAGE)
        visit.page.wait_for_selector(".md-version")
        assert not banner_shown(visit), newest
    for old in ("icp-2026-q2/", "icp-2026-q1/"):
        visit.open(versions_url + old + PAGE)
        visit.page.wait_for_selector(f"{BANNER}:not([hidden])")
        assert visit.page.inner_text(BANNER).startswith("You are reading an older release")
        link = visit.page.locator(f"{BANNER} a[data-icpdocs-latest]")
        assert link.evaluate("a => a.href") == versions_url + "latest/" + PAGE
    assert "older release: Q1 2026." in visit.page.inner_text(BANNER)
    visit.assert_clean()


def test_the_banner_of_a_page_gone_from_latest_links_to_its_section(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "icp-2026-q2/icps/rural-hospitals/")
    link = visit.page.locator(f"{BANNER} a[data-icpdocs-latest]")
    visit.page.wait_for_function("(url) => document.querySelector('a[data-icpdocs-latest]').href === url",
                                 arg=versions_url + "latest/icps/")
    link.click()
    visit.page.wait_for_url(versions_url + "latest/icps/")
    visit.assert_clean()


def test_dev_has_its_own_banner(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "dev/" + PAGE)
    visit.page.wait_for_selector(f"{BANNER}:not([hidden])")
    assert visit.page.inner_text(BANNER).startswith("Unreleased working copy.")
    assert visit.page.locator(f"{BANNER} .icpdocs-version-banner--dev").count() == 1
    visit.assert_clean()


def test_the_banner_follows_instant_navigation(visit: Visit, versions_url: str) -> None:
    visit.open(versions_url + "icp-2026-q1/")
    visit.page.click(f"article a[href$='{PAGE}']")
    visit.page.wait_for_url(versions_url + "icp-2026-q1/" + PAGE)
    visit.page.wait_for_selector(f"{BANNER}:not([hidden])")
    href = visit.page.locator(f"{BANNER} a[data-icpdocs-latest]").evaluate("a => a.href")
    assert href == versions_url + "latest/" + PAGE
    visit.assert_clean()
