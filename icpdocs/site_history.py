"""The change history as the site shows it: each profile's History section, the "What changed" page, the feed.

The history is read once per build (one pass over git, see `history`); everything
here only arranges it for the templates, which escape every text that comes from git.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from icpdocs import gitrepo
from icpdocs.errors import BuildError, GitError
from icpdocs.feed import FEED_PATH, atom_feed
from icpdocs.fieldnames import kind_name
from icpdocs.history import (
    History,
    HistoryEntry,
    extract_history,
    first_uncommitted,
    group_by_month,
    newest_committed,
)
from icpdocs.history_cache import CACHE_DIR_NAME, HistoryCache
from icpdocs.render import PAGE_NAMES, icp_page, persona_page
from icpdocs.safety import safe_url
from icpdocs.sitemodel import SiteModel

CHANGES_PAGE = "changes.md"
PAGE_LIMIT = 50
CHANGES_LIMIT = 100
LABELS_PER_CHANGE = 5  # on the What changed page; a profile's own page lists every label
_NOT_ANCHOR = re.compile(r"[^a-z0-9]+")
# Characters a commit URL keeps as they are; anything else (spaces, parentheses) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


@dataclass(frozen=True)
class HistoryAt:
    """Where to read history when the content being built is a copy: a release's tag in its repository."""

    repo: Path
    folder: str
    revision: str


class HistoryReader:
    """Read the history once per build; what was parsed stays in memory for the next `mkdocs serve` rebuild."""

    def __init__(self) -> None:
        self._caches: dict[Path, HistoryCache] = {}

    def read(self, content_dir: Path, cache_dir: Path | None = None, at: HistoryAt | None = None) -> History:
        """Return the history of the profiles in `content_dir` (or as `at` says), or why there is none."""
        if at is not None:
            cache_folder = (cache_dir or at.repo / CACHE_DIR_NAME).resolve()
            cache = self._caches.setdefault(cache_folder, HistoryCache(cache_folder))
            return extract_history(at.repo, at.folder, cache=cache, revision=at.revision,
                                   include_worktree=at.revision == "HEAD")
        try:
            top = gitrepo.run_git(content_dir, ["rev-parse", "--show-toplevel"]).decode().strip()
        except GitError as error:
            return History(False, reason=_no_repository(content_dir, error))
        root = Path(top).resolve()
        folder = content_dir.resolve().relative_to(root).as_posix()
        cache_folder = (cache_dir or root / CACHE_DIR_NAME).resolve()
        cache = self._caches.setdefault(cache_folder, HistoryCache(cache_folder))
        return extract_history(root, folder, cache=cache)


def _no_repository(content_dir: Path, error: GitError) -> str:
    if "not a git repository" in error.stderr.lower():
        return f"{content_dir} is not in a git repository"
    return error.stderr.strip() or str(error)


def commit_url_template(commit_url: str | None, repo_url: str | None) -> str:
    """Return the link of a commit with `{sha}` in it: the option as given, else `<repo_url>/commit/{sha}`."""
    if commit_url:
        if "{sha}" not in commit_url or not safe_url(commit_url):
            raise BuildError(f"icpdocs option 'commit_url': '{commit_url}' must be an http(s) URL holding {{sha}}, "
                             "such as https://git.example.com/team/icp/commit/{sha}")
        return commit_url
    return f"{repo_url.rstrip('/')}/commit/{{sha}}" if repo_url and safe_url(repo_url) else ""


def commit_link(template: str, entry: HistoryEntry) -> str:
    """Return the link to the entry's commit, or '' (no link configured, or not committed)."""
    if not template or not entry.commit:
        return ""
    return quote(template.replace("{sha}", entry.commit), safe=_URL_SAFE)


@dataclass(frozen=True)
class PageHistory:
    """What one profile's page shows of its history: the newest entries, and how many older ones exist."""

    available: bool
    reason: str
    truncated: bool
    entries: tuple[HistoryEntry, ...]
    older: int
    source: str
    commit_url: str

    @property
    def last_changed(self) -> HistoryEntry | None:
        return newest_committed(self.entries)

    @property
    def uncommitted(self) -> HistoryEntry | None:
        return first_uncommitted(self.entries)

    def commit_link(self, entry: HistoryEntry) -> str:
        return commit_link(self.commit_url, entry)


@dataclass(frozen=True)
class ChangeItem:
    """One change on the What changed page; `target` is the page (and anchor) to read it on, or ''."""

    entry: HistoryEntry
    kind: str
    subject: str
    target: str
    anchor: str
    commit: str
    labels: tuple[str, ...]
    more: int


