"""The `icpdocs` MkDocs plugin: validate the content, then serve the rendered pages to MkDocs."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from icpdocs import fieldref, schemas
from icpdocs.diagnostics import Severity, format_text
from icpdocs.errors import BuildError
from icpdocs.export import export
from icpdocs.loader import YAML_SUFFIXES
from icpdocs.plugin_config import IcpDocsConfig
from icpdocs.render import SITE_PAGES, TEMPLATES, nav_pages, navigation, render_site, site_model
from icpdocs.safety import SafeLinksExtension, page_title
from icpdocs.site_history import CHANGES_PAGE, HistoryAt, HistoryReader, SiteHistory, commit_url_template
from icpdocs.sitemodel import SiteModel
from icpdocs.validate import Validation, validate_folder
from icpdocs.versions_lenient import usable_catalog, with_notice

log = logging.getLogger("mkdocs.plugins.icpdocs")
CSS_URI = "assets/icpdocs/icpdocs.css"
CSS_SOURCE = TEMPLATES / "assets" / "icpdocs.css"
THEME_OVERRIDES = Path(__file__).parent / "overrides"


class IcpDocsPlugin(BasePlugin[IcpDocsConfig]):  # type: ignore[no-untyped-call]
    """Validate content/, render it through Jinja, and hand the pages and JSON export to MkDocs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.history_reader = HistoryReader()  # parsed history, kept in memory across serve rebuilds
        self.history_at: HistoryAt | None = None  # set by `icpdocs versions build` for a release's copy
        self.feed_path = ""  # the Atom feed's path in the site, read by overrides/main.html

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Do nothing: having this hook makes MkDocs keep this plugin (and its history cache) across rebuilds."""

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.history_at = None  # set for one build only; this instance outlives it (see on_startup)

    def on_build_error(self, *, error: Exception) -> None:
        self.history_at = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.today = _parse_today(self.config.today)  # type: ignore[arg-type]  # c.Optional(c.Type) reads as object
        try:
            self.commit_url = commit_url_template(self.config.commit_url, config.repo_url)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        config.markdown_extensions.append(SafeLinksExtension())  # an instance: Python-Markdown takes both
        _add_theme_overrides(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        forget_edited_schemas()
        validation = validate_folder(self.content_dir(config), self.today, label=self._label(config))
        report(validation, lenient=self.config.lenient)
        if self.config.lenient:  # an old release under today's rules: build from what is still valid
            validation.catalog = usable_catalog(validation.catalog)
        history = self._history(config)
        try:
            site = site_model(validation.catalog, today=self.today, changes_page=CHANGES_PAGE if history else None)
            pages = render_site(site, templates=self._templates(), history=history.pages(site) if history else None,
                                changes=history.changes(site) if history else None)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        if self.config.lenient:
            pages = with_notice(pages, validation.errors)
        files = self._add(files, config, site, pages)
        self.feed_path = self._add_feed(files, config, site, history) if history else ""
        return files

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        # The home page's <title> is the site name; every other page's comes from its (escaped) title.
        if page.title is not None and "title" not in page.meta and not page.is_homepage:
            page.meta["title"] = page_title(page.title)
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        watched = {Path(config.docs_dir).resolve()}  # MkDocs watches docs_dir itself
        for folder in (self.content_dir(config), schemas.schema_dir(), self._templates()):
            if folder is not None and folder.is_dir() and folder.resolve() not in watched:
                server.watch(str(folder))
                watched.add(folder.resolve())
        return server

    def _history(self, config: MkDocsConfig) -> SiteHistory | None:
        """Read the content's git history once for this build; log why it is missing or partial."""
        if not self.config.history:
            return None
        cache_dir = Path(self.config.cache_dir) if self.config.cache_dir else None
        history = self.history_reader.read(self.content_dir(config), cache_dir, self.history_at)
        if history.warning:
            log.warning(history.warning)
        return SiteHistory(history, self.commit_url, self.config.history_limit, self.config.changes_limit)

    def _add_feed(self, files: Files, config: MkDocsConfig, site: SiteModel, history: SiteHistory) -> str:
        """Add the Atom feed of the What changed page; return its path, or '' without history."""
        if not history.feed_path:
            return ""
        urls = {file.src_uri: file.url for file in files.documentation_pages()}
        feed = history.feed(site, urls=urls, site_url=config.site_url or "", title=f"{config.site_name}: what changed",
                            now=dt.datetime.now(dt.UTC))
        files.append(File.generated(config, history.feed_path, content=feed))
        return history.feed_path

    def content_dir(self, config: MkDocsConfig) -> Path:
        return Path(self.config.content or config.docs_dir)

    def _templates(self) -> Path | None:
        return Path(self.config.templates) if self.config.templates else None

    def _label(self, config: MkDocsConfig) -> str:
        """Return the content folder as people see it: relative to mkdocs.yml when it can be."""
        if self.config.content_label:
            return self.config.content_label
        base = Path(config.config_file_path or ".").parent
        return os.path.relpath(self.content_dir(config), base).replace(os.sep, "/")

    def _add(self, files: Files, config: MkDocsConfig, site: SiteModel, pages: dict[str, str]) -> Files:
        if not self.config.publish_yaml:
            _remove_yaml(files, self.content_dir(config))
        written_by_hand = {f.src_uri for f in files.documentation_pages()}
        nav = self._navigation(config, site, sorted(written_by_hand - set(pages)) + extra_pages(pages))
        in_nav = nav_pages(nav)
        for path, markdown in pages.items():
            if path in written_by_hand:
                log.info(f"{path} is written by hand in the docs folder: it replaces the generated page")
                continue
            inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_SOURCE)))
        if self.config.export:
            for path, text in export(site, site_url=config.site_url or "").items():
                files.append(File.generated(config, path, content=text))
        return files

    def _navigation(self, config: MkDocsConfig, site: SiteModel, others: list[str]) -> list[Any]:
        """Set a bounded `nav` unless mkdocs.yml has its own; return the nav in use."""
        if config.nav is None:
            config.nav = navigation(site, others, limit=self.config.nav_limit)
        return list(config.nav)


