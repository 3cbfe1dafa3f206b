"""The renderer: pages and links, template overrides, errors people can act on, bounded navigation."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from icpdocs.catalog import Catalog
from icpdocs.errors import BuildError
from icpdocs.export import export
from icpdocs.render import navigation, nav_pages, render, site_model, write_pages
from icpdocs.validate import validate_folder

HERE = Path(__file__).parent
CONTENT = HERE.parent / "golden" / "content"
TODAY = dt.date(2027, 4, 15)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return validate_folder(CONTENT, TODAY).catalog


def test_pages_have_stable_paths(catalog: Catalog) -> None:
    pages = render(catalog, today=TODAY)
    assert {"index.md", "icps/index.md", "personas/index.md", "tam-vs-icp.md", "compare.md",
            "buying-committees.md", "pain-points.md", "glossary.md", "reference.md"} <= set(pages)
    assert {f"icps/{i}.md" for i in catalog.icps} | {f"personas/{p}.md" for p in catalog.personas} <= set(pages)
    assert all(text.endswith("\n") and not text.endswith("\n\n") for text in pages.values())


def test_persona_pain_points_link_to_the_icp_anchor(catalog: Catalog) -> None:
    page = render(catalog, today=TODAY)["personas/carla-ceo.md"]
    assert "(../icps/mid-market-hospital-groups.md#pain-fragmented-patient-records)" in page
    icp = render(catalog, today=TODAY)["icps/mid-market-hospital-groups.md"]
    assert "### Patient records are split across EHR instances { #pain-fragmented-patient-records }" in icp


def test_content_is_data_never_template_source(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    icp = content / "icps" / "mid-market-hospital-groups.yaml"
    icp.write_text(icp.read_text().replace("name: Mid-market hospital groups", "name: '{{ 7*7 }} {% raw %}'"))
    pages = render(validate_folder(content, TODAY).catalog, today=TODAY)
    assert pages["icps/mid-market-hospital-groups.md"].startswith(
        "# &#123;&#123; 7\\*7 &#125;&#125; &#123;% raw %&#125;\n")
    assert "49" not in pages["icps/mid-market-hospital-groups.md"].splitlines()[0]


def test_a_user_template_replaces_a_builtin_one_by_name(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "persona.md.j2").write_text("# {{ persona.name | text }} buys as {{ persona.buying_role }}\n")
    pages = render(catalog, today=TODAY, templates=tmp_path)
    assert pages["personas/tim-it.md"] == "# Tim IT buys as champion\n"
    icp = "icps/mid-market-hospital-groups.md"
    assert pages[icp] == render(catalog, today=TODAY)[icp]


def test_a_user_template_can_extend_the_builtin_one_and_replace_a_block(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "icp.md.j2").write_text(
        '{% extends "icpdocs/icp.md.j2" %}\n{% block goals %}## What they want\n\nOur own words.\n{% endblock %}\n'
    )
    page = render(catalog, today=TODAY, templates=tmp_path)["icps/mid-market-hospital-groups.md"]
    assert "## What they want\n\nOur own words.\n" in page
    assert "## Goals" not in page and "## Pain points" in page


def test_history_reaches_the_entity_templates(catalog: Catalog, tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "last_changed.md.j2").write_text("Last changed {{ history }}\n")
    (tmp_path / "partials" / "history.md.j2").write_text("## History\n\n{{ history }}\n")
    pages = render(catalog, today=TODAY, templates=tmp_path, history={("icp", "mid-market-hospital-groups"): "x1"})
    assert "Last changed x1\n" in pages["icps/mid-market-hospital-groups.md"]
    assert pages["icps/mid-market-hospital-groups.md"].endswith("## History\n\nx1\n")
    assert "Last changed" not in pages["icps/specialty-clinic-networks.md"]
    assert "History" not in render(catalog, today=TODAY)["icps/mid-market-hospital-groups.md"]


def test_the_home_page_links_the_changes_page_when_there_is_one(catalog: Catalog) -> None:
    assert "[what changed](changes.md)" in render(catalog, today=TODAY, changes_page="changes.md")["index.md"]
    assert "what changed" not in render(catalog, today=TODAY)["index.md"]


@pytest.mark.parametrize("source,where", [
    ("{% if %}\n", "persona.md.j2:1"),
    ("line one\n{{ persona.no_such_field }}\n", "persona.md.j2:2"),
    ("{{ nothing_here }}\n", "persona.md.j2:1"),
    ("\n\n{{ 1 / 0 }}\n", "persona.md.j2:3"),
])
def test_template_errors_name_the_template_and_line(catalog: Catalog, tmp_path: Path, source: str,
                                                    where: str) -> None:
    (tmp_path / "persona.md.j2").write_text(source)
    with pytest.raises(BuildError, match=rf"template .*{where}: .*\(while rendering personas/"):
        render(catalog, today=TODAY, templates=tmp_path)


def test_the_id_index_is_reserved(catalog: Catalog, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(content / "icps" / "small-independent-practices.yaml", content / "icps" / "index.yaml")
    with pytest.raises(BuildError, match=re.escape("'icps/index.yaml': the id 'index' is reserved")):
        render(validate_folder(content, TODAY).catalog, today=TODAY)


def test_a_catalog_without_market_cannot_render() -> None:
    with pytest.raises(BuildError, match=re.escape("no market.yaml")):
        render(Catalog(None, {}, {}))


def test_navigation_lists_profiles_only_while_sections_are_small(catalog: Catalog) -> None:
    site = site_model(catalog, today=TODAY)
    small = nav_pages(navigation(site, ["how-we-sell.md"], limit=30))
    assert "icps/mid-market-hospital-groups.md" in small and "personas/tim-it.md" in small
    assert "how-we-sell.md" in small
    large = nav_pages(navigation(site, limit=3))
    assert not any(p.startswith(("icps/", "personas/")) and not p.endswith("index.md") for p in large)
    assert {"index.md", "icps/index.md", "personas/index.md", "tam-vs-icp.md", "compare.md", "reference.md"} <= large


def test_write_pages_writes_the_markdown_tree(catalog: Catalog, tmp_path: Path) -> None:
    pages = render(catalog, today=TODAY)
    written = write_pages(pages, tmp_path / "out")
    assert len(written) == len(pages)
    icp = "icps/mid-market-hospital-groups.md"
    assert (tmp_path / "out" / icp).read_text() == pages[icp]


def test_export_holds_the_yaml_fields_and_resolved_links(catalog: Catalog) -> None:
    files = export(site_model(catalog, today=TODAY), site_url="https://icp.example/")
    whole = json.loads(files["api/catalog.json"])
    assert whole["format"] == "icpdocs-catalog" and whole["version"] == 1
    assert whole["company"]["name"] == "Quillfield Health Data"
    icp = json.loads(files["api/icps/mid-market-hospital-groups.json"])
    assert icp == next(i for i in whole["icps"] if i["id"] == "mid-market-hospital-groups")
    assert icp["url"] == "https://icp.example/icps/mid-market-hospital-groups/"
    assert icp["firmographics"]["employees"] == {"min": 800, "max": 5000}
    assert icp["review_due"] == "2027-04-12"
    pain = icp["pain_points"][0]
    assert pain["anchor"] == "pain-fragmented-patient-records"
    assert pain["url"].endswith("/icps/mid-market-hospital-groups/#pain-fragmented-patient-records")
    assert "carla-ceo" in pain["personas"]
    assert {"id": "tim-it", "name": "Tim IT", "buying_role": "champion",
            "url": "https://icp.example/personas/tim-it/"} in icp["personas"]
    assert icp["tam"] == {"accounts": 1450, "share_of_tam_pct": 3.47, "opportunity_usd": 139200000}
    persona = json.loads(files["api/personas/carla-ceo.json"])
    assert persona["icps"] == ["mid-market-hospital-groups", "specialty-clinic-networks"]
    assert persona["pain_points"][0]["reference"] == "mid-market-hospital-groups#fragmented-patient-records"
    assert persona["pain_points"][0]["title"] == "Patient records are split across EHR instances"
    assert persona["pain_points"][2]["reference"] == "" and persona["pain_points"][2]["url"] == ""
    assert [b["id"] for b in persona["buys_for"]] == ["mid-market-hospital-groups", "specialty-clinic-networks"]
    assert len(files) == 1 + len(catalog.icps) + len(catalog.personas)


def test_export_urls_are_relative_without_a_site_url(catalog: Catalog) -> None:
    icp = json.loads(export(site_model(catalog, today=TODAY))["api/icps/mid-market-hospital-groups.json"])
    assert icp["url"] == "icps/mid-market-hospital-groups/"
