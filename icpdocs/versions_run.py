"""`icpdocs versions build`: every release into its folder, only the ones that changed, then the shared files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from icpdocs.errors import BuildError, IcpDocsError
from icpdocs.site import swap
from icpdocs.versions import DEFAULT_PATTERN, LATEST, Progress, Version, find_releases, plan
from icpdocs.versions_build import build_version
from icpdocs.versions_cache import KEY_FILE, Project, cache_key, stored_key
from icpdocs.versions_notes import notes_markdown, release_notes

BUILT, UNCHANGED, SKIPPED = "built", "unchanged", "skipped"
REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Redirecting to the latest release</title>
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.search + location.hash)</script>
</head>
<body><p>The latest release of this document is at <a href="{target}">{target}</a>.</p></body>
</html>
"""


@dataclass
class VersionResult:
    """How one version fared: built now, unchanged since the last run, or skipped (and why)."""

    version: Version
    status: str
    seconds: float = 0.0
    warnings: int = 0
    message: str = ""
    kept: bool = False  # a failed build left an earlier build of this version in place

    @property
    def available(self) -> bool:
        return self.status != SKIPPED or self.kept


@dataclass
class Outcome:
    results: list[VersionResult]
    latest: str | None
    seconds: float
    notices: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Return whether the run failed: no version could be built, or the newest release could not."""
        releases = [r for r in self.results if not r.version.is_dev]
        newest_failed = bool(releases) and releases[0].status == SKIPPED
        return newest_failed or not any(r.available for r in self.results)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def build_versions(config_file: Path, out: Path, *, dev: bool = False, pattern: str | None = None,
                   today: dt.date | None = None, progress: Progress = print) -> Outcome:
    """Build every release (and `dev`) into `out`, skipping versions whose cache key is unchanged."""
    start = time.monotonic()
    out = out.resolve()  # MkDocs reads a relative site_dir from the folder of mkdocs.yml, not ours
    project = Project.load(config_file)
    notices: list[str] = []
    versions = plan(find_releases(project.repo, _pattern(pattern, project), notices), dev=dev,
                    today=today or dt.date.today())
    if not versions:
        raise IcpDocsError(f"no git tag matches '{_pattern(pattern, project)}' in {project.repo}: tag a release "
                           "first (git tag -a icp-2026-q3 -m 'Q3 2026'), or pass --dev to build the working tree")
    _prepare(out)
    for notice in notices:
        progress(notice)
    results = [_build_one(project, v, out, f"({number}/{len(versions)})", progress)
               for number, v in enumerate(versions, 1)]
    latest = next((r.version.name for r in results if r.available and not r.version.is_dev), None)
    if latest:
        progress(_update_latest(out, latest))
    _write_shared(out, [r.version for r in results if r.available], latest)
    _prune(out, {v.name for v in versions}, progress)
    return Outcome(results, latest, time.monotonic() - start, notices)


def _pattern(pattern: str | None, project: Project) -> str:
    return pattern or project.release_tags or DEFAULT_PATTERN


def _prepare(out: Path) -> None:
    if (out / "sitemap.xml").exists():
        raise IcpDocsError(f"{out} holds a site built without versions (it has a sitemap.xml at its top): "
                           "remove it, or pass another --out")
    out.mkdir(parents=True, exist_ok=True)


def _build_one(project: Project, version: Version, out: Path, position: str, progress: Progress) -> VersionResult:
    key = cache_key(project, version)
    if stored_key(out / version.name) == key["key"]:
        progress(f"{version.name} unchanged, skipped")
        return VersionResult(version, UNCHANGED)
    progress(f"building {version.name} {position}…")
    start = time.monotonic()
    try:
        notes = notes_markdown(release_notes(project.repo, project.content_folder, version), project.templates)
        report = build_version(project, version, out, notes, key)
    except (BuildError, IcpDocsError) as exc:
        return _skipped(version, str(exc), out, progress)
    result = VersionResult(version, BUILT, time.monotonic() - start, len(report.warnings))
    problems = f" with {_plural(result.warnings, 'warning')} (shown above)" if result.warnings else ""
    progress(f"built {version.name} in {result.seconds:.1f} s{problems}")
    return result


def _skipped(version: Version, reason: str, out: Path, progress: Progress) -> VersionResult:
    kept = stored_key(out / version.name) != ""
    what = "the working tree" if version.is_dev else f"tag '{version.name}'"
    message = f"{version.name} skipped: {what} could not be built: {reason}"
    progress(message + ("; its earlier build was kept" if kept else ""))
    return VersionResult(version, SKIPPED, message=message, kept=kept)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _update_latest(out: Path, newest: str) -> str:
    """Make out/latest a copy of the newest release (a real folder: works on every static host)."""
    source, target = out / newest, out / LATEST
    if stored_key(target) and stored_key(target) == stored_key(source):
        return f"{LATEST} is {newest}, unchanged"
    staging = Path(tempfile.mkdtemp(prefix=f".{LATEST}-building-", dir=out))
    try:
        shutil.copytree(source, staging, dirs_exist_ok=True)
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, target)
    return f"{LATEST} is now a copy of {newest}"


def versions_json(versions: list[Version], latest: str | None) -> list[dict[str, object]]:
    """Return mike's versions.json: newest first, `latest` an alias of the newest release."""
    return [{"version": v.name, "title": v.title, "aliases": [LATEST] if v.name == latest else []} for v in versions]


def _write_shared(out: Path, versions: list[Version], latest: str | None) -> None:
    entries = json.dumps(versions_json(versions, latest), indent=2, ensure_ascii=False) + "\n"
    _write_atomically(out / "versions.json", entries)
    target = f"{LATEST}/" if latest else (f"{versions[0].name}/" if versions else "")
    if target:
        _write_atomically(out / "index.html", REDIRECT.format(target=target))


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _prune(out: Path, wanted: set[str], progress: Progress) -> None:
    """Remove version folders this command built earlier whose tag is gone (or `dev` without --dev)."""
    for folder in sorted(out.iterdir()):
        if folder.is_dir() and folder.name not in wanted | {LATEST} and (folder / KEY_FILE).is_file():
            shutil.rmtree(folder)
            progress(f"removed {folder.name}: it is no longer a release")
