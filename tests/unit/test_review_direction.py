"""Which changes narrow or broaden who fits an ICP, and which say nothing either way."""

from __future__ import annotations

from typing import Any

import pytest

from icpdocs.diff import Change, FieldPath
from icpdocs.review import direction_of, directions


def change(path: FieldPath, kind: str, old: Any = None, new: Any = None) -> Change:
    return Change("icp", "hospitals", path, kind, old, new, "label")  # type: ignore[arg-type]


EMPLOYEES_MIN = ("firmographics", "employees", "min")
EMPLOYEES_MAX = ("firmographics", "employees", "max")
REVENUE_MIN = ("firmographics", "annual_revenue_usd", "min")


@pytest.mark.parametrize(("case", "expected"), [
    (change(EMPLOYEES_MIN, "changed", 200, 500), "narrowed"),
    (change(EMPLOYEES_MIN, "changed", 500, 200), "broadened"),
    (change(EMPLOYEES_MAX, "changed", 2000, 5000), "broadened"),
    (change(EMPLOYEES_MAX, "changed", 5000, 2000), "narrowed"),
    (change(REVENUE_MIN, "changed", 1.5e8, 1e8), "broadened"),
    (change(EMPLOYEES_MIN, "added", None, 200), "narrowed"),  # a new bound excludes someone
    (change(EMPLOYEES_MAX, "removed", 2000, None), "broadened"),
    (change(EMPLOYEES_MIN, "changed", 200, 200.0), ""),
    (change(EMPLOYEES_MIN, "changed", 200, "two hundred"), ""),  # invalid at HEAD: no guess
    (change(EMPLOYEES_MIN, "changed", True, 5), ""),  # a yes/no is not a number
], ids=lambda value: value if isinstance(value, str) else "-".join(map(str, value.path)) + f"-{value.kind}")
def test_firmographic_bounds(case: Change, expected: str) -> None:
    assert direction_of(case) == expected


@pytest.mark.parametrize("field", ["industries", "regions", "ownership"])
def test_more_allowed_values_broaden_and_fewer_narrow(field: str) -> None:
    path = ("firmographics", field)
    assert direction_of(change(path, "added", None, "Clinics")) == "broadened"
    assert direction_of(change(path, "removed", "Clinics", None)) == "narrowed"
    assert direction_of(change(path, "changed", "Clinics", "clinics")) == ""


@pytest.mark.parametrize("path", [("disqualifiers",), ("technographics", "avoids")])
def test_more_exclusions_narrow_and_fewer_broaden(path: FieldPath) -> None:
    assert direction_of(change(path, "added", None, "No EHR")) == "narrowed"
    assert direction_of(change(path, "removed", "No EHR", None)) == "broadened"
    assert direction_of(change(path, "changed", "No EHR", "no EHR")) == ""


def fit(key: str, old: Any, new: Any) -> Change:
    return change(("fit_criteria", key, "value"), "changed", old, new)


@pytest.mark.parametrize(("case", "expected"), [
    (change(("fit_criteria", "employees between"), "added", None, {"attribute": "employees"}), "narrowed"),
    (change(("fit_criteria", "employees between"), "removed", {"attribute": "employees"}, None), "broadened"),
    (fit("employees between", [200, 2000], [500, 1500]), "narrowed"),
    (fit("employees between", [200, 2000], [200, 1500]), "narrowed"),
    (fit("employees between", [200, 2000], [100, 3000]), "broadened"),
    (fit("employees between", [200, 2000], [100, 2000]), "broadened"),
    (fit("employees between", [200, 2000], [500, 3000]), ""),  # shifted: some leave, some join
    (fit("employees between", [200, 2000], ["a", 3000]), ""),  # invalid at HEAD: no comparison, no crash
    (fit("employees between", [200, 2000], [200]), ""),
    (fit("employees between", [200, 2000], [200, 2000]), ""),
    (fit("hospital_count gte", 2, 3), "narrowed"),
    (fit("hospital_count gte", 3, 2), "broadened"),
    (fit("hospital_count gte", 3, 3.0), ""),
    (fit("beds lte", 300, 500), "broadened"),
    (fit("beds lte", 500, 300), "narrowed"),
    (fit("beds lte", 500, "300"), ""),
    (fit("ehr_vendor in", ["Epic"], ["Epic", "Cerner"]), "broadened"),
    (fit("ehr_vendor in", ["Epic", "Cerner"], ["Epic"]), "narrowed"),
    (fit("ehr_vendor in", ["Epic"], ["Cerner"]), ""),  # swapped: neither
    (fit("ownership not_in", ["government"], ["government", "federal"]), "narrowed"),
    (fit("ownership not_in", ["government", "federal"], ["federal"]), "broadened"),
    (fit("tech_stack contains", "Azure", "AWS"), ""),
    (fit("region eq", "US", "EU"), ""),
    (fit("region ne", "US", "EU"), ""),
    (change(("fit_criteria", "employees between", "weight"), "changed", 1, 3), ""),  # weighs, does not filter
    (change(("fit_criteria", "employees between", "value"), "added", None, [1, 2]), ""),
])
def test_fit_criteria(case: Change, expected: str) -> None:
    assert direction_of(case) == expected


@pytest.mark.parametrize("path", [
    ("summary",), ("status",), ("version",), ("estimated_accounts",), ("technographics", "uses"),
    ("pain_points", "audit"), ("firmographics", "employees"), ("behaviors",), ("environment",),
])
def test_fields_that_do_not_decide_who_fits_have_no_direction(path: FieldPath) -> None:
    for kind in ("added", "removed", "changed"):
        assert direction_of(change(path, kind, 1, 2)) == ""


REGIONS = ("firmographics", "regions")


def test_a_list_of_allowed_values_that_appears_narrows_and_one_that_goes_broadens() -> None:
    appeared = (change(REGIONS, "added", None, "US"), change(REGIONS, "added", None, "EU"))
    assert directions(appeared, {"firmographics": {"employees": {"min": 5}}},
                      {"firmographics": {"regions": ["US", "EU"]}}) == {0: "narrowed", 1: "narrowed"}
    went = (change(REGIONS, "removed", "US", None),)
    assert directions(went, {"firmographics": {"regions": ["US"]}}, {"firmographics": {"regions": []}}) == {
        0: "broadened"}


def test_items_of_a_list_that_stays_keep_their_own_direction() -> None:
    both = {"firmographics": {"regions": ["US"]}}
    grown = (change(("summary",), "changed", "a", "b"), change(REGIONS, "added", None, "EU"))
    assert directions(grown, both, {"firmographics": {"regions": ["US", "EU"]}}) == {1: "broadened"}
    assert directions((change(REGIONS, "removed", "EU", None),), {"firmographics": {"regions": ["US", "EU"]}},
                      both) == {0: "narrowed"}
    # Exclusions already read "more = narrower", whether or not the list was there.
    assert directions((change(("disqualifiers",), "added", None, "No EHR"),), {}, {"disqualifiers": ["No EHR"]}) == {
        0: "narrowed"}
