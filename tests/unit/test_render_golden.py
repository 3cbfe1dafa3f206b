"""Every page the templates render for a frozen catalog, compared byte for byte with tests/golden/pages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from icpdocs.render import render
from icpdocs.validate import validate_folder

HERE = Path(__file__).parent
GOLDEN = HERE.parent / "golden"
TODAY = dt.date(2027, 4, 15)  # some reviews are overdue on that day
REGENERATE = os.environ.get("ICPDOCS_REGENERATE_GOLDEN") == "1"


def rendered() -> dict[str, str]:
    validation = validate_folder(GOLDEN / "content", TODAY)
    assert not validation.errors, validation.errors
    return render(validation.catalog, today=TODAY)


PAGES = rendered()


def test_the_golden_set_is_complete() -> None:
    expected = {p.relative_to(GOLDEN / "pages").as_posix() for p in (GOLDEN / "pages").rglob("*.md")}
    assert expected == set(PAGES) or REGENERATE


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_golden(path: str) -> None:
    golden = GOLDEN / "pages" / path
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(PAGES[path], encoding="utf-8", newline="\n")
    assert golden.read_text(encoding="utf-8") == PAGES[path], (
        f"{path} differs from its golden page; if the change is intended, regenerate with "
        "ICPDOCS_REGENERATE_GOLDEN=1 and review the diff"
    )
