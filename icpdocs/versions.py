"""Releases of the ICP document: git tags built one site each, with a selector, `latest` and `dev`.

The output folder has mike's layout, so any static server (or a mike-managed branch) hosts it:
`<version>/` per release, `latest/` (a copy of the newest), optionally `dev/`, `versions.json`
and a root `index.html` that redirects to `latest/`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from icpdocs import gitrepo

DEFAULT_PATTERN = "icp-*"
LATEST, DEV = "latest", "dev"
DEV_TITLE = "dev (unreleased working copy)"
# A version is one folder name in every URL: no slashes, nothing a web server treats specially.
VERSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
RESERVED = {LATEST, DEV, "versions.json", "index.html", "assets"}
_FIELDS = ("%(refname)", "%(objecttype)", "%(objectname)", "%(*objecttype)", "%(*objectname)",
           "%(creatordate:unix)", "%(committerdate:unix)", "%(*committerdate:unix)", "%(contents:subject)")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Release:
    """A tag matching the release pattern: the commit it names, its title and date."""

    tag: str
    title: str
    commit: str
    created: dt.datetime
    committed: dt.datetime


@dataclass(frozen=True)
class Version:
    """One folder of the versioned site: a release, or the working tree as `dev`."""

    name: str
    title: str
    commit: str | None  # None: the working tree
    day: dt.date  # the date reviews are judged against: the release's own, so old pages do not age
    previous: Version | None = field(default=None, repr=False)

    @property
    def is_dev(self) -> bool:
        return self.commit is None


def find_releases(repo: Path, pattern: str = DEFAULT_PATTERN, skipped: list[str] | None = None) -> list[Release]:
    """Return the tags matching `pattern`, newest first, from one `git for-each-ref`."""
    out = gitrepo.run_git(repo, ["for-each-ref", f"--format={'%00'.join(_FIELDS)}", f"refs/tags/{pattern}"])
    releases = []
    for line in out.decode("utf-8", "replace").splitlines():
        release = _release(line.split("\0"), skipped if skipped is not None else [])
        if release is not None:
            releases.append(release)
    return sorted(releases, key=lambda r: (r.created, r.committed, r.tag), reverse=True)


def _release(fields: list[str], skipped: list[str]) -> Release | None:
    ref, kind, target, peeled_kind, peeled, created, committed, peeled_committed, subject = fields
    tag = ref.removeprefix("refs/tags/")
    annotated = kind == "tag"
    if (peeled_kind if annotated else kind) != "commit":
        skipped.append(f"tag '{tag}' skipped: it does not name a commit")
        return None
    if not VERSION_NAME.match(tag) or tag in RESERVED:
        skipped.append(f"tag '{tag}' skipped: a version name must be one folder name "
                       f"(letters, digits, '.', '_', '+', '-') and not one of {', '.join(sorted(RESERVED))}")
        return None
    title = subject.strip() if annotated and subject.strip() else tag
    return Release(tag, title, peeled if annotated else target, _time(created),
                   _time(peeled_committed if annotated else committed))


def _time(unix: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(unix or 0), dt.UTC)


def plan(releases: list[Release], *, dev: bool, today: dt.date) -> list[Version]:
    """Return the versions to build, newest first; each knows the release before it (for release notes)."""
    versions: list[Version] = []
    older: Version | None = None
    for release in reversed(releases):
        older = Version(release.tag, release.title, release.commit, release.created.date(), older)
        versions.insert(0, older)
    if dev:
        versions.insert(0, Version(DEV, DEV_TITLE, None, today, older))
    return versions

