"""LinkChecker on the example site and on a versioned site: no broken link, asset or anchor."""

from __future__ import annotations

import json
from pathlib import Path

from tests.quality.links import LinkReport, check_links


def problems(report: LinkReport) -> str:
    return "\n".join(map(str, report.problems)) or report.output


def test_no_broken_link_or_anchor(example_url: str, linkchecker: None, tmp_path: Path) -> None:
    report = check_links([example_url], tmp_path)
    assert report.problems == [], problems(report)
    assert report.returncode == 0, report.output


def test_no_broken_link_or_anchor_across_versions(versions_site: Path, versions_url: str, linkchecker: None,
                                                  tmp_path: Path) -> None:
    listed = json.loads((versions_site / "versions.json").read_text(encoding="utf-8"))
    folders = [entry["version"] for entry in listed] + [alias for entry in listed for alias in entry["aliases"]]
    assert sorted(folders) == ["icp-2026-q3", "icp-2026-q4", "latest"]
    # The version menu is built by script from versions.json, so each version is a start of its own;
    # the first start, the root, makes the whole host internal: links between versions are followed.
    report = check_links([versions_url, *(f"{versions_url}{folder}/" for folder in folders)], tmp_path)
    assert report.problems == [], problems(report)
    assert report.returncode == 0, report.output