# The schema files as they were at the last build in this process (`mkdocs serve` builds many times).
_schema_stamp: list[tuple[str, float]] = []


def _add_theme_overrides(config: MkDocsConfig) -> None:
    """Put icpdocs' theme blocks after the project's own custom_dir, before the theme's."""
    dirs = config.theme.dirs
    if str(THEME_OVERRIDES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))


def forget_edited_schemas() -> None:
    """Drop what was built from the JSON Schemas when a schema file changed since the last build."""
    stamp = [(p.name, p.stat().st_mtime) for p in sorted(schemas.schema_dir().glob("*.json"))]
    if _schema_stamp and stamp != _schema_stamp:
        for cached in (schemas.schema, schemas.validator, fieldref.reference):
            cached.cache_clear()
        fast = sys.modules.get("icpdocs.fastcheck")  # the compiled fast check, when validate uses one
        if fast is not None and hasattr(fast, "compiled"):
            fast.compiled.cache_clear()
    _schema_stamp[:] = stamp


def extra_pages(pages: dict[str, str]) -> list[str]:
    """Return generated pages beyond the built-in set (such as a "What changed" page), for the nav."""
    return [p for p in pages if p not in SITE_PAGES and not p.startswith(("icps/", "personas/"))]


def report(validation: Validation, *, lenient: bool = False) -> None:
    """Log warnings (so `--strict` counts them); raise with every error, or with `lenient` log them as warnings."""
    for diagnostic in validation.diagnostics:
        if diagnostic.severity is Severity.WARNING or (lenient and diagnostic.severity is Severity.ERROR):
            log.warning(diagnostic.format())
        elif diagnostic.severity is Severity.INFO:
            log.info(diagnostic.format())
    if validation.errors and not lenient:
        raise PluginError(f"the content has errors, so the site was not built:\n{format_text(validation.errors)}"
                          f"{validation.summary_line()}")


def _remove_yaml(files: Files, content: Path) -> None:
    root = content.resolve()
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if file.src_uri.endswith(YAML_SUFFIXES) and source and source.resolve().is_relative_to(root):
            files.remove(file)


def _parse_today(value: str | dt.date | None) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"icpdocs option 'today': '{value}' is not a date written as YYYY-MM-DD") from None
