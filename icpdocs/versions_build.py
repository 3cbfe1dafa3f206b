"""Build one version of the site: its content as of the tag, today's templates and config, into its folder."""

from __future__ import annotations

import gzip
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from icpdocs import gitrepo
from icpdocs.errors import BuildError, IcpDocsError
from icpdocs.render import TEMPLATES
from icpdocs.site import swap
from icpdocs.versions import LATEST, Version
from icpdocs.versions_cache import KEY_FILE, Project
from icpdocs.versions_notes import NOTES_PAGE
from icpdocs.site_history import HistoryAt

SCRIPT_URI = "assets/icpdocs/versions.js"
SCRIPT_SOURCE = TEMPLATES / "assets" / "versions.js"
GIT_LINK_MODE = "120000"
# Material's version switch reads absolute sitemap entries and swaps in the reader's own host,
# so any origin serves when site_url is unset.
SITEMAP_ORIGIN = "http://localhost"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class BuildReport:
    """What building one version printed: content problems shown as warnings, and errors."""

    warnings: list[str]
    errors: list[str]


def build_version(project: Project, version: Version, out: Path, notes: str, key: dict[str, Any]) -> BuildReport:
    """Build `version` into out/<name>/ through a staging folder; on failure the old folder stays."""
    target = out / version.name
    staging = Path(tempfile.mkdtemp(prefix=f".{version.name}-building-", dir=out))
    recorder = _Recorder()
    try:
        with tempfile.TemporaryDirectory(prefix="icpdocs-version-") as scratch, _recording(recorder):
            docs, content = _materialize(project, version, Path(scratch))
            (docs / NOTES_PAGE).write_text(notes, encoding="utf-8")
            _add_script(docs)
            config = _config(project, version, docs, content, staging)
            mkdocs_build.build(config)
        _absolute_sitemap(staging, has_site_url=bool(project.site_url))
        (staging / KEY_FILE).write_text(_json(key), encoding="utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
    except (MkDocsException, IcpDocsError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(_reason(exc, recorder.report.errors)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, target)
    return recorder.report


def _json(key: dict[str, Any]) -> str:
    return json.dumps(key, indent=2, sort_keys=True) + "\n"


def _reason(exc: Exception, errors: list[str]) -> str:
    if isinstance(exc, MkDocsException) and errors:
        return "; ".join(errors)
    return str(exc)


def _materialize(project: Project, version: Version, scratch: Path) -> tuple[Path, Path]:
    """Write the docs and content folders of `version` under `scratch`, as laid out in the repository."""
    for folder in project.folders_to_copy():
        if version.is_dev:
            _copy_worktree(project.repo / folder, scratch / folder)
        else:
            assert version.commit is not None
            _write_tree(project.repo, version.commit, folder, scratch / folder, version.name)
    return scratch / project.docs_folder, scratch / project.content_folder


def _copy_worktree(source: Path, target: Path) -> None:
    if not source.is_dir():
        raise IcpDocsError(f"the working tree has no folder {source}")
    shutil.copytree(source, target, ignore=lambda _dir, names: [n for n in names if n.startswith(".")])


def _write_tree(repo: Path, commit: str, folder: str, target: Path, name: str) -> None:
    """Write every file of `folder` at `commit` under `target`: one ls-tree and one cat-file."""
    try:
        entries = gitrepo.list_tree(repo, commit, folder or ".")
    except IcpDocsError:
        raise IcpDocsError(f"tag '{name}' has no folder '{folder}'") from None
    files = [(blob, path) for mode, blob, path in entries if mode != GIT_LINK_MODE]
    blobs = gitrepo.read_blobs(repo, [blob for blob, _ in files])
    target.mkdir(parents=True, exist_ok=True)
    for blob, path in files:
        written = target / path
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(blobs[blob])


def _add_script(docs: Path) -> None:
    script = docs / SCRIPT_URI
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SCRIPT_SOURCE, script)


def _config(project: Project, version: Version, docs: Path, content: Path, staging: Path) -> MkDocsConfig:
    """Return today's configuration reading `version`'s content: mkdocs.yml itself is never edited."""
    config = load_config(config_file=str(project.config_file), docs_dir=str(docs), site_dir=str(staging))
    plugin = config.plugins.get("icpdocs")
    if plugin is None:
        raise IcpDocsError(f"{project.config_file} does not use the icpdocs plugin (plugins: [search, icpdocs])")
    plugin.config.update(content=str(content), lenient=True, today=version.day,
                         content_label=f"{version.name}:{project.content_folder}")
    # The copy has no git history of its own: a release reads its history from the repository up to its tag;
    # dev reads the repository's history up to HEAD and the working tree's uncommitted changes.
    plugin.history_at = HistoryAt(project.repo, project.content_folder, version.commit or "HEAD")
    config["strict"] = False  # old content's problems are warnings here, shown on its pages, never fatal
    _select_versions(config, version)
    if project.site_url:
        config.site_url = project.site_url.rstrip("/") + f"/{version.name}/"
    return config


def _select_versions(config: MkDocsConfig, version: Version) -> None:
    """Turn on Material's version selector and outdated banner, and tell the banner which version this is."""
    selector = dict(config.extra.get("version") or {})
    config.extra["version"] = {**selector, "provider": "mike", "default": LATEST}
    config.extra["icpdocs_release"] = {"name": version.name, "title": version.title, "dev": version.is_dev,
                                       "date": version.day.isoformat()}
    config.extra_javascript.append(SCRIPT_URI)


def _absolute_sitemap(site: Path, *, has_site_url: bool) -> None:
    """Write a sitemap of every page when site_url is unset: MkDocs then writes an empty one, and
    Material's version switch reads the target version's sitemap to keep the reader on the same page."""
    if has_site_url:
        return
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    entries = "".join(f"  <url><loc>{SITEMAP_ORIGIN}/{'' if p == '.' else escape(quote(p)) + '/'}</loc></url>\n"
                      for p in pages)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n{entries}</urlset>\n'
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))


class _Recorder(logging.Handler):
    """Keep what MkDocs and the plugin logged while one version was built."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.report = BuildReport([], [])

    def emit(self, record: logging.LogRecord) -> None:
        bucket = self.report.errors if record.levelno >= logging.ERROR else self.report.warnings
        bucket.append(record.getMessage())


@contextmanager
def _recording(recorder: _Recorder) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    saved = logger.level
    logger.addHandler(recorder)
    logger.setLevel(min(saved or logging.WARNING, logging.WARNING))
    try:
        yield
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(saved)
