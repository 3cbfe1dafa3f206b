"""Write content documents as hand-written-looking YAML, fast.

PyYAML's emitter costs milliseconds per profile; the history generator writes
20,000 versions, so this small emitter writes the block style people use: flow
lists and ranges on one line, long text folded with `>-`.
"""

from __future__ import annotations

import json
import re
from typing import Any

WIDTH = 88
# Plain (unquoted) text: a letter first, or a digit when a space follows (so it cannot
# read as a number), or a date, which the loader keeps as text.
_PLAIN = re.compile(r"^(?:[A-Za-z]|[0-9][^ ]* )[A-Za-z0-9 _.,;:'()/%+&*#-]*$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FLOW_ITEM = re.compile(r"^[A-Za-z][A-Za-z0-9 _.'()/%+&#-]*$")
# Words YAML 1.1 reads as booleans or null when unquoted.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "none"}


def dump(data: dict[str, Any]) -> str:
    """Return `data` as a YAML document."""
    out: list[str] = []
    _mapping(data, "", out, "")
    return "\n".join(out) + "\n"


def _mapping(data: dict[str, Any], indent: str, out: list[str], first: str) -> None:
    for index, (key, value) in enumerate(data.items()):
        _entry(f"{first if index == 0 else indent}{key}:", value, indent, out)


def _entry(head: str, value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict) and len(value) <= 2 and _flowable(value.values()):
        out.append(f"{head} {{{', '.join(f'{k}: {_scalar_text(v)}' for k, v in value.items())}}}")
    elif isinstance(value, dict):
        out.append(head)
        _mapping(value, indent + "  ", out, indent + "  ")
    elif isinstance(value, list) and _flowable(value):
        out.append(f"{head} [{', '.join(_scalar_text(v) for v in value)}]")
    elif isinstance(value, list):
        out.append(head)
        _sequence(value, indent + "  ", out)
    else:
        _scalar(head, value, indent + "  ", out)


def _sequence(items: list[Any], indent: str, out: list[str]) -> None:
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + "  ", out, indent + "- ")
        else:
            _scalar(f"{indent}-", item, indent + "  ", out)


def _flowable(values: Any) -> bool:
    values = list(values)
    short = sum(len(str(v)) + 2 for v in values) <= 60
    return short and all(_is_number(v) or (isinstance(v, str) and _FLOW_ITEM.match(v) and _safe(v)) for v in values)


def _scalar(head: str, value: Any, indent: str, out: list[str]) -> None:
    text = _scalar_text(value)
    if isinstance(value, str) and len(head) + len(text) >= WIDTH and _PLAIN.match(value) and "  " not in value:
        out.append(f"{head} >-")
        out.extend(_wrap(value, indent))
    else:
        out.append(f"{head} {text}")


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        return str(value)
    text = str(value)
    return text if _PLAIN.match(text) and _safe(text) else json.dumps(text, ensure_ascii=False)


def _safe(text: str) -> bool:
    return text.lower() not in _RESERVED and not text.endswith((" ", ":")) and ": " not in text and " #" not in text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _wrap(text: str, indent: str) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines
