"""The review as text for a terminal, JSON for tools and Markdown for a pull-request comment."""

from __future__ import annotations

import html
import json
from typing import Any

from icpdocs.diagnostics import format_text
from icpdocs.diff import Change
from icpdocs.review import LEVELS, EntityReview, Review, direction_of

# GitHub refuses comments longer than 65,536 characters (UTF-16 units); keep a margin for the marker line.
COMMENT_LIMIT = 65_000
TABLE_LIMIT = 30_000
VALIDATION_LIMIT = 15_000
JSON_FORMAT_VERSION = 1


def summary_line(result: Review) -> str:
    counts = ", ".join(f"{result.count(level)} {level}" for level in reversed(LEVELS))
    profiles = len(result.entities)
    return f"{profiles} profile{'s' if profiles != 1 else ''} changed from {result.base} to {result.head}; {counts}"


def _shown_changes(entity: EntityReview) -> list[tuple[int, Change]]:
    """Return the changes worth a line: a whole-profile change only repeats the profile's heading."""
    return [(index, change) for index, change in enumerate(entity.diff.changes) if change.path]


def _change_line(entity: EntityReview, index: int, change: Change) -> str:
    return change.label + _item_id(change) + _direction(entity, index, change)


def _direction(entity: EntityReview, index: int, change: Change) -> str:
    direction = entity.directions.get(index, "")
    if not direction or direction == direction_of(change):
        return f"  [{direction}]" if direction else ""
    # The item alone points the other way: the whole list appeared or went (see review.directions).
    why = "none were listed, so any fitted" if change.kind == "added" else "none are listed now, so any fits"
    return f"  [{direction}: {why}]"


def _item_id(change: Change) -> str:
    """Return " (id 'x')" for an added or removed item whose label shows its title, not the id others use."""
    item = change.new if change.kind == "added" else change.old
    if change.kind == "changed" or not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return ""
    return "" if f"'{item['id']}'" in change.label or change.label.endswith(item["id"]) else f" (id '{item['id']}')"


def format_text_review(result: Review) -> str:
    lines = [summary_line(result), ""]
    for entity in result.entities:
        path = entity.diff.new_path or entity.diff.old_path
        folder = result.head if entity.diff.new_path else result.base
        lines.append(f"{entity.diff.label}  ({folder}/{path})")
        lines.extend(f"  - {_change_line(entity, i, c)}" for i, c in _shown_changes(entity))
        lines.extend(f"  {f.severity}: {f.message}" for f in entity.findings)
        if entity.impact:
            lines.append("  impact: " + ", ".join(f"{p.name} ({p.buying_role}, {p.via})" for p in entity.impact))
        lines.append("")
    for finding in result.findings:
        lines.append(f"{finding.severity}: {finding.message}")
    problems = format_text(result.head_validation.diagnostics)
    if problems:
        lines.extend(["", "Validation of the changed content:", problems.rstrip("\n")])
    return "\n".join(lines).rstrip("\n") + "\n"


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else str(value)


def review_to_json(result: Review) -> dict[str, Any]:
    """Return the review as the stable JSON document described in docs/review.md."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "base": result.base,
        "head": result.head,
        "summary": {level: result.count(level) for level in LEVELS} | {"profiles": len(result.entities)},
        "findings": [vars(f) for f in result.findings],
        "entities": [_entity_json(e) for e in result.entities],
        "validation": [d.to_json() for d in result.head_validation.diagnostics],
    }


def _entity_json(entity: EntityReview) -> dict[str, Any]:
    diff = entity.diff
    return {
        "kind": diff.kind, "id": diff.id, "status": diff.status, "old_id": diff.old_id,
        "old_path": diff.old_path, "new_path": diff.new_path, "url": entity.url, "severity": entity.worst,
        "changes": [
            {"path": [str(p) for p in c.path], "kind": c.kind, "old": _jsonable(c.old), "new": _jsonable(c.new),
             "label": c.label, "direction": entity.directions.get(i, "")}
            for i, c in enumerate(diff.changes)
        ],
        "findings": [vars(f) for f in entity.findings],
        "impact": [vars(p) for p in entity.impact],
    }


def format_json_review(result: Review) -> str:
    return json.dumps(review_to_json(result), indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    """Escape content for a GitHub comment: no HTML from profiles, no table breaks."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")


_BADGE = {"breaking": "🛑 breaking", "warning": "⚠️ warning", "info": "ℹ️ info"}  # noqa: RUF001 (the information emoji)


