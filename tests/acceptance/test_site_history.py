"""The change history in the built site: Last changed lines, History sections, the What changed page and its feed.

Every site here is built by MkDocs from a throwaway git repository with scripted commits.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from icpdocs.errors import BuildError
from icpdocs.feed import ATOM
from icpdocs.site import build_site, mkdocs_log
from icpdocs.site_history import commit_url_template
from tests.browser.sitebuild import EXAMPLE_CONTENT, write_config
from tests.conftest import GitRepo

HERE = Path(__file__).parent
HOSPITALS = "icps/mid-market-hospital-groups"
RETIRED = (EXAMPLE_CONTENT / "icps" / "small-independent-practices.yaml").read_text(encoding="utf-8")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SHADY_AUTHOR = "Eve [x](javascript:alert(1)) **loud** & co"  # git itself strips < and > from names
COMMIT_URL = "https://git.example.com/quillfield/icp/commit/{sha}"


def profile(name: str, **changes: Any) -> str:
    """Return a valid retired ICP (a copy of the example's) under another name."""
    data = yaml.safe_load(RETIRED)
    data.update(name=name, **changes)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def edit(repo: GitRepo, relative: str, old: str, new: str) -> None:
    path = repo.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


AUDIT_PAIN = """pain_points:
  - id: audit-preparation
    title: Audit preparation is manual
    description: Evidence for each audit is gathered by hand from every EHR instance.
    severity: high
"""


@dataclass
class Scripted:
    repo: GitRepo
    shas: dict[str, str] = field(default_factory=dict)

    def commit(self, key: str, message: str, date: str, author: str | None = None) -> None:
        self.shas[key] = self.repo.commit(message, date=date, author=author)


def scripted_repo(root: Path) -> Scripted:
    """Create, edit, add a pain point, rename, delete, and a hostile commit; each commit has its own month or day."""
    root.mkdir()
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    s = Scripted(GitRepo(root))
    s.repo.copy_content()
    s.repo.write("content/icps/pilot.yaml", profile("Pilot clinics"))
    s.repo.write("content/icps/trial.yaml", profile("Trial segment"))
    s.commit("create", "Add the example content", "2026-09-01T09:00:00")
    edit(s.repo, f"content/{HOSPITALS}.yaml", "employees: {min: 800,", "employees: {min: 900,")
    s.commit("minimum", "Raise the minimum for hospital groups", "2026-09-15T09:00:00", "Bo Editor <bo@example.com>")
    edit(s.repo, f"content/{HOSPITALS}.yaml", "pain_points:\n", AUDIT_PAIN)
    s.commit("pain", "Add the audit pain point", "2026-10-02T09:00:00", "Cy Writer <cy@example.com>")
    s.repo.git("mv", "content/icps/pilot.yaml", "content/icps/pilot-clinics.yaml")
    s.commit("rename", "Rename pilot to pilot-clinics", "2026-10-20T09:00:00")
    s.repo.remove("content/icps/trial.yaml")
    s.commit("delete", "Drop the trial segment", "2026-11-05T09:00:00")
    disqualifiers = [*yaml.safe_load(RETIRED)["disqualifiers"], IMG]
    s.repo.write("content/icps/pilot-clinics.yaml", profile("Pilot clinics", disqualifiers=disqualifiers))
    s.commit("hostile", f"{SCRIPT} Tighten the pilot {{{{ 7*7 }}}}", "2026-11-10T09:00:00",
             f"{SHADY_AUTHOR} <eve@example.com>")
    return s


def build(folder: Path, content: Path, *, strict: bool = True, **options: Any) -> Path:
    with mkdocs_log():
        return build_site(write_config(folder, content, **options), strict=strict).site_dir


@dataclass
class Entry:
    anchor: str
    text: str
    items: list[str] = field(default_factory=list)


class Page(HTMLParser):
    """Read back paragraphs, history entries (a paragraph with a change- id and its list), tags and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self.entries: list[Entry] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._text: list[str] | None = None
        self._closing = ""
        self._current: Entry | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag in ("p", "h2"):
            anchor = values.get("id") or ""
            self._current = Entry(anchor, "") if anchor.startswith("change-") else None
            if self._current:
                self.entries.append(self._current)
        if tag in ("p", "li", "script"):
            self._text, self._closing = [], tag

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != self._closing or self._text is None:
            return
        text = " ".join("".join(self._text).split())
        if tag == "p":
            self.paragraphs.append(text)
            if self._current and not self._current.text:
                self._current.text = text
        elif tag == "li" and self._current:
            self._current.items.append(text)
        elif tag == "script":
            self.scripts.append(text)
        self._text = None


def read(site: Path, page: str) -> Page:
    parsed = Page()
    parsed.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return parsed


def last_changed(page: Page) -> str:
    return next(p for p in page.paragraphs if p.startswith(("Last changed", "Not yet committed")))


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory) -> Scripted:
    return scripted_repo(tmp_path_factory.mktemp("history") / "repo")


@pytest.fixture(scope="module")
def site(scripted: Scripted, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("history-site"), scripted.repo.root / "content", commit_url=COMMIT_URL)


def short(scripted: Scripted, key: str) -> str:
    return scripted.shas[key][:7]


def test_the_icp_page_says_when_and_by_whom_it_last_changed(site: Path, scripted: Scripted) -> None:
    assert last_changed(read(site, HOSPITALS)) == "Last changed 2 Oct 2026 by Cy Writer · History"


def test_the_history_section_lists_each_commit_in_plain_words(site: Path, scripted: Scripted) -> None:
    entries = read(site, HOSPITALS).entries
    assert [(e.anchor, e.text, e.items) for e in entries] == [
        (f"change-{short(scripted, 'pain')}", f"2 Oct 2026 · Cy Writer · {short(scripted, 'pain')} · "
         "Add the audit pain point", ["Pain point added: Audit preparation is manual"]),
        (f"change-{short(scripted, 'minimum')}", f"15 Sep 2026 · Bo Editor · {short(scripted, 'minimum')} · "
         "Raise the minimum for hospital groups", ["Employees minimum: 800 -> 900"]),
        (f"change-{short(scripted, 'create')}", f"1 Sep 2026 · Ada Author · {short(scripted, 'create')} · "
         "Created · Add the example content", ["ICP mid-market-hospital-groups added"]),
    ]
    html = (site / HOSPITALS / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="history">History' in html
    sha = scripted.shas["minimum"]
    assert f'<a href="https://git.example.com/quillfield/icp/commit/{sha}"><code>{sha[:7]}</code></a>' in html


def test_renames_and_creation_are_shown_as_such(site: Path, scripted: Scripted) -> None:
    entries = read(site, "icps/pilot-clinics").entries
    assert [(e.text, e.items) for e in entries[1:]] == [
        (f"20 Oct 2026 · Ada Author · {short(scripted, 'rename')} · Renamed from icps/pilot.yaml · "
         "Rename pilot to pilot-clinics", ["ICP pilot renamed to pilot-clinics"]),
        (f"1 Sep 2026 · Ada Author · {short(scripted, 'create')} · Created · Add the example content",
         ["ICP pilot added"]),
    ]


def test_text_from_git_and_content_shows_as_text(site: Path, scripted: Scripted) -> None:
    for page in ("icps/pilot-clinics", "changes"):
        parsed = read(site, page)
        hostile = next(e for e in parsed.entries if e.anchor.endswith(short(scripted, "hostile")))
        sha = short(scripted, "hostile")
        assert f"{SHADY_AUTHOR} · {sha} · {SCRIPT} Tighten the pilot {{{{ 7*7 }}}}" in hostile.text
        assert hostile.items == [f"Disqualifier added: {IMG}"]
        assert not [tag for tag, _ in parsed.tags if tag == "img"]
        assert not [(tag, a) for tag, attrs in parsed.tags for a, v in attrs.items()
                    if a.startswith("on") or (v or "").lower().startswith("javascript:")]
        assert not [s for s in parsed.scripts if "alert(" in s]


def test_what_changed_groups_by_month_and_keeps_removed_profiles(site: Path, scripted: Scripted) -> None:
    page = read(site, "changes")
    months = [tag for tag in page.tags if tag[0] == "h2"]
    assert [attrs.get("id") for _, attrs in months] == ["november-2026", "october-2026", "september-2026"]
    removed = next(e for e in page.entries if e.anchor == f"change-icp-trial-{short(scripted, 'delete')}")
    sha = short(scripted, "delete")
    assert removed.text == f"5 Nov 2026 · ICP trial · Ada Author · {sha} · Drop the trial segment"
    assert removed.items == ["ICP trial removed"]
    order = [e.anchor.rsplit("-", 1)[1] for e in page.entries]
    assert order[:4] == [short(scripted, k) for k in ("hostile", "delete", "rename", "pain")]
    html = (site / "changes/index.html").read_text(encoding="utf-8")
    assert f'href="../icps/mid-market-hospital-groups/#change-{short(scripted, "pain")}"' in html
    assert 'href="../changes/#' not in html and "icps/trial/" not in html  # a removed profile has no page


def test_what_changed_is_linked_from_home_and_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="changes/">what changed</a>' in home
    assert '<a href="changes/" class="md-nav__link">' in home


def test_the_feed_is_atom_and_links_to_each_change(site: Path, scripted: Scripted) -> None:
    root = ET.fromstring((site / "changes.xml").read_text(encoding="utf-8"))
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.findtext(f"{{{ATOM}}}updated") == "2026-11-10T09:00:00+00:00"
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(read(site, "changes").entries)
    links = [str(e.find(f"{{{ATOM}}}link").get("href")) for e in entries]  # type: ignore[union-attr]
    for href in links:
        page, _, anchor = href.partition("#")
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in html, href  # market changes link to the TAM page itself
    assert f"changes/#change-icp-trial-{short(scripted, 'delete')}" in links
    assert f"icps/mid-market-hospital-groups/#change-{short(scripted, 'pain')}" in links


def test_every_page_head_links_the_feed(site: Path) -> None:
    for page, href in (("index.html", "changes.xml"), (f"{HOSPITALS}/index.html", "../../changes.xml"),
                       ("glossary/index.html", "../changes.xml")):
        head = (site / page).read_text(encoding="utf-8").split("</head>")[0]
        assert f'type="application/atom+xml" title="Quillfield Health Data ICP: what changed" href="{href}"' in head


def test_uncommitted_changes_come_first(scripted: Scripted, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(scripted.repo.root), str(clone)], check=True)
    dirty = GitRepo(clone)
    edit(dirty, f"content/{HOSPITALS}.yaml", "employees: {min: 900,", "employees: {min: 1000,")
    site = build(tmp_path, clone / "content")
    page = read(site, HOSPITALS)
    assert last_changed(page) == ("Last changed 2 Oct 2026 by Cy Writer · History · "
                                  "this copy has changes not yet committed")
    first = page.entries[0]
    assert (first.anchor, first.text, first.items) == (
        "change-uncommitted", "Not yet committed · changes in the copy this site was built from",
        ["Employees minimum: 900 -> 1000"])
    assert read(site, "changes").entries[0].anchor == "change-icp-mid-market-hospital-groups-uncommitted"


def icpdocs_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "mkdocs.plugins.icpdocs" and r.levelno >= logging.WARNING]


def test_without_a_repository_the_site_builds_and_says_so_once(tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_CONTENT, content)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.icpdocs"):
        site = build(tmp_path, content, strict=False, history=True)
    assert icpdocs_warnings(caplog) == [f"change history is not shown: {content} is not in a git repository"]
    reason = f"Change history is not available in this build: {content} is not in a git repository."
    assert reason in read(site, HOSPITALS).paragraphs
    assert reason in read(site, "changes").paragraphs
    assert not (site / "changes.xml").exists()
    assert "application/atom+xml" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_shallow_clone_is_marked_truncated_with_one_warning(scripted: Scripted, tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{scripted.repo.root}", str(clone)], check=True)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.icpdocs"):
        site = build(tmp_path, clone / "content", strict=False, history=True)
    warnings = icpdocs_warnings(caplog)
    assert len(warnings) == 1 and "fetch-depth: 0" in warnings[0]
    page = read(site, HOSPITALS)
    assert page.entries == []
    assert "No change to this profile is recorded in the part of the history this build could see." in page.paragraphs
    html = (site / "icps/pilot-clinics/index.html").read_text(encoding="utf-8")
    assert "Older changes are missing" in html and "fetch-depth: 0" in html
    assert [e.anchor for e in read(site, "icps/pilot-clinics").entries] == [f"change-{short(scripted, 'hostile')}"]


def test_history_can_be_turned_off(scripted: Scripted, tmp_path: Path) -> None:
    site = build(tmp_path, scripted.repo.root / "content", history=False)
    assert 'id="history"' not in (site / HOSPITALS / "index.html").read_text(encoding="utf-8")
    assert not (site / "changes").exists() and not (site / "changes.xml").exists()


def test_a_bad_commit_url_stops_the_build(scripted: Scripted, tmp_path: Path, run_cli: Any) -> None:
    config = write_config(tmp_path, scripted.repo.root / "content", commit_url="javascript:alert(1)//{sha}")
    result = run_cli("build", "--config-file", config)
    assert result.exit_code == 1
    assert "icpdocs option 'commit_url': 'javascript:alert(1)//{sha}' must be an http(s) URL" in result.stderr


def test_long_histories_are_cut_with_a_count(scripted: Scripted, tmp_path: Path) -> None:
    site = build(tmp_path, scripted.repo.root / "content", history_limit=2, changes_limit=3)
    page = read(site, HOSPITALS)
    assert len(page.entries) == 2
    assert ("1 older change is not listed here; git log --follow on content/icps/mid-market-hospital-groups.yaml "
            "shows every one.") in page.paragraphs
    changes = read(site, "changes")
    assert len(changes.entries) == 3 and any(p.startswith("The latest 3 of ") for p in changes.paragraphs)


def test_with_a_site_url_the_feed_links_are_absolute(scripted: Scripted, tmp_path: Path) -> None:
    config = write_config(tmp_path, scripted.repo.root / "content")
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    config.write_text(yaml.safe_dump({**data, "site_url": "https://icp.example.com/team/"}), encoding="utf-8")
    with mkdocs_log():
        site = build_site(config, strict=True).site_dir
    root = ET.fromstring((site / "changes.xml").read_text(encoding="utf-8"))
    assert root.findtext(f"{{{ATOM}}}id") == "https://icp.example.com/team/changes.xml"
    entries = root.findall(f"{{{ATOM}}}entry")
    links = [str(e.find(f"{{{ATOM}}}link").get("href")) for e in entries]  # type: ignore[union-attr]
    assert f"https://icp.example.com/team/icps/mid-market-hospital-groups/#change-{short(scripted, 'pain')}" in links


def test_commit_links_come_from_the_option_or_repo_url() -> None:
    github = "https://github.com/quillfield/icp"
    assert commit_url_template(None, f"{github}/") == f"{github}/commit/{{sha}}"
    assert commit_url_template(COMMIT_URL, "https://github.com/quillfield/icp") == COMMIT_URL
    assert commit_url_template(None, None) == ""
    with pytest.raises(BuildError, match="must be an http"):
        commit_url_template("https://git.example.com/commit/", None)  # no {sha}


def test_rebuilds_reuse_the_parsed_history_in_memory(scripted: Scripted, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from icpdocs import history_versions

    parsed: list[bytes] = []
    real = history_versions.parse_version

    def counting(raw: bytes) -> Any:
        parsed.append(raw)
        return real(raw)

    monkeypatch.setattr(history_versions, "parse_version", counting)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(scripted.repo.root), str(clone)], check=True)
    cache = tmp_path / "cache"
    build(tmp_path / "first", clone / "content", cache_dir=str(cache))
    assert parsed and (cache / "history.json").is_file()
    shutil.rmtree(cache)  # what the second build knows, it knows from memory (as in `mkdocs serve`)
    parsed.clear()
    edit(GitRepo(clone), f"content/{HOSPITALS}.yaml", "employees: {min: 900,", "employees: {min: 1000,")
    build(tmp_path / "second", clone / "content", cache_dir=str(cache))
    assert len(parsed) == 1  # only the edited file
