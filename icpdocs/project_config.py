"""Read the icpdocs plugin's options from mkdocs.yml for commands that run without MkDocs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from icpdocs.errors import IcpDocsError


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that reads MkDocs' `!!python/name:` and `!ENV` tags as plain text."""


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_ConfigLoader.add_multi_constructor("", _as_text)


def settings(config_file: Path) -> dict[str, Any]:
    """Return the top-level settings of an mkdocs.yml, or {} when there is none."""
    if not config_file.is_file():
        return {}
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except yaml.YAMLError as exc:
        raise IcpDocsError(f"{config_file} is not valid YAML: {exc}") from None
    return data if isinstance(data, dict) else {}


def plugin_options(config_file: Path) -> dict[str, Any]:
    """Return the `icpdocs` plugin's options in `config_file`, or {} when absent."""
    data = settings(config_file)
    plugins = data.get("plugins", [])
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins
    )
    for name, options in entries:
        if name == "icpdocs":
            return options if isinstance(options, dict) else {}
    return {}
