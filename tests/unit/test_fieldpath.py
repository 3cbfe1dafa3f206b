"""Field paths name list items by what they are, never by their index alone."""

from __future__ import annotations

from typing import Any

import pytest

from icpdocs.fieldpath import describe, item_label

ICP: dict[str, Any] = {
    "pain_points": [
        {"id": "manual-audit-prep", "title": "Audit prep", "severity": "high"},
        {"id": "exam-evidence", "title": "Exams", "severity": "hihg"},
        {"title": "No id yet"},
        {"severity": "low"},
    ],
    "fit_criteria": [{"attribute": "employees", "op": "between", "value": [200, 2000]}],
    "evidence": [{"claim": "70% of top customers are mid-sized"}],
    "icps": ["mid-market", ""],
    "firmographics": {"employees": {"min": 200}},
}


@pytest.mark.parametrize(("path", "shown"), [
    ((), "$"),
    (("firmographics", "employees", "min"), "firmographics.employees.min"),
    (("pain_points", 1, "severity"), "pain_points[1] (id: exam-evidence).severity"),
    (("pain_points", 2, "severity"), "pain_points[2] (title: No id yet).severity"),
    (("pain_points", 3, "severity"), "pain_points[3].severity"),
    (("fit_criteria", 0, "value", 1), "fit_criteria[0] (attribute: employees).value[1]"),
    (("evidence", 0), "evidence[0] (claim: 70% of top customers are mid-sized)"),
    (("icps", 0), "icps[0] (mid-market)"),
    (("icps", 1), "icps[1]"),
    (("pain_points", 9, "id"), "pain_points[9].id"),
    (("missing", 0, "x"), "missing[0].x"),
])
def test_describe(path: tuple[str | int, ...], shown: str) -> None:
    assert describe(ICP, path) == shown


def test_labels_prefer_id_then_title_then_name() -> None:
    assert item_label({"name": "N", "title": "T", "id": "i"}) == " (id: i)"
    assert item_label({"name": "N", "title": "T"}) == " (title: T)"
    assert item_label({"name": "N"}) == " (name: N)"
    assert item_label({"objection": "Too expensive"}) == " (objection: Too expensive)"


def test_labels_skip_empty_and_non_text_values() -> None:
    assert item_label({"id": "  ", "title": "T"}) == " (title: T)"
    assert item_label({"id": ["x"], "title": None}) == ""
    assert item_label(None) == ""
    assert item_label([1, 2]) == ""


def test_long_labels_are_shortened() -> None:
    label = item_label({"title": "x" * 100})
    assert label == f" (title: {'x' * 40}…)"
    assert item_label("y" * 41) == f" ({'y' * 40}…)"
