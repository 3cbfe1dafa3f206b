"""Fixtures of the quality gates: the checkers, and sites built once per session from throwaway repositories."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM_ARGS, visit  # noqa: F401 (visit: a page that records what it does)
from tests.quality import tools
from tests.localserver import serve
from tests.quality.sites import (build, build_versions, example_repo, hostile_example_repo, hostile_release,
                                 release_repo)


class SessionChromium:
    """Remember the session's Chromium that tests/browser/conftest.py launches, so these tests use it too.

    Playwright's sync API runs one instance per thread: while that browser lives, a second
    `sync_playwright()` fails. A plugin (not this conftest's own hooks, which only see this folder)
    sees that fixture being set up.
    """

    def __init__(self) -> None:
        self.browser: Any = None

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef: pytest.FixtureDef[Any]) -> Generator[None, Any, Any]:
        value = yield
        if fixturedef.argname == "browser" and fixturedef.scope == "session":
            self.browser = value
        return value

    def pytest_fixture_post_finalizer(self, fixturedef: pytest.FixtureDef[Any]) -> None:
        if fixturedef.argname == "browser" and fixturedef.scope == "session":
            self.browser = None


SESSION_CHROMIUM = SessionChromium()


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.is_registered(SESSION_CHROMIUM):
        config.pluginmanager.register(SESSION_CHROMIUM, "icpdocs-session-chromium")


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """The session's Chromium when tests/browser runs too; else Debian's Chromium until this folder is done."""
    if SESSION_CHROMIUM.browser is not None:
        yield SESSION_CHROMIUM.browser
        return
    tools.require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(tools.CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    return tools.require_axe()


@pytest.fixture(scope="session")
def nu_validator() -> str:
    return tools.require_nu_validator()


@pytest.fixture(scope="session")
def linkchecker() -> None:
    tools.require_linkchecker()


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content, with two commits of history, built strictly."""
    folder = tmp_path_factory.mktemp("example")
    return build(folder / "build", example_repo(folder / "repo").root / "content")


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content with the attack in every text field, in a commit message and in an author's name."""
    folder = tmp_path_factory.mktemp("hostile")
    return build(folder / "build", hostile_example_repo(folder / "repo").root / "content")


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="session")
def versions_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`icpdocs versions build` of two releases (icp-2026-q3, icp-2026-q4) of a slim catalog: the output folder."""
    folder = tmp_path_factory.mktemp("versions")
    return build_versions(release_repo(folder / "repo"), folder / "out")


@pytest.fixture(scope="session")
def versions_url(versions_site: Path) -> Iterator[str]:
    with serve(versions_site) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_versions_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two releases above and a third, icp-2026-q5, with the attack in every text field and its message."""
    folder = tmp_path_factory.mktemp("hostile-versions")
    repo = release_repo(folder / "repo")
    hostile_release(repo, "icp-2026-q5")
    return build_versions(repo, folder / "out")


@pytest.fixture(scope="session")
def hostile_versions_url(hostile_versions_site: Path) -> Iterator[str]:
    with serve(hostile_versions_site) as url:
        yield url
