"""Browser fixtures: Debian's Chromium through Playwright, and built sites served on 127.0.0.1."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from icpdocs.site import build_site, mkdocs_log
from tests.browser.sitebuild import REPO_ROOT, injection_content, write_config
from tests.localserver import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO_ROOT / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}  # Material shows its search box from 960 px up


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free 127.0.0.1 port from a thread; yield its base URL."""
    with serve(site) as url:
        yield url


def _build(folder: Path, docs_dir: Path | None = None) -> Path:
    config = write_config(folder, docs_dir) if docs_dir else write_config(folder)
    with mkdocs_log():
        return build_site(config, strict=True).site_dir


@pytest.fixture(scope="session")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example content's site, built once per session."""
    yield from _serve(_build(tmp_path_factory.mktemp("example-site")))


@pytest.fixture(scope="session")
def injection_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose every text field holds HTML, script, a javascript: link and a Jinja expression."""
    folder = tmp_path_factory.mktemp("injection-site")
    yield from _serve(_build(folder, injection_content(folder / "content")))


@dataclass
class Visit:
    """A fresh browser page that records requests leaving 127.0.0.1, console errors and dialogs."""

    page: Any
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def assert_clean(self) -> None:
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    visit = Visit(page)

    def route(route: Any) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            visit.outside.append(route.request.url)
            route.abort()

    def dialog(opened: Any) -> None:
        visit.dialogs.append(f"{opened.type}: {opened.message}")
        opened.dismiss()

    page.route("**/*", route)
    page.on("console", lambda message: visit.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
    page.on("dialog", dialog)
    yield visit
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
