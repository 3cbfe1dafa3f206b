from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icpdocs import schemas
from icpdocs.diff import Change, diff_documents, diff_entity
from icpdocs.fieldnames import field_label, item_noun
from icpdocs.loader import Document
from icpdocs.worddiff import WORD_DIFF_LIMIT, shorten, word_diff


def icp(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Hospital groups",
        "status": "draft",
        "version": 1,
        "summary": "Groups of hospitals whose audit preparation takes weeks of manual work.",
        "estimated_accounts": 1450,
        "firmographics": {"industries": ["Hospitals", "Clinics"], "employees": {"min": 200, "max": 2000}},
        "pain_points": [
            {"id": "records", "title": "Records are split", "severity": "high"},
            {"id": "access", "title": "Access reviews lag", "severity": "medium", "description": "Per system."},
        ],
        "fit_criteria": [
            {"attribute": "employees", "op": "between", "value": [200, 2000]},
            {"attribute": "ehr_vendor", "op": "in", "value": ["Epic", "MEDITECH"]},
        ],
        "evidence": [{"claim": "64% of ARR comes from groups", "source": "CRM"}],
    }
    data.update(changes)
    return data


def labels(old: dict[str, Any] | None, new: dict[str, Any] | None, kind: str = "icp") -> list[str]:
    return [change.label for change in diff_entity(kind, "x", old, new)]


def test_identical_versions_have_no_changes() -> None:
    assert diff_entity("icp", "x", icp(), icp()) == ()


def test_scalar_changes_are_one_change_each() -> None:
    new = icp(status="active")
    new["firmographics"]["employees"]["min"] = 500
    changes = diff_entity("icp", "x", icp(), new)
    assert [c.label for c in changes] == ["Status: draft -> active", "Employees minimum: 200 -> 500"]
    assert changes[1] == Change("icp", "x", ("firmographics", "employees", "min"), "changed", 200, 500,
                                "Employees minimum: 200 -> 500")


def test_equal_numbers_of_different_types_are_no_change() -> None:
    new = icp(version=1.0)
    new["firmographics"]["employees"]["min"] = 200.0
    assert labels(icp(), new) == []


def test_pain_point_added_at_the_top_is_one_addition() -> None:
    new = icp()
    new["pain_points"].insert(0, {"id": "audit", "title": "Audit preparation is manual", "severity": "high"})
    [change] = diff_entity("icp", "x", icp(), new)
    assert change.label == "Pain point added: Audit preparation is manual"
    assert change.path == ("pain_points", "audit")
    assert change.kind == "added" and change.new["id"] == "audit"


def test_pain_point_removed_and_changed_are_matched_by_id() -> None:
    new = icp()
    new["pain_points"] = [
        {"id": "access", "title": "Access reviews lag", "severity": "high", "description": "Per system."}]
    assert labels(icp(), new) == [
        "Pain point 'Access reviews lag' severity: medium -> high",
        "Pain point removed: Records are split",
    ]


def test_renaming_an_item_names_it_by_its_id() -> None:
    new = icp()
    new["pain_points"][0]["title"] = "Records live in many systems"
    assert labels(icp(), new) == ["Pain point 'records' title: Records are split -> Records live in many systems"]


def test_reordering_any_list_is_no_change() -> None:
    new = copy.deepcopy(icp())
    for key in ("pain_points", "fit_criteria"):
        new[key].reverse()
    new["firmographics"]["industries"].reverse()
    new["fit_criteria"][0]["value"] = ["MEDITECH", "Epic"]
    assert labels(icp(), new) == []


def test_word_lists_are_sets() -> None:
    new = icp()
    new["firmographics"]["industries"] = ["Clinics", "Ambulatory care", "Hospitals", "Hospitals"]
    [change] = diff_entity("icp", "x", icp(), new)
    assert change.label == "Industry added: Ambulatory care"
    assert (change.path, change.kind, change.old, change.new) == (("firmographics", "industries"), "added", None,
                                                                  "Ambulatory care")


def test_whitespace_only_edits_are_no_change() -> None:
    new = icp(summary="Groups of hospitals   whose audit\npreparation takes weeks of manual work.\n")
    new["pain_points"][0]["title"] = " Records are  split"
    assert labels(icp(), new) == []


