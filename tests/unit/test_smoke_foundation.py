from __future__ import annotations

from tests.conftest import EXAMPLE_CONTENT, GitRepo


def test_example_content_is_clean(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", EXAMPLE_CONTENT)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_git_repo_fixture_commits(git_repo: GitRepo) -> None:
    git_repo.copy_content()
    sha = git_repo.commit("Add content")
    assert len(sha) == 40
