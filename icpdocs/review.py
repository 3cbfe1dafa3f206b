"""Review of a profile change between two revisions: what changed, what it means, what breaks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from icpdocs import gitrepo
from icpdocs.catalog import Catalog
from icpdocs.diagnostics import Diagnostic
from icpdocs.diff import Change, EntityDiff, diff_documents
from icpdocs.errors import IcpDocsError
from icpdocs.loader import ContentSource, FolderSource, GitSource, RawFile
from icpdocs.validate import Validation, validate_source

LEVELS = ("info", "warning", "breaking")

# Each kind of finding and its default severity; mkdocs.yml can override them
# under the icpdocs plugin's `review_severity` option.
DEFAULT_SEVERITY: dict[str, str] = {
    "created": "info",
    "narrowed": "info",
    "broadened": "info",
    "accounts-changed": "info",
    "reviewed": "info",
    "status-changed": "warning",
    "version-not-raised": "warning",
    "removed": "warning",
    "renamed": "warning",
    "head-warning": "warning",
    "removed-but-referenced": "breaking",
    "head-invalid": "breaking",
}

# Fields whose change is bookkeeping, not a change of the profile's meaning.
_BOOKKEEPING = {"last_reviewed", "review_interval_days", "owner", "version"}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class ImpactedPersona:
    id: str
    name: str
    buying_role: str
    via: str


@dataclass
class EntityReview:
    """One changed profile: its field changes, their direction, findings and who it affects."""

    diff: EntityDiff
    directions: dict[int, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    impact: list[ImpactedPersona] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "" if self.diff.kind == "market" else f"{self.diff.kind}s/{self.diff.id}/"

    @property
    def worst(self) -> str:
        return max((f.severity for f in self.findings), key=LEVELS.index, default="info")


@dataclass
class Review:
    base: str
    head: str
    entities: list[EntityReview]
    head_validation: Validation
    findings: list[Finding] = field(default_factory=list)

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for e in self.entities for f in e.findings)]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.all_findings() if f.severity == severity)

    def fails(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        threshold = LEVELS.index(fail_on)
        return any(LEVELS.index(f.severity) >= threshold for f in self.all_findings())


def severities(overrides: Mapping[str, str] | None) -> dict[str, str]:
    """Return the severity of each finding kind, with the user's overrides checked and applied."""
    table = dict(DEFAULT_SEVERITY)
    for code, level in (overrides or {}).items():
        if code not in table:
            raise IcpDocsError(f"review_severity: unknown change kind '{code}'; known: {', '.join(sorted(table))}")
        if level not in LEVELS:
            raise IcpDocsError(f"review_severity: {code}: '{level}' is not one of {', '.join(LEVELS)}")
        table[code] = level
    return table


def source_for(repo: Path, folder: str, revision: str | None, worktree_content: Path) -> ContentSource:
    """Return the content at a revision, or in the working tree when `revision` is None."""
    if revision is None:
        return FolderSource(worktree_content, folder)
    try:
        gitrepo.resolve_revision(repo, revision)
    except IcpDocsError:
        raise IcpDocsError(f"'{revision}' is not a commit in {repo}") from None
    if folder not in ("", ".") and not _has_tree(repo, f"{revision}:{folder}"):
        return _NoContent(f"{revision}:{folder}")  # the pull request that adds the content folder
    return GitSource(repo, revision, folder)


def _has_tree(repo: Path, spec: str) -> bool:
    try:
        return gitrepo.run_git(repo, ["cat-file", "-t", spec]).strip() == b"tree"
    except IcpDocsError:
        return False


class _NoContent(ContentSource):
    """A revision without the content folder: no profiles at all."""

    def __init__(self, label: str) -> None:
        self.label = label

    def files(self) -> list[RawFile]:
        return []


def review(base: ContentSource, head: ContentSource, *, today: dt.date | None = None,
           severity_overrides: Mapping[str, str] | None = None) -> Review:
    """Compare two content sets and judge each change."""
    table = severities(severity_overrides)
    old, new = validate_source(base, today), validate_source(head, today)
    diffs = diff_documents(old.documents, new.documents)
    before, after = _data_by_key(old), _data_by_key(new)
    entities = [
        _review_entity(diff, before.get((diff.kind, diff.old_id or diff.id), {}), after.get((diff.kind, diff.id), {}),
                       old.catalog, new.catalog, table)
        for diff in diffs
    ]
    result = Review(base.label, head.label, entities, new)
    if new.errors:
        result.findings.append(Finding("head-invalid", table["head-invalid"],
                                       f"the changed content has {len(new.errors)} validation error(s)"))
    added = new_warnings(old, new)
    if added:
        result.findings.append(Finding("head-warning", table["head-warning"],
                                       f"the change brings {len(added)} new validation warning(s)"))
    return result