def test_text_edit_gets_a_short_word_diff() -> None:
    new = icp(summary="Groups of hospitals whose audit preparation takes days of manual work.")
    [change] = diff_entity("icp", "x", icp(), new)
    assert change.word_diff == "… whose audit preparation takes [-weeks-] {+days+} of manual work."
    assert change.label == f"Summary edited: {change.word_diff}"


def test_word_diff_is_bounded() -> None:
    old = " ".join(f"word{i}" for i in range(400))
    new = " ".join(f"word{i}" if i % 7 else f"other{i}" for i in range(400))
    assert len(word_diff(old, new)) <= WORD_DIFF_LIMIT
    assert word_diff(old, new).endswith("…")


def test_shorten_never_exceeds_the_limit() -> None:
    assert shorten("x" * 500, 20) == "x" * 18 + " …"
    assert len(shorten("word " * 100, 20)) <= 20
    assert shorten("short", 20) == "short"


def test_short_text_change_reads_as_old_and_new() -> None:
    assert labels(icp(), icp(name="Hospital networks")) == ["Name: Hospital groups -> Hospital networks"]


def test_fields_added_and_removed() -> None:
    new = icp(segment="serviceable")
    del new["estimated_accounts"]
    del new["firmographics"]["employees"]
    assert labels(icp(), new) == [
        "Estimated accounts removed (was 1450)",
        "Employees minimum removed (was 200)",
        "Employees maximum removed (was 2000)",
        "Segment added: serviceable",
    ]


def test_large_numbers_are_grouped() -> None:
    assert labels(icp(), icp(estimated_accounts=12500)) == ["Estimated accounts: 1450 -> 12,500"]


def test_fit_criteria_are_matched_by_attribute_and_operator() -> None:
    new = icp()
    new["fit_criteria"][0]["value"] = [500, 2000]
    new["fit_criteria"].append({"attribute": "employees", "op": "gte", "value": 100})
    assert labels(icp(), new) == [
        "Fit criterion 'employees between' value: 200, 2000 -> 500, 2000",
        "Fit criterion added: employees gte",
    ]


def test_evidence_is_matched_by_claim() -> None:
    new = icp()
    new["evidence"][0]["source"] = "CRM export, Q3"
    assert labels(icp(), new) == ["Evidence '64% of ARR comes from groups' source: CRM -> CRM export, Q3"]


def persona(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Carla CEO",
        "title": "Chief Executive Officer",
        "icps": ["hospitals"],
        "pain_points": ["hospitals#records", {"title": "Board asks for risk reports", "description": "By hand."}],
        "objections": [{"objection": "We have a tool", "response": "It misses evidence."}],
    }
    data.update(changes)
    return data


def test_persona_lists_are_matched_by_reference_title_and_objection() -> None:
    new = persona(title="CEO")
    new["pain_points"] = [{"title": "Board asks for risk reports", "description": "Monthly."}, "hospitals#access"]
    new["objections"][0]["response"] = "It covers evidence."
    assert labels(persona(), new, "persona") == [
        "Job title: Chief Executive Officer -> CEO",
        "Pain point 'Board asks for risk reports' description: By hand. -> Monthly.",
        "Pain point added: hospitals#access",
        "Pain point removed: hospitals#records",
        "Objection 'We have a tool' response: It misses evidence. -> It covers evidence.",
    ]


def test_whole_profile_added_or_removed() -> None:
    assert labels(None, icp()) == ["ICP x added"]
    assert labels(icp(), None) == ["ICP x removed"]
    assert labels(None, None) == []


def test_repeated_item_keys_do_not_hide_changes() -> None:
    old = icp(pain_points=[{"id": "a", "title": "One", "severity": "low"},
                           {"id": "a", "title": "Two", "severity": "low"}])
    new = copy.deepcopy(old)
    new["pain_points"][1]["severity"] = "high"
    assert labels(old, new) == ["Pain point 'Two' severity: low -> high"]
    assert labels(old, {**old, "pain_points": old["pain_points"][::-1]}) == []


def test_a_value_changing_shape_is_one_change() -> None:
    assert labels(icp(), icp(version="two")) == ["Version: 1 -> two"]


