"""Build real sites in tmp folders for the site tests: the repo's mkdocs.yml, our content, a fixed date."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from icpdocs.gitrepo import is_shallow, repo_root

HERE = Path(__file__).parent
REPO_ROOT = HERE.parent.parent
EXAMPLE_CONTENT = REPO_ROOT / "content"
TODAY = "2026-11-22"  # the example content is fresh on this day, so strict builds do not age
# The four, and a title breakout: mkdocs-material unescapes page titles into <title>.
ATTACK = ("<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }} "
          "</title><script>alert(2)</script>")
# Fields whose values are ids, enums, dates or references: the schema would reject an attack there.
NOT_TEXT = {"status", "severity", "buying_role", "seniority", "op", "last_reviewed", "as_of", "id", "segment",
            "icps", "website", "attribute"}


def write_config(folder: Path, docs_dir: Path = EXAMPLE_CONTENT, **plugin_options: Any) -> Path:
    """Write a copy of the repo's mkdocs.yml into `folder` that reads `docs_dir`; return its path."""
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(folder / "site")
    options = {"today": TODAY, **plugin_options}
    root = repo_root(docs_dir)
    if root is None or is_shallow(root):
        # Content without its whole git history (a tmp copy, a shallow CI clone) makes the plugin warn once,
        # which would stop these --strict builds; the history tests build their own repositories.
        options.setdefault("history", False)
    config["plugins"] = [{"icpdocs": options} if p == "icpdocs" else p for p in config["plugins"]]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def injection_content(target: Path) -> Path:
    """Copy the example content with the attack strings in every text field; return the folder."""
    shutil.copytree(EXAMPLE_CONTENT, target)
    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(_attacked(data, ""), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def _attacked(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _attacked(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_attacked(v, key) for v in value]
    if isinstance(value, str) and key not in NOT_TEXT and "#" not in value:
        return f"{value} {ATTACK}"
    return value if not hasattr(value, "isoformat") else value.isoformat()
