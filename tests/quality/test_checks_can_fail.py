"""Each gate fails on a site built to break it: a template that forgets to escape, an image without alt
text, a link to an anchor that does not exist. A gate that cannot fail proves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Visit
from tests.browser.sitebuild import injection_content
from tests.quality.axe import gated, run_axe
from tests.quality.injection import live_markup, source_problems
from tests.quality.links import check_links
from tests.quality.nu import validate
from tests.localserver import serve
from tests.quality.sites import build

BROKEN_PAGE = "icps/mid-market-hospital-groups/"
MISSING_ANCHOR = "pain-that-does-not-exist"
# The built-in ICP page with its summary block broken three ways.
BROKEN_TEMPLATE = f"""\
{{% extends "icpdocs/icp.md.j2" %}}
{{% block summary %}}
{{{{ icp.summary }}}}

<img src="../../assets/images/favicon.png">

[The worst pain](#{MISSING_ANCHOR})
{{% endblock %}}
"""


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hostile content rendered by an ICP template that does not escape the summary."""
    folder = tmp_path_factory.mktemp("broken")
    templates = folder / "templates"
    templates.mkdir()
    (templates / "icp.md.j2").write_text(BROKEN_TEMPLATE, encoding="utf-8")
    return build(folder / "build", injection_content(folder / "content"), templates=str(templates))


@pytest.fixture(scope="module")
def broken_url(broken_site: Path) -> Iterator[str]:
    with serve(broken_site) as url:
        yield url


@pytest.mark.browser
def test_axe_reports_the_image_without_alt_text(visit: Visit, broken_url: str, axe_script: Path) -> None:
    visit.open(broken_url + BROKEN_PAGE)
    assert "image-alt" in {violation.rule for violation in gated(run_axe(visit.page, axe_script))}


@pytest.mark.browser
def test_the_injection_check_catches_the_script(visit: Visit, broken_site: Path, broken_url: str) -> None:
    visit.open(broken_url + BROKEN_PAGE)
    assert any("script element in the content" in problem for problem in live_markup(visit.page))
    assert visit.dialogs, "the injected alert() should have opened a dialog"
    source = (broken_site / BROKEN_PAGE / "index.html").read_text(encoding="utf-8")
    assert any("script element in the content" in problem for problem in source_problems(source))


def test_linkchecker_reports_the_missing_anchor(broken_url: str, linkchecker: None, tmp_path: Path) -> None:
    report = check_links([broken_url + BROKEN_PAGE], tmp_path)  # this page and the links within its folder
    assert [str(p) for p in report.problems if MISSING_ANCHOR in p.url and "not found" in p.warning], report.output
    assert report.returncode == 1


def test_nu_reports_the_invalid_markup(broken_site: Path, nu_validator: str) -> None:
    report = validate(nu_validator, [broken_site / BROKEN_PAGE / "index.html"])
    assert any('An "img" element must have an "alt" attribute' in error for error in report.errors), report.lines
    assert report.returncode != 0
