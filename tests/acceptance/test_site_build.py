"""The site built by MkDocs with the icpdocs plugin: strict build, safety, navigation, export, failures."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from icpdocs.site import build_site, mkdocs_log
from tests.browser.sitebuild import ATTACK, EXAMPLE_CONTENT, injection_content, write_config

RunCli = Callable[..., Result]


def build(folder: Path, docs_dir: Path = EXAMPLE_CONTENT, *, strict: bool = True, **options: Any) -> Path:
    with mkdocs_log():
        return build_site(write_config(folder, docs_dir, **options), strict=strict).site_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_content(folder: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE_CONTENT, folder / "content"))


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("example"))


class Links(HTMLParser):
    """Collect hrefs of the sidebar navigation and every executable bit of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.nav_links: list[str] = []
        self.unsafe: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "md-nav__link" in (values.get("class") or ""):
            self.nav_links.append(values.get("href") or "")
        for name, value in attrs:
            if name.startswith("on") or (name in ("href", "src") and (value or "").lower().startswith(
                    ("javascript:", "data:", "vbscript:"))):
                self.unsafe.append(f"<{tag} {name}={value}>")
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_the_example_content_builds_strictly(example_site: Path) -> None:
    for page in ("index.html", "tam-vs-icp/index.html", "icps/index.html", "icps/mid-market-hospital-groups/index.html",
                 "personas/index.html", "personas/carla-ceo/index.html", "compare/index.html",
                 "buying-committees/index.html", "pain-points/index.html", "glossary/index.html",
                 "reference/index.html", "assets/icpdocs/icpdocs.css"):
        assert (example_site / page).is_file(), page
    assert not list(example_site.rglob("*.yaml")), "raw YAML is not published unless asked"


def test_pages_carry_anchors_badges_and_the_chart(example_site: Path) -> None:
    icp = (example_site / "icps/mid-market-hospital-groups/index.html").read_text()
    assert 'id="pain-fragmented-patient-records"' in icp
    assert 'class="icpdocs-badge icpdocs-badge--severity-critical"' in icp
    persona = (example_site / "personas/carla-ceo/index.html").read_text()
    assert 'href="../../icps/mid-market-hospital-groups/#pain-fragmented-patient-records"' in persona
    tam = (example_site / "tam-vs-icp/index.html").read_text()
    assert '<svg class="icpdocs-chart"' in tam and "41,800" in tam


