"""The review as text for a terminal, JSON for tools and Markdown for a pull-request comment."""

from __future__ import annotations

import html
import json
from typing import Any

from icpdocs.diagnostics import format_text
from icpdocs.diff import Change
from icpdocs.review import LEVELS, EntityReview, Review

# GitHub refuses comments longer than 65,536 characters; keep a margin for the marker line.
COMMENT_LIMIT = 65_000
JSON_FORMAT_VERSION = 1


def summary_line(result: Review) -> str:
    counts = ", ".join(f"{result.count(level)} {level}" for level in reversed(LEVELS))
    profiles = len(result.entities)
    return f"{profiles} profile{'s' if profiles != 1 else ''} changed from {result.base} to {result.head}; {counts}"


def _change_line(entity: EntityReview, index: int, change: Change) -> str:
    direction = entity.directions.get(index)
    return change.label + (f"  [{direction}]" if direction else "")


def format_text_review(result: Review) -> str:
    lines = [summary_line(result), ""]
    for entity in result.entities:
        path = entity.diff.new_path or entity.diff.old_path
        folder = result.head if entity.diff.new_path else result.base
        lines.append(f"{entity.diff.label}  ({folder}/{path})")
        lines.extend(f"  - {_change_line(entity, i, c)}" for i, c in enumerate(entity.diff.changes))
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


_BADGE = {"breaking": "🛑 breaking", "warning": "⚠️ warning", "info": "ℹ️ info"}


def format_markdown_review(result: Review, site_url: str = "") -> str:
    """Return a PR comment: a summary table, then collapsible details per profile, within GitHub's limit."""
    head = [f"### ICP document review: {len(result.entities)} profile(s) changed", "",
            f"`{_md(result.base)}` → `{_md(result.head)}` · " +
            " · ".join(f"**{result.count(level)}** {level}" for level in reversed(LEVELS)), ""]
    head.extend(f"- {_BADGE[f.severity]}: {_md(f.message)}" for f in result.findings)
    table = ["", "| Profile | Change | Severity | Findings |", "|---|---|---|---|"]
    table.extend(_table_row(e, site_url) for e in result.entities)
    details = [_details(e) for e in result.entities]
    validation = _validation_block(result)
    return _fit_limit(head + table + [""], details, validation)


def _table_row(entity: EntityReview, site_url: str) -> str:
    diff = entity.diff
    name = f"{diff.kind} `{diff.id}`"
    if site_url and entity.url and diff.status != "deleted":
        name = f"[{name}]({site_url.rstrip('/')}/{entity.url})"
    findings = "; ".join(_md(f.message) for f in entity.findings) or "—"
    return f"| {name} | {diff.status}, {len(diff.changes)} change(s) | {_BADGE[entity.worst]} | {findings} |"


def _details(entity: EntityReview) -> str:
    lines = [f"<details><summary>{_md(entity.diff.label)} ({len(entity.diff.changes)} change(s))</summary>", ""]
    lines.extend(f"- {_md(_change_line(entity, i, c))}" for i, c in enumerate(entity.diff.changes))
    if entity.impact:
        lines.append("")
        lines.append("Affects: " + ", ".join(f"{_md(p.name)} ({p.buying_role}, {_md(p.via)})" for p in entity.impact))
    lines.extend(["", "</details>", ""])
    return "\n".join(lines)


def _validation_block(result: Review) -> str:
    problems = format_text(result.head_validation.diagnostics)
    if not problems:
        return "✅ The changed content validates without problems.\n"
    return f"<details><summary>Validation of the changed content</summary>\n\n```\n{problems}```\n\n</details>\n"


def _fit_limit(head: list[str], details: list[str], validation: str) -> str:
    text = "\n".join(head) + "\n"
    note = "\n_{omitted} more profile(s) not shown: the comment would exceed GitHub's size limit. " \
           "Run `icpdocs diff` locally for the full review._\n"
    budget = COMMENT_LIMIT - len(text) - len(validation[:20_000]) - len(note) - 20
    shown = 0
    for block in details:
        if len(block) > budget:
            break
        text += block
        budget -= len(block)
        shown += 1
    if shown < len(details):
        text += note.format(omitted=len(details) - shown)
    return (text + validation[:20_000])[:COMMENT_LIMIT]
