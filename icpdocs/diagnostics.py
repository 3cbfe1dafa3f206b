"""One type for every problem icpdocs reports, and the reporters that print them."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at a place in a content file, with what to do about it."""

    file: str
    line: int
    column: int
    path: str
    severity: Severity
    message: str
    hint: str = ""

    def format(self) -> str:
        """Return the one-line `file:line:col: severity: path: message (hint: ...)` form."""
        where = f"{self.file}:{self.line}:{self.column}"
        field = f"{self.path}: " if self.path else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        line = f"{where}: {self.severity.value}: {field}{self.message}{hint}"
        # One problem, one line, even when a key or value quoted in it spans lines.
        return line.replace("\r", "\\r").replace("\n", "\\n")

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.WARNING]


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message)


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in sorted(diagnostics, key=sort_key))


def format_json(diagnostics: Sequence[Diagnostic], summary: dict[str, object]) -> str:
    ordered = sorted(diagnostics, key=sort_key)
    payload = {"summary": summary, "diagnostics": [d.to_json() for d in ordered]}
    return json.dumps(payload, indent=2) + "\n"


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """Return GitHub Actions workflow commands that annotate the pull request's files."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):
        command = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
        props = ",".join([
            f"file={_escape_github(d.file, property_value=True)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_escape_github(d.path or 'icpdocs', property_value=True)}",
        ])
        text = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{command} {props}::{_escape_github(text)}\n")
    return "".join(lines)
