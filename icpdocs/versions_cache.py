"""Where a project's content lives in git, and the cache key that says whether a version needs a rebuild."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from icpdocs import __version__, gitrepo, schemas
from icpdocs.errors import IcpDocsError
from icpdocs.versions import Version

KEY_FILE = ".icpdocs-version.json"
KEY_FORMAT = 1
PACKAGE = Path(__file__).parent
_SOURCE_SUFFIXES = (".py", ".j2", ".html", ".css", ".js", ".json", ".yaml")


@dataclass(frozen=True)
class Project:
    """A site's configuration and where its docs and content folders are inside the git repository."""

    config_file: Path
    repo: Path
    docs_folder: str
    content_folder: str
    site_url: str
    templates: Path | None  # the plugin's template overrides
    theme_folders: tuple[Path, ...]  # every folder of today's look: template overrides, theme.custom_dir
    release_tags: str

    @classmethod
    def load(cls, config_file: Path) -> Project:
        """Read `config_file` as MkDocs does; the folders it names must be inside one git repository."""
        if not config_file.is_file():
            raise IcpDocsError(f"{config_file} does not exist: run icpdocs in the folder that holds mkdocs.yml, "
                               "or pass --config-file")
        try:
            config = load_config(config_file=str(config_file))
        except MkDocsException as exc:
            raise IcpDocsError(f"{config_file}: {exc}") from None
        repo = gitrepo.repo_root(config_file.resolve().parent)
        if repo is None:
            raise IcpDocsError(f"{config_file} is not in a git repository: releases are git tags")
        options = config.plugins["icpdocs"].config if "icpdocs" in config.plugins else {}
        docs = Path(config.docs_dir)
        content = Path(options.get("content") or docs)
        templates = Path(options["templates"]) if options.get("templates") else None
        themes = tuple(Path(p) for p in (templates, config.theme.custom_dir) if p)
        return cls(config_file.resolve(), repo, _inside(repo, docs), _inside(repo, content), config.site_url or "",
                   templates, themes, str(options.get("release_tags") or ""))

    def folders_to_copy(self) -> list[str]:
        """Return the docs and content folders, leaving out one that lies inside the other."""
        folders = sorted({self.docs_folder, self.content_folder}, key=len)
        if len(folders) == 2 and _contains(folders[0], folders[1]):
            return folders[:1]
        return folders


def _inside(repo: Path, folder: Path) -> str:
    relative = Path(os.path.relpath(folder.resolve(), repo.resolve())).as_posix()
    if relative == ".." or relative.startswith("../"):
        raise IcpDocsError(f"{folder} is outside the git repository {repo}")
    return "" if relative == "." else relative


def _contains(outer: str, inner: str) -> bool:
    return outer == "" or inner == outer or inner.startswith(outer + "/")


def cache_key(project: Project, version: Version) -> dict[str, Any]:
    """Return what a version's build depends on; the same key means the same output."""
    previous = version.previous
    parts = {
        "format": KEY_FORMAT,
        "version": version.name,
        "title": version.title,
        "content": version.commit or working_tree_digest(project),
        "day": version.day.isoformat(),
        "previous": [previous.name, previous.commit] if previous else None,
        "icpdocs": __version__,
        "code": package_digest(),
        "config": _file_digest(project.config_file),
        "theme": [folder_digest(folder) for folder in project.theme_folders],
        "site_url": project.site_url,
        "mkdocs": _installed("mkdocs"),
        "material": _installed("mkdocs-material"),
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return {"key": digest, "parts": parts}


def stored_key(folder: Path) -> str:
    """Return the key a built version folder was made with, or '' when there is none."""
    try:
        data = json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("key", "")) if isinstance(data, dict) else ""


def working_tree_digest(project: Project) -> str:
    """Return a digest of the docs and content folders as they are on disk (for `dev`)."""
    digests = "".join(folder_digest(project.repo / f) for f in project.folders_to_copy())
    return hashlib.sha256(digests.encode()).hexdigest()


def folder_digest(folder: Path, suffixes: tuple[str, ...] | None = None) -> str:
    """Return a digest of every file's relative path and bytes under `folder` (dot entries left out)."""
    digest = hashlib.sha256()
    for relative, path in _files(folder, suffixes):
        data = path.read_bytes()
        digest.update(f"{relative}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _files(folder: Path, suffixes: tuple[str, ...] | None) -> list[tuple[str, Path]]:
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        relative = path.relative_to(folder).as_posix()
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.split("/"))
        if path.is_file() and not hidden and (suffixes is None or path.suffix in suffixes):
            found.append((relative, path))
    return found


@functools.cache
def package_digest() -> str:
    """Return a digest of icpdocs' own code, templates, theme overrides and schemas."""
    return folder_digest(PACKAGE, _SOURCE_SUFFIXES) + folder_digest(schemas.schema_dir())


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _installed(package: str) -> str:
    try:
        return installed_version(package)
    except PackageNotFoundError:
        return "unknown"