def document(kind: str, entity_id: str, data: dict[str, Any]) -> Document:
    folder = {"icp": "icps/", "persona": "personas/"}.get(kind, "")
    return Document(kind, entity_id, f"{folder}{entity_id}.yaml", data)


def test_diff_documents_reports_each_entity_once() -> None:
    old = [document("icp", "a", icp()), document("icp", "b", icp(name="B")), document("persona", "p", persona()),
           document("icp", "gone", icp(name="Gone"))]
    new = [document("icp", "a", icp(status="active")), document("icp", "b2", icp(name="B")),
           document("persona", "p", persona()), document("persona", "q", persona(name="Quinn"))]
    diffs = diff_documents(old, new)
    summary = [(d.kind, d.id, d.status, d.old_path, d.new_path, [c.label for c in d.changes]) for d in diffs]
    assert summary == [
        ("icp", "a", "modified", "icps/a.yaml", "icps/a.yaml", ["Status: draft -> active"]),
        ("icp", "b2", "renamed", "icps/b.yaml", "icps/b2.yaml", ["ICP b renamed to b2"]),
        ("icp", "gone", "deleted", "icps/gone.yaml", "", ["ICP gone removed"]),
        ("persona", "q", "created", "", "personas/q.yaml", ["Persona q added"]),
    ]
    assert diffs[1].old_id == "b" and diffs[1].label == "ICP b renamed to b2"


def schema_paths(node: dict[str, Any], kind: str, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    node = schemas.resolve(kind, node)
    found: list[tuple[str, ...]] = []
    for name, child in node.get("properties", {}).items():
        found.append((*path, name))
        found += schema_paths(child, kind, (*path, name))
    for alternative in node.get("oneOf", []) + node.get("anyOf", []):
        found += schema_paths(alternative, kind, path)
    if isinstance(node.get("items"), dict):
        found += schema_paths(node["items"], kind, (*path, "*"))
    return found


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_schema_field_has_a_plain_name(kind: str) -> None:
    paths = schema_paths(schemas.schema(kind), kind)
    assert len(paths) > 10
    for path in paths:
        label = field_label(kind, path)
        assert label and "_" not in label and label[0].isupper(), (path, label)


@pytest.mark.parametrize(("kind", "path", "label"), [
    ("icp", ("firmographics", "employees", "min"), "Employees minimum"),
    ("icp", ("firmographics", "annual_revenue_usd", "max"), "Annual revenue (USD) maximum"),
    ("icp", ("value", "for_us", "win_rate_pct"), "Win rate (%)"),
    ("icp", ("review_interval_days",), "Review interval (days)"),
    ("icp", ("pain_points", "*", "severity"), "Severity"),
    ("market", ("tam", "accounts"), "TAM accounts"),
    ("market", ("company", "name"), "Company name"),
    ("market", ("tam", "segments", "*", "accounts"), "Accounts"),
    ("persona", ("title",), "Job title"),
    ("persona", ("kpis",), "KPIs"),
])
def test_field_labels(kind: str, path: tuple[str, ...], label: str) -> None:
    assert field_label(kind, path) == label


def test_item_nouns() -> None:
    assert item_noun("icp", ("firmographics", "industries")) == "Industry"
    assert item_noun("market", ("tam", "segments")) == "Segment"
    assert item_noun("icp", ("unknown_things",)) == "Unknown thing"


json_scalars = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans())
profiles = st.dictionaries(
    st.sampled_from(["name", "goals", "pain_points", "summary", "kpis"]),
    st.one_of(
        json_scalars,
        st.lists(st.text(max_size=6), max_size=5),
        st.lists(st.fixed_dictionaries({"id": st.text("abc", min_size=1, max_size=3), "severity": json_scalars}),
                 max_size=4),
    ),
)


@settings(max_examples=200, deadline=None, database=None)
@given(profiles, st.randoms())
def test_shuffling_lists_never_changes_anything(data: dict[str, Any], rng: random.Random) -> None:
    shuffled = copy.deepcopy(data)
    for value in shuffled.values():
        if isinstance(value, list):
            rng.shuffle(value)
    assert diff_entity("icp", "x", data, shuffled) == ()
