"""Glue between the `icpdocs versions` commands and the versions core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icpdocs import gitrepo
from icpdocs.errors import IcpDocsError
from icpdocs.versions import DEFAULT_PATTERN, DEV, DEV_TITLE, LATEST, Version, find_releases, plan
from icpdocs.versions_cache import Project
from icpdocs.versions_notes import notes_text, release_notes
from icpdocs.versions_run import Outcome


def release_list(config_file: Path, pattern: str | None, dev: bool, today: dt.date) -> str:
    """Return one line per version, newest first: name, date, commit, title and aliases."""
    project = Project.load(config_file)
    versions = plan(find_releases(project.repo, pattern or project.release_tags or DEFAULT_PATTERN), dev=dev,
                    today=today)
    newest = next((v.name for v in versions if not v.is_dev), None)
    lines = []
    for version in versions:
        commit = version.commit[: gitrepo.SHORT_COMMIT] if version.commit else "working tree"
        alias = f"  [{LATEST}]" if version.name == newest else ""
        lines.append(f"{version.name}  {version.day.isoformat()}  {commit}  {version.title}{alias}")
    return "\n".join(lines) + "\n" if lines else "no releases: tag one, e.g. git tag -a icp-2026-q3 -m 'Q3 2026'\n"


def release_diff(config_file: Path, old: str, new: str | None, pattern: str | None, today: dt.date) -> str:
    """Return the release notes from `old` to `new` (a release, any git revision, or the working tree)."""
    project = Project.load(config_file)
    releases = plan(find_releases(project.repo, pattern or project.release_tags or DEFAULT_PATTERN), dev=False,
                    today=today)
    base = _version(project, releases, old, today)
    head = _version(project, releases, new, today) if new else Version(DEV, DEV_TITLE, None, today)
    return notes_text(release_notes(project.repo, project.content_folder, head, base))


def _version(project: Project, releases: list[Version], name: str, today: dt.date) -> Version:
    release = next((v for v in releases if v.name == name), None)
    if release is not None:
        return release
    if name == DEV:
        return Version(DEV, DEV_TITLE, None, today)
    try:
        commit = gitrepo.resolve_revision(project.repo, name)
    except IcpDocsError:
        known = ", ".join(v.name for v in releases) or "none"
        raise IcpDocsError(f"'{name}' is neither a release ({known}) nor a commit in {project.repo}") from None
    return Version(name, name, commit, today)


def summary(outcome: Outcome, out: Path) -> str:
    counts = ", ".join(f"{outcome.count(status)} {status}" for status in ("built", "unchanged", "skipped"))
    releases = any(not r.version.is_dev for r in outcome.results)
    latest = f"latest is {outcome.latest}" if outcome.latest else (
        "no release could be built" if releases else "no release yet, so no latest")
    total = len(outcome.results)
    return f"{total} version{'s' if total != 1 else ''} in {out}: {counts}; {latest} ({outcome.seconds:.1f} s)"
