"""Links and anchors with LinkChecker, crawling a site served on 127.0.0.1."""

from __future__ import annotations

import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
RUNNER = HERE / "run_linkchecker.py"
# [AnchorCheck] turns on `page/#fragment` checks. The server's LinkChecker header lets the request rate
# go up to maxrequestspersecond; the gzip sitemap only yields a decoding warning.
CONFIG = """\
[checking]
threads=4
maxrequestspersecond=1000
[filtering]
ignore=sitemap\\.xml\\.gz$
[AnchorCheck]
"""


@dataclass(frozen=True)
class LinkProblem:
    """A link LinkChecker reports: an error (missing page or asset) or a warning (such as a missing anchor)."""

    url: str
    parent: str
    result: str
    warning: str
    valid: bool

    def __str__(self) -> str:
        return f"{self.parent} links to {self.url}: {self.result} {self.warning}".strip()


@dataclass(frozen=True)
class LinkReport:
    returncode: int
    problems: list[LinkProblem]
    output: str


def check_links(start_urls: list[str], workdir: Path) -> LinkReport:
    """Crawl every link within the first URL's host from `start_urls`, anchors included; return the report."""
    config = workdir / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(RUNNER), "--config", str(config), "--no-status", "--output", "csv/utf-8", *start_urls],
        capture_output=True, text=True, timeout=300,
    )
    return LinkReport(result.returncode, _problems(result.stdout), result.stdout + result.stderr)


def _problems(output: str) -> list[LinkProblem]:
    # Without --verbose, the CSV lists only the links with a warning or an error. Comments start with "# ";
    # a link to an anchor on the same page starts with "#" too.
    rows = csv.DictReader((line for line in output.splitlines() if line and not line.startswith("# ")), delimiter=";")
    return [LinkProblem(row["urlname"], row["parentname"], row["result"], row["warningstring"], row["valid"] == "True")
            for row in rows]
