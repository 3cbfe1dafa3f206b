"""Field paths as people read them: `pain_points[1] (id: exam-evidence).severity`."""

from __future__ import annotations

from typing import Any

YamlPath = tuple[str | int, ...]

# The key that names an item of a list, in the order it is looked for.
_ITEM_NAMES = ("id", "title", "name", "attribute", "objection", "claim")


def item_label(item: Any) -> str:
    """Return `(id: x)` or `(title: y)` for a list item that names itself, else ''."""
    if isinstance(item, dict):
        for key in _ITEM_NAMES:
            value = item.get(key)
            # A boolean is an int to Python but names nothing: "(id: True)" would misquote the file.
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                return f" ({key}: {_short(str(value))})"
    elif isinstance(item, str) and item.strip():
        return f" ({_short(item)})"
    return ""


def _short(text: str) -> str:
    """Return text on one line and at most 40 characters: a label, not the whole value."""
    text = " ".join(text.split())
    return text[:40] + "…" if len(text) > 40 else text


def describe(data: Any, path: YamlPath) -> str:
    """Return the readable form of `path` within `data`; '$' is the top level."""
    if not path:
        return "$"
    text = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            text += f"[{part}]{item_label(item)}"
            node = item
        else:
            text += f".{part}" if text else part
            node = node.get(part) if isinstance(node, dict) else None
    return text