def _data_by_key(validation: Validation) -> dict[tuple[str, str], dict[str, Any]]:
    """Return each loaded document's data, valid or not, by (kind, id)."""
    return {doc.key: doc.data for doc in validation.documents if isinstance(doc.data, dict)}


def new_warnings(old: Validation, new: Validation) -> list[Diagnostic]:
    """Return HEAD's warnings that the base did not have (matched by file, field and message, not line)."""
    def key(d: Diagnostic) -> tuple[str, str, str]:
        return (d.file.split("/", 1)[-1], d.path, d.message)

    before = {key(d) for d in old.warnings}
    return [d for d in new.warnings if key(d) not in before]


def _review_entity(diff: EntityDiff, before: dict[str, Any], after: dict[str, Any], old: Catalog, new: Catalog,
                   table: dict[str, str]) -> EntityReview:
    entity = EntityReview(diff, directions(diff.changes, before, after))
    _lifecycle(entity, old, new, table)
    _breaking(entity, old, new, table)
    entity.impact = _impact(diff, old, new)
    return entity


def _add(entity: EntityReview, table: dict[str, str], code: str, message: str) -> None:
    entity.findings.append(Finding(code, table[code], message))


def _lifecycle(entity: EntityReview, old: Catalog, new: Catalog, table: dict[str, str]) -> None:
    diff = entity.diff
    if diff.status == "created":
        _add(entity, table, "created", f"new {_noun(diff.kind)} '{diff.id}'")
        return
    if diff.status in ("deleted", "renamed"):
        return
    fields = {change.path[0] for change in diff.changes if change.path}
    for change in diff.changes:
        if change.path == ("status",):
            _add(entity, table, "status-changed", f"status {change.old} -> {change.new}")
        if change.path == ("estimated_accounts",) and _numbers(change.old, change.new):
            _add(entity, table, "accounts-changed", f"estimated accounts {change.old:,} -> {change.new:,} "
                 f"({_percent(change.old, change.new)})")
    if diff.kind == "icp" and fields - _BOOKKEEPING and "version" not in fields:
        _add(entity, table, "version-not-raised",
             "substantive change without a version bump: raise `version` so readers see the profile changed")
    if fields == {"last_reviewed"}:
        _add(entity, table, "reviewed", "reviewed without changes (last_reviewed moved)")
    for direction in sorted(set(entity.directions.values())):
        count = sum(1 for d in entity.directions.values() if d == direction)
        _add(entity, table, direction, f"{count} criteri{'on' if count == 1 else 'a'} {direction}")


def _breaking(entity: EntityReview, old: Catalog, new: Catalog, table: dict[str, str]) -> None:
    diff = entity.diff
    if diff.status in ("deleted", "renamed") and diff.kind in ("icp", "persona"):
        old_id = diff.old_id or diff.id
        # Nothing references a persona; an ICP is referenced by personas' `icps` and pain points.
        users = [p for p in new.personas.values() if old_id in p.icps or
                 any(pp.reference.startswith(f"{old_id}#") for pp in p.pain_points)] if diff.kind == "icp" else []
        now = f" (now '{diff.id}')" if diff.status == "renamed" else ""
        _removal(entity, table, f"{_noun(diff.kind)} '{old_id}'{now}", diff.status, users)
    if diff.kind == "icp" and diff.status == "modified":
        renamed = _renamed_pain_points(diff.changes)
        for change in diff.changes:
            if len(change.path) == 2 and change.path[0] == "pain_points" and change.kind == "removed":
                reference = f"{diff.id}#{change.path[1]}"
                users = [p for p in new.personas.values() if any(pp.reference == reference for pp in p.pain_points)]
                new_id = renamed.get(str(change.path[1]))
                what = f"pain point '{reference}'" + (f" (now '{new_id}')" if new_id else "")
                _removal(entity, table, what, "renamed" if new_id else "deleted", users)


def _renamed_pain_points(changes: tuple[Change, ...]) -> dict[str, str]:
    """Return old id -> new id for pain points removed and added with the same title."""
    def items(kind: str) -> dict[str, str]:
        return {str(c.path[1]): str((c.old if kind == "removed" else c.new).get("title", ""))
                for c in changes if len(c.path) == 2 and c.path[0] == "pain_points" and c.kind == kind
                and isinstance(c.old if kind == "removed" else c.new, dict)}
    added = {title: pain_id for pain_id, title in items("added").items()}
    return {old_id: added[title] for old_id, title in items("removed").items() if title in added}


def _removal(entity: EntityReview, table: dict[str, str], what: str, status: str, users: list[Any]) -> None:
    verb = "removed" if status == "deleted" else "renamed"
    if users:
        names = ", ".join(f"{p.name} ({p.id})" for p in users)
        _add(entity, table, "removed-but-referenced", f"{what} {verb} but still referenced by {names}")
    else:
        _add(entity, table, "removed" if status == "deleted" else "renamed",
             f"{what} {verb}: links to it from outside the document stop working")