def test_no_page_asks_another_host_for_anything(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
        assert 'src="http' not in text and "<link rel=\"stylesheet\" href=\"http" not in text, page


def test_search_indexes_every_profile(example_site: Path) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for entity in [*EXAMPLE_CONTENT.glob("icps/*.yaml"), *EXAMPLE_CONTENT.glob("personas/*.yaml")]:
        assert f"{entity.parent.name}/{entity.stem}/" in locations


def test_the_json_export_is_written_beside_the_pages(example_site: Path) -> None:
    catalog = json.loads((example_site / "api/catalog.json").read_text())
    assert {i["id"] for i in catalog["icps"]} == {p.stem for p in EXAMPLE_CONTENT.glob("icps/*.yaml")}
    one = json.loads((example_site / "api/icps/mid-market-hospital-groups.json").read_text())
    assert one["url"] == "icps/mid-market-hospital-groups/"
    assert (example_site / one["url"] / "index.html").is_file()
    assert (example_site / "api/personas/tim-it.json").is_file()


def test_small_sections_list_profiles_in_the_sidebar(example_site: Path) -> None:
    assert "../carla-ceo/" in parse(example_site / "personas/tim-it/index.html").nav_links


def test_large_sections_list_only_overview_pages(tmp_path: Path) -> None:
    site = build(tmp_path, nav_limit=2)
    links = [link for link in parse(site / "personas/tim-it/index.html").nav_links if not link.startswith("#")]
    assert links == ["../..", "../../changes/", "../../tam-vs-icp/", "../../icps/", "../../compare/", "../",
                     "../../buying-committees/", "../../pain-points/", "../../glossary/", "../../reference/"]
    assert (site / "personas/carla-ceo/index.html").is_file()


def test_hostile_content_cannot_run_in_any_page(tmp_path: Path) -> None:
    site = build(tmp_path, injection_content(tmp_path / "content"))
    for page in site.rglob("*.html"):
        found = parse(page)
        assert not found.unsafe, (page, found.unsafe)
        assert not any("alert(" in script for script in found.scripts), page
    icp = (site / "icps/mid-market-hospital-groups/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in icp and "&#123;&#123; 7*7 &#125;&#125;" in icp
    assert "<title>Mid-market hospital groups &lt;script&gt;" in icp  # the theme's <title> stays escaped
    assert json.loads((site / "api/icps/mid-market-hospital-groups.json").read_text())["name"].endswith(ATTACK)


def test_written_pages_join_the_site_and_can_replace_a_generated_one(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    (content / "index.md").write_text("# Our own front page\n\nSee the [TAM](tam-vs-icp.md).\n")
    (content / "how-we-sell.md").write_text("# How we sell\n\nText.\n")
    site = build(tmp_path, content)
    assert "Our own front page" in (site / "index.html").read_text()
    assert "../how-we-sell/" in parse(site / "tam-vs-icp/index.html").nav_links
    assert (site / "how-we-sell/index.html").is_file()


def test_an_extra_generated_page_joins_the_navigation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from icpdocs import plugin

    render_site = plugin.render_site
    monkeypatch.setattr(plugin, "render_site", lambda site, **kw: {**render_site(site, **kw),
                                                                  "changes.md": "# What changed\n"})
    site = build(tmp_path)
    assert "../changes/" in parse(site / "tam-vs-icp/index.html").nav_links


def test_raw_yaml_is_published_only_when_asked(tmp_path: Path) -> None:
    site = build(tmp_path, publish_yaml=True)
    assert (site / "icps/mid-market-hospital-groups.yaml").read_bytes() == (
        EXAMPLE_CONTENT / "icps/mid-market-hospital-groups.yaml").read_bytes()


def test_a_template_folder_overrides_pages(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "glossary.md.j2").write_text("# Our words\n\nNothing here yet.\n")
    site = build(tmp_path, templates=str(templates))
    assert "Nothing here yet." in (site / "glossary/index.html").read_text()


def test_warnings_reach_the_mkdocs_log_so_strict_counts_them(tmp_path: Path,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.icpdocs"):
        build(tmp_path, strict=False, today="2028-01-01")
    overdue = [r for r in caplog.records if r.name == "mkdocs.plugins.icpdocs" and "review is overdue" in r.message]
    assert overdue and all(r.levelno == logging.WARNING for r in overdue)


def test_serve_watches_content_schemas_and_templates(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from icpdocs import schemas

    templates = tmp_path / "templates"
    templates.mkdir()
    content = copy_content(tmp_path)
    config = load_config(str(write_config(tmp_path, content, templates=str(templates))))
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    config.plugins["icpdocs"].on_serve(Server(), config=config, builder=None)  # type: ignore[arg-type]
    assert {Path(p).resolve() for p in watched} == {schemas.schema_dir().resolve(), templates.resolve()}
    # content/ is the docs_dir here, which MkDocs watches itself


def test_cli_build_writes_the_site_and_a_failed_build_leaves_it_byte_identical(tmp_path: Path,
                                                                            run_cli: RunCli) -> None:
    content = copy_content(tmp_path)
    config = write_config(tmp_path, content)
    site = tmp_path / "site"
    first = run_cli("build", "--config-file", config, "--site-dir", site, "--strict")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith(f"built {site} (")
    before = snapshot(site)

    broken = content / "icps" / "mid-market-hospital-groups.yaml"
    broken.write_text(broken.read_text().replace("status: active", "status: actve"))
    failed = run_cli("build", "--config-file", config, "--site-dir", site)
    assert failed.exit_code == 1
    assert "content/icps/mid-market-hospital-groups.yaml:2:9: error: status:" in failed.stderr
    assert f"error: the site was not built: see the errors above; {site} was left as it was" in failed.stderr
    assert "Traceback" not in failed.output
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "mkdocs.yml", "site"]


def test_a_template_error_fails_the_build_and_keeps_the_site(tmp_path: Path, run_cli: RunCli) -> None:
    site = build(tmp_path)
    before = snapshot(site)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "persona.md.j2").write_text("# {{ persona.name }}\n{{ persona.shoe_size }}\n")
    config = write_config(tmp_path, templates=str(templates))
    failed = run_cli("build", "--config-file", config)
    assert failed.exit_code == 1
    assert "persona.md.j2:2: 'icpdocs.catalog.Persona object' has no attribute 'shoe_size'" in failed.stderr
    assert "Traceback" not in failed.output
    assert snapshot(site) == before


def test_strict_fails_on_warnings_and_keeps_the_site(tmp_path: Path, run_cli: RunCli) -> None:
    site = build(tmp_path)
    before = snapshot(site)
    config = write_config(tmp_path, today="2028-01-01")
    failed = run_cli("build", "--config-file", config, "--strict")
    assert failed.exit_code == 1
    assert "warning: last_reviewed: review is overdue" in failed.stderr
    assert "in strict mode" in failed.stderr
    assert snapshot(site) == before
    assert run_cli("build", "--config-file", config).exit_code == 0  # without --strict, warnings only


def test_cli_build_without_a_config_says_what_to_do(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("build", "--config-file", tmp_path / "mkdocs.yml")
    assert result.exit_code == 1
    assert "mkdocs.yml does not exist" in result.stderr


def test_cli_render_writes_the_markdown_tree(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("render", EXAMPLE_CONTENT, "--out", tmp_path / "md", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "md/icps/mid-market-hospital-groups.md").read_text().startswith("# Mid-market hospital groups\n")
    assert result.stdout.startswith("wrote ")


def test_cli_render_refuses_invalid_content(tmp_path: Path, run_cli: RunCli) -> None:
    content = copy_content(tmp_path)
    (content / "personas" / "tim-it.yaml").write_text("name: [unclosed\n")
    result = run_cli("render", content, "--out", tmp_path / "md")
    assert result.exit_code == 1
    assert "tim-it.yaml:" in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "md").exists()
