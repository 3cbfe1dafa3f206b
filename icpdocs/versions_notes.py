"""Release notes: what changed between two releases, from the review engine, as a page and as text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from icpdocs.errors import BuildError
from icpdocs.loader import ContentSource, FolderSource, GitSource
from icpdocs.render import environment, tidy
from icpdocs.review import EntityReview, Review, review
from icpdocs.versions import Version

TEMPLATE = "compare-releases.md.j2"
NOTES_PAGE = "compare-releases.md"
KINDS = (("icp", "ICP", "ICPs"), ("persona", "persona", "personas"), ("market", "market file", "market file"))
STATUSES = (("created", "added"), ("deleted", "removed"), ("renamed", "renamed"), ("modified", "changed"))


@dataclass(frozen=True)
class NoteLine:
    """One field change in plain words, and whether it narrows or broadens who fits."""

    text: str
    direction: str = ""


@dataclass(frozen=True)
class NoteEntry:
    """One profile that differs between the releases."""

    kind: str
    id: str
    name: str
    status: str
    old_id: str
    lines: tuple[NoteLine, ...]
    published: bool = True  # False: removed, or left out of a lenient build for its errors

    @property
    def page(self) -> str:
        """Return the profile's page in this release ('' for the market file or a profile without one)."""
        return f"{self.kind}s/{self.id}.md" if self.published and self.kind != "market" else ""

    def count(self, direction: str) -> int:
        return sum(1 for line in self.lines if line.direction == direction)


@dataclass(frozen=True)
class Section:
    heading: str
    entries: tuple[NoteEntry, ...]


@dataclass(frozen=True)
class ReleaseNotes:
    """What changed in `version` since `previous` (None for the first release)."""

    version: str
    title: str
    previous: str | None
    previous_title: str
    entries: tuple[NoteEntry, ...]

    def sections(self) -> list[Section]:
        found = []
        for kind, noun, plural in KINDS:
            for status, verb in STATUSES:
                entries = tuple(e for e in self.entries if e.kind == kind and e.status == status)
                if entries:
                    found.append(Section(f"{_capital(plural if kind != 'market' else noun)} {verb}", entries))
        return found

    def summary(self) -> str:
        """Return "1 ICP added, 2 personas changed" (or "no profile changed")."""
        parts = []
        for kind, noun, plural in KINDS:
            for status, verb in STATUSES:
                count = sum(1 for e in self.entries if e.kind == kind and e.status == status)
                if count:
                    parts.append(f"{count} {noun if count == 1 or kind == 'market' else plural} {verb}")
        return ", ".join(parts) or "no profile changed"

    def count(self, direction: str) -> int:
        return sum(entry.count(direction) for entry in self.entries)


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def content_source(project_repo: Path, content_folder: str, version: Version) -> ContentSource:
    if version.commit is None:
        return FolderSource(project_repo / content_folder, f"{version.name}:{content_folder}")
    return GitSource(project_repo, version.commit, content_folder)


def release_notes(repo: Path, content_folder: str, version: Version, previous: Version | None = None) -> ReleaseNotes:
    """Compare `version` with `previous` (default: the release before it) through the review engine."""
    base = previous if previous is not None else version.previous
    if base is None:
        return ReleaseNotes(version.name, version.title, None, "", ())
    result = review(content_source(repo, content_folder, base), content_source(repo, content_folder, version),
                    today=version.day)
    return ReleaseNotes(version.name, version.title, base.name, base.title, tuple(_entries(result)))


def _entries(result: Review) -> list[NoteEntry]:
    names = {doc.key: doc.data.get("name") for doc in result.head_validation.documents}
    catalog = result.head_validation.catalog
    published = {("icp", key) for key in catalog.icps} | {("persona", key) for key in catalog.personas}
    return [_entry(entity, names, published) for entity in result.entities]


def _entry(entity: EntityReview, names: dict[tuple[str, str], Any], published: set[tuple[str, str]]) -> NoteEntry:
    diff = entity.diff
    whole = next((c for c in diff.changes if not c.path), None)
    data = (whole.new or whole.old) if whole is not None else None
    name = names.get((diff.kind, diff.id)) or (data.get("name") if isinstance(data, dict) else None)
    lines = tuple(NoteLine(c.label, entity.directions.get(i, "")) for i, c in enumerate(diff.changes) if c.path)
    return NoteEntry(diff.kind, diff.id, str(name or diff.id), diff.status, diff.old_id, lines,
                     (diff.kind, diff.id) in published and diff.status != "deleted")


def notes_markdown(notes: ReleaseNotes, templates: Path | None = None) -> str:
    """Return the "Compare releases" page; a template of that name in `templates` replaces ours."""
    env = environment(templates.resolve() if templates else None)
    try:
        return tidy(env.get_template(TEMPLATE).render(page=NOTES_PAGE, notes=notes))
    except jinja2.TemplateError as exc:
        raise BuildError(f"template {TEMPLATE}: {exc.message or exc}") from None


def notes_text(notes: ReleaseNotes) -> str:
    """Return the release notes for a terminal: the same facts as the page."""
    if notes.previous is None:
        return f"{notes.version} ({notes.title}) is the first release: there is nothing to compare it with.\n"
    lines = [f"Changes from {_named(notes.previous, notes.previous_title)} to {_named(notes.version, notes.title)}: "
             f"{notes.summary()}{_directions(notes)}"]
    for section in notes.sections():
        lines.extend(["", section.heading])
        for entry in section.entries:
            lines.append(f"  {_entry_line(entry)}")
            lines.extend(f"    - {line.text}{f'  [{line.direction}]' if line.direction else ''}"
                         for line in entry.lines)
    return "\n".join(lines) + "\n"


def _named(name: str, title: str) -> str:
    return name if title in ("", name) else f"{name} ({title})"


def _directions(notes: ReleaseNotes) -> str:
    counts = [f"{notes.count(d)} criteri{'on' if notes.count(d) == 1 else 'a'} {d}"
              for d in ("narrowed", "broadened") if notes.count(d)]
    return f"; {', '.join(counts)}" if counts else ""


def _entry_line(entry: NoteEntry) -> str:
    shown = entry.name if entry.kind != "market" else "Market file"
    ident = f" ({entry.old_id} -> {entry.id})" if entry.status == "renamed" else f" ({entry.id})"
    return shown + ("" if entry.kind == "market" else ident)
