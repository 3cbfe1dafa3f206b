"""Plain-word names for content fields: ("firmographics", "employees", "min") -> "Employees minimum".

Names come from the JSON Schemas' property names, turned into words; the tables
below only hold what a word-by-word reading gets wrong. Paths are schema paths:
field names, with "*" standing for any item of a list.
"""

from __future__ import annotations

from collections.abc import Sequence

KIND_NAMES = {"market": "Market", "icp": "ICP", "persona": "Persona"}

# Words that read better another way than capitalised.
_WORDS = {
    "usd": "(USD)", "pct": "(%)", "days": "(days)", "acv": "ACV", "ltv": "LTV", "tam": "TAM",
    "icps": "ICPs", "kpis": "KPIs", "min": "minimum", "max": "maximum",
}

# Groups whose name is left out of their fields' names: "Employees", not "Firmographics employees".
_SILENT_GROUPS = {"firmographics", "value", "for_us"}

# Groups whose name leads their fields' names: "TAM accounts", "Company name".
_LEADING_GROUPS = {"tam": "TAM", "company": "Company"}

_LABELS: dict[str, dict[tuple[str, ...], str]] = {
    "market": {
        ("tam",): "TAM",
        ("tam", "segments"): "Segments",
        ("tam", "as_of"): "TAM date",
    },
    "icp": {
        ("technographics", "uses"): "Technologies used",
        ("technographics", "avoids"): "Technologies avoided",
        ("value", "for_customer"): "Value for the customer",
        ("value", "for_us"): "Value for us",
        ("fit_criteria", "*", "op"): "Operator",
    },
    "persona": {
        ("title",): "Job title",
    },
}

_ITEM_NOUNS = {
    "pain_points": "Pain point", "segments": "Segment", "objections": "Objection", "evidence": "Evidence",
    "fit_criteria": "Fit criterion", "industries": "Industry", "regions": "Region", "ownership": "Ownership type",
    "uses": "Technology used", "avoids": "Technology avoided", "environment": "Environment attribute",
    "behaviors": "Behavior", "goals": "Goal", "disqualifiers": "Disqualifier",
    "example_customers": "Example customer", "partners": "Partner", "icps": "ICP", "kpis": "KPI",
    "channels": "Channel",
}


def kind_name(kind: str) -> str:
    """Return "ICP", "Persona" or "Market"."""
    return KIND_NAMES.get(kind, kind.capitalize())


def words(name: str) -> str:
    """Return a property name as words: "review_interval_days" -> "Review interval (days)"."""
    parts = [_WORDS.get(part, part) for part in name.split("_") if part]
    text = " ".join(parts) or name
    return text[:1].upper() + text[1:]


def field_label(kind: str, path: Sequence[str]) -> str:
    """Return the plain name of the field at schema `path`, relative to the innermost list item."""
    path = tuple(path)
    if "*" in path:
        inner = path[len(path) - path[::-1].index("*"):]
        override = _LABELS.get(kind, {}).get(path)
        return override if override else _compose(kind, inner, path[: len(path) - len(inner)])
    return _compose(kind, path, ())


def _compose(kind: str, path: tuple[str, ...], prefix: tuple[str, ...]) -> str:
    override = _LABELS.get(kind, {}).get(prefix + path)
    if override or not path:
        return override or ""
    name = path[-1]
    if name in ("min", "max") and len(path) > 1:
        return f"{_compose(kind, path[:-1], prefix)} {_WORDS[name]}"
    label = words(name)
    for group in reversed(path[:-1]):
        if group in _LEADING_GROUPS and not prefix:
            return f"{_LEADING_GROUPS[group]} {lower_first(label)}"
        if group not in _SILENT_GROUPS:
            break
    return label


def item_noun(kind: str, path: Sequence[str]) -> str:
    """Return what one item of the list at schema `path` is called: "Pain point", "Industry"."""
    name = path[-1] if path else ""
    if name in _ITEM_NOUNS:
        return _ITEM_NOUNS[name]
    label = field_label(kind, path)
    return label[:-1] if label.endswith("s") else f"{label} item"


def lower_first(label: str) -> str:
    """Return `label` with its first letter lower-cased, unless it starts an abbreviation."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]
