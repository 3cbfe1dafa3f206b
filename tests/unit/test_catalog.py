"""The catalog: typed, resolved content with links both ways."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from icpdocs.catalog import Catalog, Firmographics, PainPoint, PersonaPainPoint, Range, Review, build
from icpdocs.loader import FolderSource, load
from icpdocs.validate import validate_folder
from tests.conftest import EXAMPLE_CONTENT

HERE = Path(__file__).parent
EVERY_FIELD = HERE.parent / "cases" / "valid" / "every-field"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    validation = validate_folder(EVERY_FIELD, TODAY, label="content")
    assert validation.diagnostics == []
    return validation.catalog


def test_market_and_segments(catalog: Catalog) -> None:
    market = catalog.market
    assert market is not None
    assert (market.company_name, market.offering, market.website) == (
        "Acme Health Cloud", "Secure patient-data platform", "https://acme.example")
    assert (market.tam_accounts, market.tam_annual_value_usd, market.tam_as_of) == (48000, 3600000000, "2026-07-01")
    assert [(s.id, s.accounts) for s in market.segments] == [("serviceable", 21000), ("obtainable", 21000)]
    assert market.segment("obtainable") is market.segments[1]
    assert market.segment("nowhere") is None


def test_icps_are_typed_with_defaults(catalog: Catalog) -> None:
    assert list(catalog.icps) == ["enterprise", "mid-market-healthcare", "small-practices"]
    icp = catalog.icps["mid-market-healthcare"]
    assert (icp.status, icp.version, icp.segment, icp.estimated_accounts) == ("active", 3, "obtainable", 21000)
    assert icp.review == Review("revenue-operations", "2026-10-01", 90)
    assert icp.firmographics.employees == Range(200, 2000)
    assert icp.firmographics.regions == ("US", "EU")
    assert icp.technographics_avoids == ("On-premise only IT policy",)
    assert icp.value.win_rate_pct == 32.5
    assert [(c.op, c.value, c.weight) for c in icp.fit_criteria][:2] == [
        ("between", (200, 2000), 3), ("in", ("Epic", "Cerner", True, 7), 1)]
    assert icp.evidence[1].source == ""
    assert icp.path == "icps/mid-market-healthcare.yaml"
    assert icp.url == "icps/mid-market-healthcare/"
    draft = catalog.icps["enterprise"]
    assert (draft.segment, draft.estimated_accounts, draft.fit_criteria, draft.value.acv_usd) == ("", None, (), None)


def test_pain_points_know_their_icp_anchor_and_rank(catalog: Catalog) -> None:
    pains = catalog.icps["mid-market-healthcare"].pain_points
    assert [p.id for p in pains] == ["manual-audit-prep", "exam-evidence", "slow-onboarding", "vendor-sprawl"]
    assert pains[0] == PainPoint("manual-audit-prep", "Audit preparation is manual", "high",
                                 "Weeks of spreadsheet work before each audit.", "mid-market-healthcare")
    assert pains[0].anchor == "pain-manual-audit-prep"
    assert [p.rank for p in sorted(pains, key=lambda p: -p.rank)] == [4, 3, 2, 1]


def test_persona_pain_points_resolve_to_their_icp_titles(catalog: Catalog) -> None:
    carla = catalog.personas["carla-ceo"]
    assert carla.pain_points == (
        PersonaPainPoint("Audit preparation is manual", "Weeks of spreadsheet work before each audit.",
                         "mid-market-healthcare#manual-audit-prep"),
        PersonaPainPoint("Nobody owns IT", "", "small-practices#no-it-staff"),
        PersonaPainPoint("Board asks for risk reports", "Monthly, by hand."),
        PersonaPainPoint("Nobody owns the vendor list"),
    )
    assert (carla.pain_points[0].icp_id, carla.pain_points[0].pain_point_id) == (
        "mid-market-healthcare", "manual-audit-prep")
    assert (carla.pain_points[2].icp_id, carla.pain_points[2].pain_point_id) == ("", "")


def test_back_links(catalog: Catalog) -> None:
    assert [p.id for p in catalog.personas_for("mid-market-healthcare")] == ["carla-ceo", "tim-it"]
    assert [p.id for p in catalog.personas_for("enterprise")] == []
    assert [p.id for p in catalog.personas_feeling("mid-market-healthcare", "manual-audit-prep")] == ["carla-ceo"]
    assert catalog.personas_feeling("mid-market-healthcare", "exam-evidence") == []
    assert [i.id for i in catalog.active_icps()] == ["mid-market-healthcare"]


def test_resolve_pain_point(catalog: Catalog) -> None:
    found = catalog.resolve_pain_point("small-practices#no-it-staff")
    assert found is not None and found.title == "Nobody owns IT"
    assert catalog.resolve_pain_point("small-practices#nothing") is None
    assert catalog.resolve_pain_point("nowhere#no-it-staff") is None
    assert catalog.resolve_pain_point("no-hash") is None


def test_persona_from_a_yml_file(catalog: Catalog) -> None:
    tim = catalog.personas["tim-it"]
    assert (tim.path, tim.url, tim.review.interval_days, tim.pain_points) == (
        "personas/tim-it.yml", "personas/tim-it/", 90, ())


def test_catalog_values_are_frozen(catalog: Catalog) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        catalog.icps["enterprise"].name = "changed"  # type: ignore[misc]


def test_catalog_is_built_only_from_schema_valid_documents(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "market.yaml").write_text((EVERY_FIELD / "market.yaml").read_text())
    (content / "icps").mkdir()
    (content / "icps" / "x.yaml").write_text("name: X\nstatus: unknown\n")
    validation = validate_folder(content, TODAY)
    assert validation.catalog.icps == {}
    assert validation.catalog.market is not None
    assert [d.key for d in validation.documents] == [("icp", "x"), ("market", "market")]


@pytest.mark.parametrize(("bounds", "bound"), [
    (Range(), False), (Range(min=0), False), (Range(min=1), True), (Range(max=10), True), (Range(0, 0), True),
])
def test_range_bound(bounds: Range, bound: bool) -> None:
    assert bounds.is_bound is bound


def test_firmographics_bound() -> None:
    assert not Firmographics().is_bound
    assert not Firmographics(employees=Range(min=0), annual_revenue_usd=Range()).is_bound
    assert Firmographics(ownership=("private",)).is_bound
    assert Firmographics(annual_revenue_usd=Range(max=5)).is_bound


@pytest.mark.parametrize(("last", "days", "stale"), [
    ("2026-08-24", 90, False),  # due today
    ("2026-08-23", 90, True),   # due yesterday
    ("2025-11-22", 365, False),
    ("2026-02-30", 90, False),  # not a date: the schema reports it, staleness cannot be judged
])
def test_review_staleness(last: str, days: int, stale: bool) -> None:
    assert Review("owner", last, days).is_stale(TODAY) is stale


def test_review_due_date() -> None:
    assert Review("o", "2026-10-01", 90).due == dt.date(2026, 12, 30)
    assert Review("o", "bad").due is None


def test_example_content_links_resolve_both_ways() -> None:
    catalog = build(load(FolderSource(EXAMPLE_CONTENT)).documents)
    assert catalog.market is not None and catalog.icps and catalog.personas
    for persona in catalog.personas.values():
        for icp_id in persona.icps:
            assert persona in catalog.personas_for(icp_id)
        for pain in persona.pain_points:
            if pain.reference:
                target = catalog.resolve_pain_point(pain.reference)
                assert target is not None and target.title == pain.title
                assert persona in catalog.personas_feeling(pain.icp_id, pain.pain_point_id)
            else:
                assert pain.title
