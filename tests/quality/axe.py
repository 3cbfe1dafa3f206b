"""Accessibility with axe-core, injected into the page under test; known theme problems are listed with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

GATED_IMPACTS = ("serious", "critical")

# (rule, CSS selector of the node) -> why it is the theme's, not ours. Each is checked to still occur.
THEME_EXCEPTIONS = {
    ("aria-dialog-name", ".md-search"): (
        "mkdocs-material's search overlay is <div role=\"dialog\"> without aria-label or aria-labelledby "
        "(partials/search.html); fixing it means replacing the theme's search partial"),
}


@dataclass(frozen=True)
class Violation:
    """One node that fails one axe rule."""

    rule: str
    impact: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.summary}"

    @property
    def theme_exception(self) -> str | None:
        return THEME_EXCEPTIONS.get((self.rule, self.target))


def run_axe(page: Any, script: Path, rules: list[str] | None = None) -> list[Violation]:
    """Inject axe-core into `page`, run it (only `rules` when given) and return every failing node."""
    page.add_script_tag(path=str(script))
    options: dict[str, Any] = {"resultTypes": ["violations"]}  # details of passing rules cost time, unused
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    violations = page.evaluate("async options => (await axe.run(document, options)).violations", options)
    return [
        Violation(rule["id"], node.get("impact") or rule.get("impact") or "", " ".join(map(str, node["target"])),
                  " ".join((node.get("failureSummary") or "").split()))
        for rule in violations for node in rule["nodes"]
    ]


def gated(violations: list[Violation]) -> list[Violation]:
    """Return the serious and critical violations that are not listed theme exceptions."""
    return [v for v in violations if v.impact in GATED_IMPACTS and v.theme_exception is None]
