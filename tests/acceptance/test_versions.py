"""`icpdocs versions`: one site per release tag, latest and dev, versions.json, incremental rebuilds."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import Result

from icpdocs.versions import Version
from icpdocs.versions_run import SKIPPED, UNCHANGED, Outcome, VersionResult, build_versions
from tests.acceptance.versions_repo import MID_MARKET, edit, new_repo, release_repo, tag
from tests.conftest import GitRepo

RunCli = Callable[..., Result]
RELEASES = ["icp-2026-q3", "icp-2026-q2", "icp-2026-q1"]
KEY_FILE = ".icpdocs-version.json"
EMPLOYEES = re.compile(r"<td>Employees</td>\s*<td>([^<]*)</td>")


@dataclass
class Built:
    repo: GitRepo
    out: Path
    lines: list[str]
    outcome: Outcome

    @property
    def config(self) -> Path:
        return self.repo.root / "mkdocs.yml"


def build(repo: GitRepo, out: Path, **options: object) -> Built:
    lines: list[str] = []
    outcome = build_versions(repo.root / "mkdocs.yml", out, progress=lines.append, **options)  # type: ignore[arg-type]
    return Built(repo, out, lines, outcome)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("versions")
    return build(release_repo(folder / "repo"), folder / "site")


@pytest.fixture
def copy(built: Built, tmp_path: Path) -> Built:
    """A copy of the built repository and site, for tests that add tags or edit content."""
    repo = GitRepo(Path(shutil.copytree(built.repo.root, tmp_path / "repo")))
    return Built(repo, Path(shutil.copytree(built.out, tmp_path / "site")), [], built.outcome)


class Blocks(HTMLParser):
    """The article of a page as lines: headings as '# ...', list items as '- ...', paragraphs as they are."""

    BLOCKS: ClassVar[dict[str, str]] = {"h1": "# ", "h2": "## ", "h3": "### ", "li": "- ", "p": ""}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self._open: list[str] = []
        self._in_article = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self._in_article = True
        elif self._in_article and tag in self.BLOCKS:
            self._open.append(self.BLOCKS[tag])
        elif tag == "a" and ("class", "headerlink") in attrs:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article = False
        elif tag == "a" and self._skip:
            self._skip -= 1
        elif self._in_article and tag in self.BLOCKS and self._open:
            self._open.pop()
            if self.lines and self.lines[-1] is not None:
                self.lines[-1] = " ".join(self.lines[-1].split())
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self._in_article and self._open and not self._skip:
            if not self.lines or self.lines[-1] == "":
                self.lines.append(self._open[-1])
            self.lines[-1] += data


def page_html(folder: Path) -> str:
    return (folder / "index.html").read_text(encoding="utf-8")


def article(page: Path) -> list[str]:
    parser = Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    return [line for line in parser.lines if line.strip()]


def test_three_releases_become_three_versions_and_latest(built: Built) -> None:
    assert built.outcome.latest == "icp-2026-q3" and not built.outcome.failed
    assert built.lines == [
        "building icp-2026-q3 (1/3)…", built.lines[1], "building icp-2026-q2 (2/3)…", built.lines[3],
        "building icp-2026-q1 (3/3)…", built.lines[5], "latest is now a copy of icp-2026-q3",
    ]
    assert all(built.lines[i].startswith(f"built {name} in ") for i, name in ((1, RELEASES[0]), (3, RELEASES[1]),
                                                                               (5, RELEASES[2])))
    assert sorted(p.name for p in built.out.iterdir()) == ["icp-2026-q1", "icp-2026-q2", "icp-2026-q3",
                                                         "index.html", "latest", "versions.json"]


def test_versions_json_is_in_mikes_format(built: Built) -> None:
    assert json.loads((built.out / "versions.json").read_text(encoding="utf-8")) == [
        {"version": "icp-2026-q3", "title": "Q3 2026", "aliases": ["latest"]},
        {"version": "icp-2026-q2", "title": "icp-2026-q2", "aliases": []},  # a lightweight tag: its name
        {"version": "icp-2026-q1", "title": "Q1 2026", "aliases": []},
    ]


def test_the_root_redirects_to_latest_and_latest_is_the_newest_release(built: Built) -> None:
    root = (built.out / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in root
    assert 'location.replace("latest/" + location.search + location.hash)' in root
    page = "icps/mid-market-hospital-groups/index.html"
    assert (built.out / "latest" / page).read_bytes() == (built.out / "icp-2026-q3" / page).read_bytes()


def test_each_version_shows_its_own_content(built: Built) -> None:
    def has(version: str, page: str) -> bool:
        return (built.out / version / page / "index.html").is_file()

    assert [has(v, "icps/rural-hospitals") for v in RELEASES] == [False, True, False]
    assert [has(v, "personas/sam-security") for v in RELEASES] == [True, True, False]
    employees = {v: EMPLOYEES.findall(page_html(built.out / v / "icps/mid-market-hospital-groups")) for v in RELEASES}
    assert employees == {"icp-2026-q3": ["1,000 to 5,000"], "icp-2026-q2": ["1,000 to 5,000"],
                         "icp-2026-q1": ["800 to 5,000"]}


@pytest.mark.parametrize("version", RELEASES)
def test_every_icp_of_a_release_has_its_stable_url(built: Built, version: str) -> None:
    files = built.repo.git("ls-tree", "--name-only", f"{version}:content/icps").split()
    assert files and all((built.out / version / "icps" / Path(f).stem / "index.html").is_file() for f in files)
    assert (built.out / version / "api/catalog.json").is_file()


def test_the_compare_page_lists_the_exact_changes(built: Built) -> None:
    assert article(built.out / "icp-2026-q2/compare-releases/index.html") == [
        "# Compare releases",
        "What changed in icp-2026-q2 since the previous release, Q1 2026: 1 ICP added, 1 ICP changed, "
        "1 persona added. Criteria that decide who fits an ICP: 1 narrowed (fewer accounts fit), "
        "0 broadened (more accounts fit).",
        "## ICPs added",
        "- Rural hospitals rural-hospitals",
        "## ICPs changed",
        "### Mid-market hospital groups",
        "Open the ICP",
        "- Version: 5 -> 6",
        "- Employees minimum: 800 -> 1000 narrowed",
        "## Personas added",
        "- Sam Security sam-security",
    ]
    q3 = article(built.out / "icp-2026-q3/compare-releases/index.html")
    assert q3[2:] == ["## ICPs removed", "- Rural hospitals (see icp-2026-q2) rural-hospitals", "## ICPs changed",
                      "### Mid-market hospital groups", "Open the ICP", "- Version: 6 -> 7",
                      "- Region added: CA broadened"]
    assert article(built.out / "icp-2026-q1/compare-releases/index.html")[1].startswith(
        "Q1 2026 is the first release of this document")


def test_the_compare_page_links_to_this_and_the_previous_release(built: Built) -> None:
    html = (built.out / "icp-2026-q3/compare-releases/index.html").read_text(encoding="utf-8")
    assert 'href="../../icp-2026-q2/icps/rural-hospitals/"' in html  # removed: its page in the release before
    assert 'href="../icps/mid-market-hospital-groups/"' in html
    assert 'href="../../icp-2026-q2/"' in html


def test_versions_diff_prints_the_same_changes(built: Built, run_cli: RunCli) -> None:
    result = run_cli("versions", "diff", "icp-2026-q2", "icp-2026-q3", "--config-file", built.config)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Changes from icp-2026-q2 to icp-2026-q3 (Q3 2026): 1 ICP removed, 1 ICP changed; 1 criterion broadened\n"
        "\n"
        "ICPs removed\n"
        "  Rural hospitals (rural-hospitals)\n"
        "\n"
        "ICPs changed\n"
        "  Mid-market hospital groups (mid-market-hospital-groups)\n"
        "    - Version: 6 -> 7\n"
        "    - Region added: CA  [broadened]\n"
    )


def test_versions_list_names_the_releases_newest_first(built: Built, run_cli: RunCli) -> None:
    result = run_cli("versions", "list", "--config-file", built.config)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == RELEASES
    assert lines[0].endswith("Q3 2026  [latest]") and "2026-06-30" in lines[1]


def test_a_second_run_without_a_new_tag_rebuilds_nothing(copy: Built) -> None:
    stamps = {v: (copy.out / v / KEY_FILE).stat().st_mtime_ns for v in [*RELEASES, "latest"]}
    again = build(copy.repo, copy.out)
    assert again.lines == [f"{v} unchanged, skipped" for v in RELEASES] + ["latest is icp-2026-q3, unchanged"]
    assert {v: (copy.out / v / KEY_FILE).stat().st_mtime_ns for v in stamps} == stamps
    assert again.outcome.count(UNCHANGED) == 3


def test_a_new_tag_builds_exactly_one_version(copy: Built) -> None:
    edit(copy.repo, MID_MARKET, "regions: [US, CA]", "regions: [US, CA, MX]")
    copy.repo.commit("Q4 profiles", date="2026-12-20T12:00:00")
    tag(copy.repo, "icp-2026-q4", "Q4 2026", "2026-12-21T09:00:00")
    again = build(copy.repo, copy.out)
    assert again.lines[0] == "building icp-2026-q4 (1/4)…"
    assert again.lines[2:] == [f"{v} unchanged, skipped" for v in RELEASES] + ["latest is now a copy of icp-2026-q4"]
    assert "Region added: MX" in (copy.out / "latest/compare-releases/index.html").read_text(encoding="utf-8")
    assert json.loads((copy.out / "versions.json").read_text(encoding="utf-8"))[0]["aliases"] == ["latest"]


def test_dev_is_the_working_tree_and_goes_away_without_the_flag(copy: Built) -> None:
    edit(copy.repo, MID_MARKET, "employees: {min: 1000, max: 5000}", "employees: {min: 1200, max: 5000}")
    with_dev = build(copy.repo, copy.out, dev=True)
    assert with_dev.lines[:1] + with_dev.lines[2:5] == ["building dev (1/4)…"] + [
        f"{v} unchanged, skipped" for v in RELEASES]
    assert json.loads((copy.out / "versions.json").read_text(encoding="utf-8"))[0] == {
        "version": "dev", "title": "dev (unreleased working copy)", "aliases": []}
    notes = article(copy.out / "dev/compare-releases/index.html")
    assert "- Employees minimum: 1000 -> 1200 narrowed" in notes
    assert EMPLOYEES.findall(page_html(copy.out / "dev/icps/mid-market-hospital-groups")) == ["1,200 to 5,000"]
    assert build(copy.repo, copy.out).lines[-1] == "removed dev: it is no longer a release"
    assert not (copy.out / "dev").exists()


def test_a_failed_rebuild_leaves_the_earlier_build_in_place(copy: Built) -> None:
    before = {p: p.read_bytes() for p in sorted((copy.out / "icp-2026-q3").rglob("*")) if p.is_file()}
    copy.repo.write("content/market.yaml", "company: [broken\n")
    copy.repo.commit("Broken market file")
    copy.repo.git("tag", "-f", "-a", "icp-2026-q3", "-m", "Q3 2026")  # the release re-tagged onto it
    again = build(copy.repo, copy.out)
    assert again.lines[1].startswith("icp-2026-q3 skipped: tag 'icp-2026-q3' could not be built: ")
    assert again.lines[1].endswith("; its earlier build was kept")
    assert {p: p.read_bytes() for p in sorted((copy.out / "icp-2026-q3").rglob("*")) if p.is_file()} == before
    assert again.outcome.failed  # the newest release could not be built: exit 1
    assert json.loads((copy.out / "versions.json").read_text(encoding="utf-8"))[0]["version"] == "icp-2026-q3"


def test_old_content_is_built_leniently_or_skipped_with_the_tag_named(tmp_path: Path, run_cli: RunCli) -> None:
    repo = new_repo(tmp_path / "repo")
    repo.copy_content()
    repo.write("content/market.yaml", "company: [broken\n")
    repo.commit("A market file that does not parse", date="2025-09-01T12:00:00")
    tag(repo, "icp-2025-q3", None, "")
    repo.copy_content()  # the market file repaired, but an ICP uses a field today's schema does not know
    edit(repo, "content/icps/small-independent-practices.yaml", "status: retired", "status: retired\nicp_tier: gold")
    repo.commit("Profiles from before the schema change", date="2025-12-01T12:00:00")
    tag(repo, "icp-2025-q4", None, "")
    out = tmp_path / "site"

    result = run_cli("versions", "build", "--out", out, "--config-file", repo.root / "mkdocs.yml")

    assert result.exit_code == 0, result.output  # the newest release was built
    assert "icp-2025-q3 skipped: tag 'icp-2025-q3' could not be built: " in result.stdout
    assert "built icp-2025-q4 in " in result.stdout and " with 1 warning (shown above)" in result.stdout
    assert "WARNING" not in result.stderr  # no broken link: the Compare page does not link the left-out ICP
    assert "icp-2025-q4:content/icps/small-independent-practices.yaml:3:1: error: icp_tier: unknown field" \
        in result.stderr
    home = article(out / "icp-2025-q4/index.html")
    assert home[1:4] == ["This version does not fully match today's content rules",
                         "It was built with 1 problem; profiles with errors are left out, and links to them "
                         "are dropped.",
                         "- icp-2025-q4:content/icps/small-independent-practices.yaml, line 3: unknown field "
                         "'icp_tier'"]
    assert not (out / "icp-2025-q4/icps/small-independent-practices").exists()
    assert "small-independent-practices" not in (out / "icp-2025-q4/personas/olivia-operations/index.html").read_text(
        encoding="utf-8")
    assert [v["version"] for v in json.loads((out / "versions.json").read_text(encoding="utf-8"))] == ["icp-2025-q4"]


@pytest.mark.parametrize("statuses,failed", [
    ((SKIPPED, "built"), True),  # the newest release failed
    (("built", SKIPPED), False),  # an old one failed: shown, not fatal
    ((SKIPPED, SKIPPED), True),  # nothing could be built
    (("unchanged", SKIPPED), False),
])
def test_the_run_fails_only_when_the_newest_release_or_everything_failed(statuses: tuple[str, ...],
                                                                         failed: bool) -> None:
    import datetime as dt

    versions = [Version(f"icp-{n}", f"icp-{n}", "0" * 40, dt.date(2026, 1, n + 1)) for n in range(len(statuses))]
    results = [VersionResult(v, status) for v, status in zip(versions, statuses, strict=True)]
    assert Outcome(results, None, 0.0).failed is failed


def test_a_folder_holding_an_unversioned_site_is_refused(built: Built, tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site/sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    result = run_cli("versions", "build", "--out", tmp_path / "site", "--config-file", built.config)
    assert result.exit_code == 1
    assert "holds a site built without versions" in result.stderr


def test_each_release_shows_its_history_up_to_its_own_tag(built: Built) -> None:
    q1 = (built.out / "icp-2026-q1/icps/mid-market-hospital-groups/index.html").read_text(encoding="utf-8")
    q2 = (built.out / "icp-2026-q2/icps/mid-market-hospital-groups/index.html").read_text(encoding="utf-8")
    assert 'id="history"' in q1 and 'id="history"' in q2
    assert "Q1 profiles" in q1 and "Q2 profiles" not in q1
    assert "Q2 profiles" in q2 and "Employees minimum: 800 -&gt; 1000" in q2