def _impact(diff: EntityDiff, old: Catalog, new: Catalog) -> list[ImpactedPersona]:
    """Return the personas a changed ICP or pain point reaches, at HEAD (or at base if it is gone)."""
    if diff.kind != "icp":
        return []
    icp_id = diff.old_id or diff.id
    found: dict[str, ImpactedPersona] = {}
    # Personas of the old id count too: after a rename or removal they are the ones left behind.
    for persona in [*old.personas_for(icp_id), *new.personas_for(diff.id)]:
        found[persona.id] = ImpactedPersona(persona.id, persona.name, persona.buying_role, "buys for this ICP")
    changed_pains = {c.path[1] for c in diff.changes if len(c.path) >= 2 and c.path[0] == "pain_points"}
    for pain_id in sorted(changed_pains):
        for persona in [*old.personas_feeling(icp_id, str(pain_id)), *new.personas_feeling(icp_id, str(pain_id))]:
            found[persona.id] = ImpactedPersona(persona.id, persona.name, persona.buying_role,
                                                f"feels pain point '{pain_id}'")
    return sorted(found.values(), key=lambda p: p.name)


# Firmographic and fit fields where more values admit more accounts (broaden).
_SET_FIELDS_BROADEN = {("firmographics", "industries"), ("firmographics", "regions"), ("firmographics", "ownership")}
_SET_FIELDS_NARROW = {("disqualifiers",), ("technographics", "avoids")}


def directions(changes: tuple[Change, ...], before: dict[str, Any], after: dict[str, Any]) -> dict[int, str]:
    """Return the direction of each change to who fits, by its index in `changes`.

    `before` and `after` are the profile's data: a list of allowed values that appears where there
    was none narrows (any industry -> some industries), and one that disappears broadens.
    """
    found: dict[int, str] = {}
    for index, change in enumerate(changes):
        direction = direction_of(change)
        path = tuple(str(p) for p in change.path)
        if (direction and path[:2] in _SET_FIELDS_BROADEN and change.kind in ("added", "removed")
                and not _lookup(before if change.kind == "added" else after, path[:2])):
            direction = "narrowed" if change.kind == "added" else "broadened"
        if direction:
            found[index] = direction
    return found


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def direction_of(change: Change) -> str:
    """Return 'narrowed', 'broadened' or '' for a change to who fits an ICP."""
    path = tuple(str(p) for p in change.path)
    if path[:1] == ("firmographics",) and len(path) == 3 and path[2] in ("min", "max"):
        return _bound_direction(path[2], change)
    if path[:2] in _SET_FIELDS_BROADEN:
        return {"added": "broadened", "removed": "narrowed"}[change.kind] if change.kind != "changed" else ""
    if path[:2] in _SET_FIELDS_NARROW or path[:1] in _SET_FIELDS_NARROW:
        return {"added": "narrowed", "removed": "broadened"}.get(change.kind, "")
    if path[:1] == ("fit_criteria",):
        return _fit_direction(change)
    return ""


def _bound_direction(bound: str, change: Change) -> str:
    if change.kind == "added":
        return "narrowed"
    if change.kind == "removed":
        return "broadened"
    if not _numbers(change.old, change.new) or change.old == change.new:
        return ""
    raised = change.new > change.old
    return "narrowed" if raised == (bound == "min") else "broadened"


def _fit_direction(change: Change) -> str:
    if len(change.path) == 2:
        return {"added": "narrowed", "removed": "broadened"}.get(change.kind, "")
    if change.path[-1] != "value" or change.kind != "changed":
        return ""
    op = str(change.path[1]).rsplit(" ", 1)[-1]
    old, new = change.old, change.new
    if old == new:
        return ""
    if op == "between":
        return _range_direction(old, new)
    if op in ("gte", "lte") and _numbers(old, new):
        return "narrowed" if (new > old) == (op == "gte") else "broadened"
    if op in ("in", "not_in") and isinstance(old, list) and isinstance(new, list):
        grew = set(map(str, new)) > set(map(str, old))
        shrank = set(map(str, new)) < set(map(str, old))
        if grew or shrank:
            return "broadened" if grew == (op == "in") else "narrowed"
    return ""


def _range_direction(old: Any, new: Any) -> str:
    """Return how a `between` range moved: inside the old one, around it, or neither."""
    pairs = isinstance(old, list) and isinstance(new, list) and len(old) == len(new) == 2
    if not pairs or not _numbers(*old, *new):
        return ""  # HEAD may be invalid; validation reports it
    if new[0] >= old[0] and new[1] <= old[1]:
        return "narrowed"
    if new[0] <= old[0] and new[1] >= old[1]:
        return "broadened"
    return ""


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _percent(old: float, new: float) -> str:
    if old == 0:
        return "new"
    return f"{(new - old) / old * 100:+.1f}%"


def _noun(kind: str) -> str:
    return {"icp": "ICP", "persona": "persona", "market": "market"}[kind]
