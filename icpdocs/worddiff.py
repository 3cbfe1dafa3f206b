"""Text as a reader of a change sees it: short word diffs and shortened values."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

WORD_DIFF_LIMIT = 160
SHOWN_VALUE = 80
CONTEXT_WORDS = 4
CHANGED_RUN_WORDS = 12


def word_diff(old: str, new: str) -> str:
    """Return a short word diff, "… [-weeks-] {+days+} …", with a few words of context."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(_context(a[i1:i2], first=index == 0, last=index == len(opcodes) - 1))
            continue
        if i2 > i1:
            parts.append(f"[-{_run(a[i1:i2])}-]")
        if j2 > j1:
            parts.append(f"{{+{_run(b[j1:j2])}+}}")
    return shorten(" ".join(part for part in parts if part), WORD_DIFF_LIMIT)


def _context(words: list[str], *, first: bool, last: bool) -> str:
    n = CONTEXT_WORDS
    if first and last:
        return " ".join(words)
    if first:
        return " ".join((["…"] if len(words) > n else []) + words[-n:])
    if last:
        return " ".join(words[:n] + (["…"] if len(words) > n else []))
    if len(words) > 2 * n:
        return " ".join([*words[:n], "…", *words[-n:]])
    return " ".join(words)


def _run(words: list[str]) -> str:
    if len(words) <= CHANGED_RUN_WORDS:
        return " ".join(words)
    half = CHANGED_RUN_WORDS // 2
    return " ".join([*words[:half], "…", *words[-half:]])


def squash(text: str) -> str:
    """Return text with every run of whitespace made one space: layout is not content."""
    return " ".join(text.split())


def plain(value: Any) -> str:
    """Return a scalar as words: yes/no, 200 (not 200.0), 12,500."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def show(value: Any) -> str:
    """Return any value as a reader sees it, shortened."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return shorten(", ".join(show(v) for v in value), SHOWN_VALUE)
    if isinstance(value, dict):
        return shorten("; ".join(f"{k}: {show(v)}" for k, v in value.items()), SHOWN_VALUE)
    return shorten(squash(plain(value)), SHOWN_VALUE)


def shorten(text: str, limit: int) -> str:
    """Return text cut at a word boundary to at most `limit` characters, ending in "…" if cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 2]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return f"{cut} …"