@dataclass(frozen=True)
class ChangeMonth:
    title: str
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class ChangesPage:
    """The What changed page: the latest changes across all profiles, newest first, by month."""

    available: bool
    reason: str
    truncated: bool
    months: tuple[ChangeMonth, ...]
    shown: int
    total: int
    feed: str


@dataclass(frozen=True)
class SiteHistory:
    """The history of one build, arranged for the profile pages, the What changed page and the feed."""

    history: History
    commit_url: str = ""
    page_limit: int = PAGE_LIMIT
    changes_limit: int = CHANGES_LIMIT

    @property
    def feed_path(self) -> str:
        """Return the feed's path in the site, or '' when there is no history to follow."""
        return FEED_PATH if self.history.available else ""

    def pages(self, site: SiteModel) -> dict[tuple[str, str], PageHistory]:
        """Return (kind, id) -> PageHistory for every ICP and persona page."""
        keys = [("icp", icp.id) for icp in site.icps] + [("persona", p.id) for p in site.personas]
        return {key: self.page(*key) for key in keys}

    def page(self, kind: str, entity_id: str) -> PageHistory:
        history = self.history
        entity = history.for_entity(kind, entity_id)
        folder = history.content_folder
        source = entity.path if folder in ("", ".") or not entity.path else f"{folder}/{entity.path}"
        return PageHistory(history.available, history.reason, history.truncated, entity.entries[:self.page_limit],
                           max(0, len(entity.entries) - self.page_limit), source, self.commit_url)

    def changes(self, site: SiteModel) -> ChangesPage:
        """Return the What changed page's content."""
        history = self.history
        recent = history.recent(None) if history.available else []
        shown = recent[:self.changes_limit]
        months = tuple(ChangeMonth(group.title, tuple(self.item(site, e) for e in group.entries))
                       for group in group_by_month(shown))
        return ChangesPage(history.available, history.reason, history.truncated, months, len(shown), len(recent),
                           self.feed_path)

    def item(self, site: SiteModel, entry: HistoryEntry) -> ChangeItem:
        labels = tuple(change.label for change in entry.changes)
        subject, target = self._subject(site, entry)
        return ChangeItem(entry, kind_name(entry.entity_kind), subject, target, changes_anchor(entry),
                          commit_link(self.commit_url, entry), labels[:LABELS_PER_CHANGE],
                          max(0, len(labels) - LABELS_PER_CHANGE))

    def _subject(self, site: SiteModel, entry: HistoryEntry) -> tuple[str, str]:
        """Return the profile's name and the page (with the entry's anchor) to link to, or the id and ''."""
        kind, entity_id = entry.entity_kind, entry.entity_id
        if kind == "market":
            return site.market.company_name, PAGE_NAMES["tam"]
        profile = site.icp(entity_id) if kind == "icp" else site.catalog.personas.get(entity_id)
        if profile is None or kind not in ("icp", "persona"):
            return entity_id, ""  # removed: there is no page to link to
        page = icp_page(entity_id) if kind == "icp" else persona_page(entity_id)
        listed = self.page(kind, entity_id).entries
        return profile.name, f"{page}#{entry.anchor if entry in listed else 'history'}"

    def feed(self, site: SiteModel, *, urls: Mapping[str, str], site_url: str, title: str,
             now: dt.datetime) -> str:
        """Return the Atom feed of the What changed page's entries, linking to where each is shown."""
        items = {(i.entry.entity_kind, i.entry.entity_id, i.entry.commit): i
                 for month in self.changes(site).months for i in month.items}

        def link(entry: HistoryEntry) -> str:
            item = items[(entry.entity_kind, entry.entity_id, entry.commit)]
            page, _, anchor = (item.target or f"{CHANGES_PAGE}#{item.anchor}").partition("#")
            return urls.get(page, "") + (f"#{anchor}" if anchor else "")

        entries = [item.entry for item in items.values()]
        updated = max((dt.datetime.fromisoformat(e.date) for e in entries if e.committed), default=now)
        return atom_feed(entries, site_url=site_url, title=title, updated=updated, link_for=link)


def changes_anchor(entry: HistoryEntry) -> str:
    """Return the entry's id on the What changed page: unique per profile and commit, safe in any page."""
    entity = _NOT_ANCHOR.sub("-", f"{entry.entity_kind}-{entry.entity_id}".lower()).strip("-")
    return f"change-{entity}-{entry.short or 'uncommitted'}"