def format_markdown_review(result: Review, site_url: str = "") -> str:
    """Return a PR comment: a summary table, then collapsible details per profile, within GitHub's limit."""
    profiles = len(result.entities)
    head = [f"### ICP document review: {profiles} profile{'s' if profiles != 1 else ''} changed", "",
            f"`{_md(result.base)}` → `{_md(result.head)}` · " +
            " · ".join(f"**{result.count(level)}** {level}" for level in reversed(LEVELS)), ""]
    head.extend(f"- {_BADGE[f.severity]}: {_md(f.message)}" for f in result.findings)
    rows = [_table_row(e, site_url) + "\n" for e in result.entities]
    details = [_details(e) for e in result.entities]
    return _fit_limit("\n".join(head).rstrip("\n") + "\n\n", rows, details, _validation_block(result))


def _table_row(entity: EntityReview, site_url: str) -> str:
    diff = entity.diff
    name = f"{diff.kind} `{diff.id}`"
    if site_url and entity.url and diff.status != "deleted":
        name = f"[{name}]({site_url.rstrip('/')}/{entity.url})"
    findings = "; ".join(_md(f.message) for f in entity.findings) or "—"
    return f"| {name} | {_what(entity)} | {_BADGE[entity.worst]} | {findings} |"


def _what(entity: EntityReview) -> str:
    diff = entity.diff
    if diff.status == "renamed":
        return f"renamed from `{diff.old_id}`"
    if diff.status != "modified":
        return diff.status
    count = len(diff.changes)
    return f"modified, {count} change{'s' if count != 1 else ''}"


def _details(entity: EntityReview) -> str:
    changes = [f"- {_md(_change_line(entity, i, c))}" for i, c in _shown_changes(entity)]
    if not changes and not entity.impact:
        return ""  # a whole profile added or removed: the table row says it all
    lines = [f"<details><summary>{_md(entity.diff.label)}</summary>", "", *changes]
    if entity.impact:
        lines.append("")
        lines.append("Affects: " + ", ".join(f"{_md(p.name)} ({p.buying_role}, {_md(p.via)})" for p in entity.impact))
    lines.extend(["", "</details>", "", ""])
    return "\n".join(lines)


def _validation_block(result: Review) -> str:
    problems = format_text(result.head_validation.diagnostics)
    if not problems:
        return "✅ The changed content validates without problems.\n"
    shown = _leading_lines(problems, VALIDATION_LIMIT)
    if shown != problems:
        rest = problems.count("\n") - shown.count("\n")
        shown += f"… {rest} more line{'s' if rest != 1 else ''}: run `icpdocs validate` for all of them\n"
    return f"<details><summary>Validation of the changed content</summary>\n\n```\n{shown}```\n\n</details>\n"


def _size(text: str) -> int:
    """Return the length as GitHub counts it, in UTF-16 units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def _leading_lines(text: str, limit: int) -> str:
    """Return the whole lines from the start of `text` that fit in `limit`."""
    return "".join(_leading(text.splitlines(keepends=True), limit))


def _leading(blocks: list[str], budget: int) -> list[str]:
    """Return the leading blocks whose total size fits in `budget`."""
    taken: list[str] = []
    for block in blocks:
        budget -= _size(block)
        if budget < 0:
            break
        taken.append(block)
    return taken


_TABLE_HEAD = "| Profile | Change | Severity | Findings |\n|---|---|---|---|\n"
_OMITTED = ("_Not shown: {what}, to stay under GitHub's comment size limit. "
            "Run `icpdocs diff` locally for the full review._\n\n")


def _fit_limit(head: str, rows: list[str], details: list[str], validation: str) -> str:
    """Return the comment with as many table rows, then details, as fit under COMMENT_LIMIT."""
    shown_rows = _leading(rows, TABLE_LIMIT)
    table = _TABLE_HEAD + "".join(shown_rows) + "\n"
    budget = COMMENT_LIMIT - _size(head + table + validation) - _size(_OMITTED) - 100
    shown_details = _leading(details, budget)
    omitted = []
    if len(shown_rows) < len(rows):
        omitted.append(f"{len(rows) - len(shown_rows)} of {len(rows)} table rows")
    if len(shown_details) < len(details):
        omitted.append(f"the details of {len(details) - len(shown_details)} of {len(details)} profiles")
    note = _OMITTED.format(what=" and ".join(omitted)) if omitted else ""
    return head + table + note + "".join(shown_details) + validation
