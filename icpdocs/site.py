"""Build and serve the site through MkDocs: a failed build never touches the previous site."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from icpdocs.errors import BuildError

DEFAULT_CONFIG = Path("mkdocs.yml")


@dataclass(frozen=True)
class Built:
    site_dir: Path
    pages: int
    seconds: float


def build_site(config_file: Path = DEFAULT_CONFIG, site_dir: Path | None = None, *, strict: bool = False,
               **overrides: Any) -> Built:
    """Build into a new folder beside `site_dir`, then swap it in; on any failure the old site stays."""
    start = time.monotonic()
    config = _load(config_file, strict=strict, **overrides)
    target = Path(site_dir if site_dir is not None else config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        _build_into(config, staging)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, MkDocsException):
            raise BuildError(f"{_reason(exc)}; {_unchanged(target)}") from None
        raise
    swap(staging, target)
    return Built(target, sum(1 for _ in target.rglob("index.html")), time.monotonic() - start)


def _build_into(config: MkDocsConfig, staging: Path) -> None:
    config.site_dir = str(staging)
    mkdocs_build.build(config)
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read the site


def _reason(exc: MkDocsException) -> str:
    # MkDocs logs a BuildError (our content diagnostics, a template error) and raises this summary.
    text = str(exc)
    return "the site was not built: see the errors above" if text == "Aborted with a BuildError!" else text


def _unchanged(target: Path) -> str:
    return f"{target} was left as it was" if target.exists() else "no site was written"


def _load(config_file: Path, **options: Any) -> MkDocsConfig:
    if not config_file.is_file():
        raise BuildError(f"{config_file} does not exist: run icpdocs in the folder that holds mkdocs.yml, "
                         "or pass --config-file")
    try:
        return load_config(config_file=str(config_file), **options)
    except MkDocsException as exc:
        raise BuildError(f"{config_file}: {exc}") from None


def swap(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is with two renames; the old site is deleted only afterwards."""
    if not target.exists():
        staging.rename(target)
        return
    old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
    target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        old.rename(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def serve_site(config_file: Path = DEFAULT_CONFIG, *, dev_addr: str = "127.0.0.1:8000", strict: bool = False,
               open_in_browser: bool = False) -> None:
    """Serve the site with live reload: edits to content, schemas and templates show on reload."""
    _load(config_file, dev_addr=dev_addr)  # fail early, and clearly, on a missing or broken config
    try:
        mkdocs_serve.serve(config_file=str(config_file), dev_addr=dev_addr, strict=strict,
                           open_in_browser=open_in_browser)
    except MkDocsException as exc:
        raise BuildError(str(exc)) from None


class _Printer(logging.Handler):
    """Print MkDocs's log lines: our diagnostics as they are, MkDocs's own with their level."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not record.name.startswith("mkdocs.plugins.icpdocs"):
            message = f"{record.levelname} - {message}"
        print(message, file=self.stream, flush=True)


@contextlib.contextmanager
def mkdocs_log(level: int = logging.WARNING, stream: TextIO | None = None) -> Iterator[None]:
    """Show MkDocs's log (warnings and errors by default) while building or serving."""
    logger = logging.getLogger("mkdocs")
    handler = _Printer(stream or sys.stderr)
    handler.setLevel(level)
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, logging.WARNING))
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
