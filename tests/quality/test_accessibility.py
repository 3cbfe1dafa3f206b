"""axe-core on every page type of the example site, light and dark: no serious or critical violation of ours."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import Visit
from tests.quality.axe import GATED_IMPACTS, THEME_EXCEPTIONS, Violation, gated, run_axe
from tests.quality.pagetypes import PAGE_TYPES, pages_by_type, representatives

pytestmark = pytest.mark.browser

# Every type but the comparison of releases, which only a versioned site has (see test_links.py).
EXAMPLE_TYPES = [name for name in PAGE_TYPES if name != "compare releases"]
# What the dark scheme changes: colours only.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def report(violations: list[Violation]) -> str:
    return "\n".join(map(str, violations))


def assert_accessible_in_light_and_dark(visit: Visit, url: str, axe_script: Path) -> None:
    """Run every axe rule on the light scheme, the colour rules on the dark one; the page stays offline."""
    visit.open(url)
    light = run_axe(visit.page, axe_script)
    visit.page.click("label[title='Switch to dark mode']")  # the reader's own toggle, as Material switches it
    visit.page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    dark = run_axe(visit.page, axe_script, rules=COLOUR_RULES)
    assert gated(light) == [], report(gated(light))
    assert gated(dark) == [], "dark scheme:\n" + report(gated(dark))
    visit.assert_clean()  # offline too: no request left 127.0.0.1, no console error


def test_the_example_site_has_every_page_type_and_no_other(example_site: Path) -> None:
    grouped = pages_by_type(example_site)
    assert None not in grouped, f"pages of a type the gates do not know: add it to PAGE_TYPES: {grouped.get(None)}"
    assert set(grouped) == set(EXAMPLE_TYPES)


@pytest.mark.parametrize("page_type", EXAMPLE_TYPES)
def test_no_serious_violation_in_light_and_dark(visit: Visit, example_site: Path, example_url: str,
                                                axe_script: Path, page_type: str) -> None:
    assert_accessible_in_light_and_dark(visit, example_url + representatives(example_site)[page_type], axe_script)


# Pages only a versioned site has: the comparison with the previous release, and an old release's page
# with the banner that points to the latest one (icpdocs' theme overrides).
VERSIONED_PAGES = ["icp-2026-q4/compare-releases/", "icp-2026-q3/icps/mid-market-hospital-groups/"]


@pytest.mark.parametrize("path", VERSIONED_PAGES)
def test_no_serious_violation_on_versioned_pages(visit: Visit, versions_url: str, axe_script: Path,
                                                 path: str) -> None:
    assert_accessible_in_light_and_dark(visit, versions_url + path, axe_script)


def test_the_listed_theme_exceptions_still_occur(visit: Visit, versions_url: str, axe_script: Path) -> None:
    """A listed exception the theme no longer trips is stale: remove it, so it cannot hide a problem of ours."""
    visit.open(versions_url + "latest/")
    seen = {(v.rule, v.target) for v in run_axe(visit.page, axe_script) if v.impact in GATED_IMPACTS}
    assert set(THEME_EXCEPTIONS) <= seen, set(THEME_EXCEPTIONS) - seen
