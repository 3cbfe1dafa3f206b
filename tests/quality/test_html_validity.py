"""The W3C Nu validator on every page of the built example site: no error from our templates."""

from __future__ import annotations

from pathlib import Path

from tests.quality.nu import THEME_ERRORS, theme_errors_seen, validate


def test_every_page_is_valid_html_but_for_the_listed_theme_errors(example_site: Path, nu_validator: str) -> None:
    pages = sorted(example_site.rglob("*.html"))
    report = validate(nu_validator, pages)
    assert report.errors == [], "\n".join(report.errors)
    assert report.returncode == 0, "\n".join(report.lines)


def test_every_page_of_a_versioned_site_is_valid_html(versions_site: Path, nu_validator: str) -> None:
    """Every version, latest and the root's redirect page: our theme overrides add a banner and a menu."""
    pages = sorted(versions_site.rglob("*.html"))
    report = validate(nu_validator, pages)
    assert report.errors == [], "\n".join(report.errors)
    assert report.returncode == 0, "\n".join(report.lines)


def test_the_listed_theme_errors_still_occur(example_site: Path, nu_validator: str) -> None:
    """A listed error the theme no longer makes is stale: remove it, so it cannot hide an error of ours."""
    pages = [example_site / "index.html", example_site / "icps" / "index.html"]
    report = validate(nu_validator, pages, ignore_theme=False)
    assert theme_errors_seen(report) == set(THEME_ERRORS)
