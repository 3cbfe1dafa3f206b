"""Glue between the `icpdocs diff` command and the review core."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from icpdocs import gitrepo
from icpdocs.errors import IcpDocsError
from icpdocs.project_config import plugin_options, settings
from icpdocs.review import review, source_for
from icpdocs.review_format import format_json_review, format_markdown_review, format_text_review


def content_location(content: Path) -> tuple[Path, str]:
    """Return the repository root holding `content` and the folder's path inside it."""
    probe = content if content.exists() else content.parent
    root = gitrepo.repo_root(probe.resolve() if probe.exists() else Path.cwd())
    if root is None:
        raise IcpDocsError(f"{content} is not inside a git repository: `icpdocs diff` compares git revisions")
    folder = Path(os.path.relpath(content.resolve(), root.resolve())).as_posix()
    return root, folder


def run_diff(base: str, head: str | None, content: Path, output_format: str, fail_on: str,
             config_file: Path, today: dt.date) -> tuple[str, bool]:
    """Return the formatted review and whether it fails under `fail_on`."""
    root, folder = content_location(content)
    options = plugin_options(config_file)
    result = review(
        source_for(root, folder, base, content),
        source_for(root, folder, head, content),
        today=today,
        severity_overrides=options.get("review_severity"),
    )
    if output_format == "json":
        text = format_json_review(result)
    elif output_format == "markdown":
        text = format_markdown_review(result, str(settings(config_file).get("site_url") or ""))
    else:
        text = format_text_review(result)
    return text, result.fails(fail_on)
