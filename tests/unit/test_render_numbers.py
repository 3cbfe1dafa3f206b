"""Numbers as people read them, the TAM vs ICP picture and its chart, and the field reference."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest

from icpdocs import formatting, schemas, tam
from icpdocs.catalog import Market, Range, Segment, icp_from
from icpdocs.fieldref import reference

MARKET = Market("Acme", "Software", "Everyone", 40000, tam_annual_value_usd=5e9,
                segments=(Segment("sam", "Serviceable", 10000), Segment("som", "Obtainable", 2000)))


def icp(icp_id: str, **extra: Any) -> Any:
    data = {"name": icp_id.title(), "status": "active", "version": 1, "owner": "o", "last_reviewed": "2026-01-01",
            "summary": "s", "firmographics": {"regions": ["US"]},
            "pain_points": [{"id": "p", "title": "P", "severity": "high"}], **extra}
    return icp_from(icp_id, data)


@pytest.mark.parametrize("function,value,shown", [
    (formatting.number, 12500, "12,500"), (formatting.number, 2.5, "2.5"), (formatting.number, None, "—"),
    (formatting.number, 3.0, "3"), (formatting.money, 96000, "$96,000"), (formatting.money, None, "—"),
    (formatting.money_short, 139_200_000, "$139.2M"), (formatting.money_short, 1_200_000_000, "$1.2B"),
    (formatting.money_short, 950, "$950"), (formatting.money_short, 30_000, "$30k"),
    (formatting.percent, 27, "27%"), (formatting.percent, 3.468, "3.5%"), (formatting.percent, 18.35, "18%"),
    (formatting.percent, 0, "0%"), (formatting.date, "2026-10-04", "4 Oct 2026"),
    (formatting.date, dt.date(2027, 1, 31), "31 Jan 2027"), (formatting.date, "soon", "soon"),
    (formatting.words, "economic-buyer", "Economic buyer"), (formatting.words, "c-level", "C-level"),
    (formatting.words, "hospital_count", "Hospital count"),
])
def test_formatting(function: Any, value: Any, shown: str) -> None:
    assert function(value) == shown


@pytest.mark.parametrize("value,shown", [
    (Range(800, 5000), "800 to 5,000"), (Range(200, None), "at least 200"), (Range(None, 50), "at most 50"),
    (None, "—"),
])
def test_bounds(value: Range | None, shown: str) -> None:
    assert formatting.bounds(value) == shown


@pytest.mark.parametrize("op,value,shown", [
    ("between", (800, 5000), "Employees is between 800 and 5,000"),
    ("in", ("Epic", "MEDITECH", "Oracle Health"), "Employees is Epic, MEDITECH or Oracle Health"),
    ("not_in", ("government", "federal"), "Employees is neither government nor federal"),
    ("not_in", ("a", "b", "c"), "Employees is none of a, b or c"),
    ("gte", 2, "Employees is at least 2"), ("lte", 10, "Employees is at most 10"),
    ("eq", True, "Employees is yes"), ("ne", "x", "Employees is not x"),
    ("contains", "Entra ID", "Employees includes Entra ID"),
])
def test_fit_criteria_in_plain_words(op: str, value: Any, shown: str) -> None:
    assert formatting.criterion("employees", op, value) == shown


def test_the_picture_narrows_from_tam_through_segments_to_icps() -> None:
    picture = tam.picture(MARKET, [icp("a", segment="som", estimated_accounts=500,
                                      value={"for_us": {"acv_usd": 1000}}), icp("b", estimated_accounts=4000)])
    sam, som = picture.segments
    assert (sam.share_of_tam, sam.share_of_parent, sam.parent_name) == (25, 25, "the TAM")
    assert (som.share_of_tam, som.share_of_parent, som.parent_name) == (5, 20, "Serviceable")
    a, b = picture.icps
    assert (a.share_of_tam, a.share_of_parent, a.parent_name, a.opportunity_usd) == (1.25, 25, "Obtainable", 500000)
    assert (b.share_of_parent, b.parent_name, b.opportunity_usd) == (10, "the TAM", None)
    assert [level.name for level in picture.path_to(icp("a", segment="som"))] == [
        "Total addressable market (TAM)", "Serviceable", "Obtainable"]


def test_the_chart_is_valid_svg_with_escaped_labels_and_bars_to_scale() -> None:
    evil = icp("a", name="<script>alert(1)</script>", estimated_accounts=4000)
    svg = tam.svg_chart(tam.picture(MARKET, [evil, icp("b")]))
    root = ElementTree.fromstring(svg)  # well-formed: every label was escaped
    ns = {"svg": "http://www.w3.org/2000/svg"}
    widths = [float(r.get("width", 0)) for r in root.iterfind(".//svg:rect", ns)]
    assert widths == [tam.BAR_WIDTH, tam.BAR_WIDTH / 4, tam.BAR_WIDTH / 20, tam.BAR_WIDTH / 10]  # b has no count
    labels = [t.text for t in root.iterfind(".//svg:text", ns)]
    assert "<script>alert(1)</script>" in labels
    assert "<script" not in svg


def test_the_field_reference_lists_every_field_of_every_schema() -> None:
    documented = {kind.kind: {f.path for f in kind.fields} for kind in reference()}
    for kind in schemas.KINDS:
        assert set(schemas.schema(kind)["properties"]) <= documented[kind]
    icp_fields = {f.path: f for f in reference()[1].fields}
    assert icp_fields["summary"].type == "text (Markdown)"
    assert icp_fields["status"].type == "one of: draft, active, retired"
    assert icp_fields["pain_points[].severity"].required
    assert icp_fields["firmographics.employees"].example == "{min: 200, max: 2000}"
    assert "value.for_us.acv_usd" in icp_fields
    persona_fields = {f.path for f in reference()[2].fields}
    assert {"pain_points[].title", "objections[].response"} <= persona_fields
