"""`icpdocs diff` on throwaway repositories: one scripted change per kind, with golden text, JSON and Markdown."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from icpdocs.review import DEFAULT_SEVERITY
from tests.conftest import REPO_ROOT, GitRepo

HERE = Path(__file__).parent
GOLDEN = HERE.parent / "golden" / "review"
REGENERATE = os.environ.get("ICPDOCS_REGENERATE_GOLDEN") == "1"
TODAY = "2026-11-22"
FORMATS = {"text": "txt", "json": "json", "markdown": "md"}

MID = "content/icps/mid-market-hospital-groups.yaml"
SPECIALTY = "content/icps/specialty-clinic-networks.yaml"
BEHAVIOURAL = "content/icps/behavioral-health-networks.yaml"
NEW_ICP = "content/icps/dental-service-organisations.yaml"
DENTAL = """name: Dental service organisations
status: draft
version: 1
owner: revenue-operations
last_reviewed: 2026-11-20
summary: Groups of 20 or more dental practices under one management company.
firmographics:
  industries: [Dental practices]
  employees: {min: 300}
pain_points:
  - id: imaging-sprawl
    title: X-ray images live in each practice's own system
    severity: medium
"""

RunCli = Callable[..., Result]


def edit(repo: GitRepo, relative: str, old: str, new: str) -> None:
    """Replace text that occurs exactly once, so a scripted change cannot silently miss."""
    path = repo.root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def bump(repo: GitRepo, relative: str, old: int, new: int) -> None:
    edit(repo, relative, f"\nversion: {old}\n", f"\nversion: {new}\n")


def based(repo: GitRepo, prepare: Callable[[GitRepo], object] | None = None) -> GitRepo:
    """Commit the example content (after `prepare`, if given) as the base of a change."""
    repo.copy_content()
    if prepare:
        prepare(repo)
    repo.commit("Base")
    return repo


def icpdocs_diff(run_cli: RunCli, repo: GitRepo, *revisions: str, fmt: str = "text",
                 fail_on: str | None = None) -> Result:
    """Run `icpdocs diff` on `repo`, reading severities from the repo's own mkdocs.yml (if any)."""
    args = ["diff", *revisions, "--content", repo.root / "content", "--format", fmt, "--today", TODAY,
            "--config-file", repo.root / "mkdocs.yml"]
    return run_cli(*args, *(["--fail-on", fail_on] if fail_on else []))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}: run with ICPDOCS_REGENERATE_GOLDEN=1 and review it"
    assert text == path.read_bytes().decode("utf-8"), f"output differs from {path}"


def assert_review(run_cli: RunCli, repo: GitRepo, name: str, *, exit_code: int = 0,
                  revisions: tuple[str, ...] = ("HEAD~1", "HEAD")) -> dict[str, Any]:
    """Compare the three formats with their golden files; return the JSON review."""
    for fmt, suffix in FORMATS.items():
        result = icpdocs_diff(run_cli, repo, *revisions, fmt=fmt)
        assert result.exit_code == exit_code, result.output
        assert result.stderr == ""
        assert_golden(f"{name}.{suffix}", result.stdout)
    review: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return review


def findings(review: dict[str, Any]) -> set[tuple[str, str]]:
    """Return every (code, severity) in a JSON review."""
    found = {(f["code"], f["severity"]) for f in review["findings"]}
    return found | {(f["code"], f["severity"]) for e in review["entities"] for f in e["findings"]}


def directions(review: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(c["path"], c["direction"]) for e in review["entities"] for c in e["changes"] if c["direction"]]


def test_firmographic_minimum_raised_is_narrowed(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "employees: {min: 800,", "employees: {min: 1000,")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Raise the employee minimum")
    review = assert_review(run_cli, git_repo, "bound-raised")
    assert directions(review) == [(["firmographics", "employees", "min"], "narrowed")]
    assert findings(review) == {("narrowed", "info")}


def test_firmographic_minimum_lowered_is_broadened(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "annual_revenue_usd: {min: 150000000,", "annual_revenue_usd: {min: 100000000,")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Lower the revenue minimum")
    review = assert_review(run_cli, git_repo, "bound-lowered")
    assert directions(review) == [(["firmographics", "annual_revenue_usd", "min"], "broadened")]
    assert findings(review) == {("broadened", "info")}


def test_industry_added_is_broadened(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, SPECIALTY, "Multi-specialty medical groups]", "Multi-specialty medical groups, Dental groups]")
    bump(git_repo, SPECIALTY, 3, 4)
    git_repo.commit("Sell to dental groups too")
    review = assert_review(run_cli, git_repo, "industry-added")
    assert directions(review) == [(["firmographics", "industries"], "broadened")]


def test_region_removed_is_narrowed(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo, lambda repo: edit(repo, SPECIALTY, "regions: [US]", "regions: [US, Canada]"))
    edit(git_repo, SPECIALTY, "regions: [US, Canada]", "regions: [US]")
    bump(git_repo, SPECIALTY, 3, 4)
    git_repo.commit("Stop selling in Canada")
    review = assert_review(run_cli, git_repo, "region-removed")
    assert directions(review) == [(["firmographics", "regions"], "narrowed")]


FIT_CHANGES = {
    "fit-between-narrowed": ("value: [800, 5000]", "value: [1000, 4000]", "employees between", "narrowed"),
    "fit-between-widened": ("value: [800, 5000]", "value: [500, 6000]", "employees between", "broadened"),
    "fit-gte-raised": ("value: 2\n", "value: 3\n", "hospital_count gte", "narrowed"),
    "fit-in-grown": ("[Epic, MEDITECH, Oracle Health]", "[Epic, MEDITECH, Oracle Health, athenahealth]",
                     "ehr_vendor in", "broadened"),
}


@pytest.mark.parametrize("name", FIT_CHANGES)
def test_fit_criterion_value_change_has_a_direction(run_cli: RunCli, git_repo: GitRepo, name: str) -> None:
    old, new, key, direction = FIT_CHANGES[name]
    based(git_repo)
    edit(git_repo, MID, old, new)
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Change a fit criterion")
    review = assert_review(run_cli, git_repo, name)
    assert directions(review) == [(["fit_criteria", key, "value"], direction)]
    assert findings(review) == {(direction, "info")}


def test_disqualifier_added_is_narrowed(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "  - No named privacy or compliance officer\n",
         "  - No named privacy or compliance officer\n  - In Chapter 11 bankruptcy protection\n")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Disqualify bankrupt groups")
    review = assert_review(run_cli, git_repo, "disqualifier-added")
    assert directions(review) == [(["disqualifiers"], "narrowed")]


def test_estimated_accounts_change_shows_the_percentage(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "estimated_accounts: 1450", "estimated_accounts: 1200")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Recount the accounts")
    review = assert_review(run_cli, git_repo, "accounts-changed")
    [entity] = review["entities"]
    assert entity["findings"] == [{"code": "accounts-changed", "severity": "info",
                                   "message": "estimated accounts 1,450 -> 1,200 (-17.2%)"}]


def test_status_draft_to_active(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, BEHAVIOURAL, "status: draft", "status: active")
    bump(git_repo, BEHAVIOURAL, 1, 2)
    git_repo.commit("Activate behavioural health")
    review = assert_review(run_cli, git_repo, "status-draft-active")
    assert findings(review) == {("status-changed", "warning")}


def test_status_active_to_retired(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, SPECIALTY, "status: active", "status: retired")
    bump(git_repo, SPECIALTY, 3, 4)
    git_repo.commit("Retire specialty clinics")
    review = assert_review(run_cli, git_repo, "status-active-retired")
    # Olivia now buys only for retired ICPs: HEAD's validation says so.
    assert findings(review) == {("status-changed", "warning"), ("head-warning", "warning")}
    assert [d["file"] for d in review["validation"]] == ["HEAD:content/personas/olivia-operations.yaml"]


SUMMARY_LINE = "hospitals** plus their owned clinics,"


def test_substantive_change_without_version_bump_warns(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, SUMMARY_LINE, "hospitals** plus their owned clinics and surgery centres,")
    git_repo.commit("Mention surgery centres")
    review = assert_review(run_cli, git_repo, "no-version-bump")
    assert findings(review) == {("version-not-raised", "warning")}


def test_substantive_change_with_version_bump_does_not_warn(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, SUMMARY_LINE, "hospitals** plus their owned clinics and surgery centres,")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Mention surgery centres")
    review = assert_review(run_cli, git_repo, "version-bump")
    assert findings(review) == set()


def test_last_reviewed_moved_alone_is_a_review(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "last_reviewed: 2026-10-14", "last_reviewed: 2026-11-20")
    git_repo.commit("Reviewed, no changes")
    review = assert_review(run_cli, git_repo, "reviewed")
    assert findings(review) == {("reviewed", "info")}


def test_icp_created(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    git_repo.write(NEW_ICP, DENTAL)
    git_repo.commit("Draft a dental ICP")
    review = assert_review(run_cli, git_repo, "icp-created")
    assert findings(review) == {("created", "info")}


def test_icp_deleted_while_personas_reference_it_is_breaking(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    git_repo.remove(SPECIALTY)
    git_repo.commit("Drop specialty clinics")
    review = assert_review(run_cli, git_repo, "icp-deleted-referenced", exit_code=1)
    # Olivia is left with only the retired ICP: HEAD's validation warns about it.
    assert findings(review) == {("removed-but-referenced", "breaking"), ("head-invalid", "breaking"),
                                ("head-warning", "warning")}
    assert review["validation"], "HEAD's validation errors are part of the review"


def test_icp_deleted_without_references_warns(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo, lambda repo: repo.write(NEW_ICP, DENTAL))
    git_repo.remove(NEW_ICP)
    git_repo.commit("Drop the dental draft")
    review = assert_review(run_cli, git_repo, "icp-deleted-unreferenced")
    assert findings(review) == {("removed", "warning")}


def test_icp_renamed_while_a_persona_references_the_old_id_is_breaking(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    git_repo.git("mv", SPECIALTY, "content/icps/specialty-physician-networks.yaml")
    git_repo.commit("Rename specialty clinics")
    review = assert_review(run_cli, git_repo, "icp-renamed-referenced", exit_code=1)
    # Olivia is left with only the retired ICP: HEAD's validation warns about it.
    assert findings(review) == {("removed-but-referenced", "breaking"), ("head-invalid", "breaking"),
                                ("head-warning", "warning")}
    [entity] = review["entities"]
    assert (entity["status"], entity["old_id"], entity["id"]) == (
        "renamed", "specialty-clinic-networks", "specialty-physician-networks")


MANUAL_AUDIT = """  - id: manual-audit-evidence
    title: Audit evidence is collected by hand
"""


def test_pain_point_removed_while_referenced_is_breaking(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    path = git_repo.root / MID
    text = path.read_text(encoding="utf-8")
    start = text.index(MANUAL_AUDIT)
    end = text.index("  - id: access-review-backlog")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Drop the audit evidence pain point")
    review = assert_review(run_cli, git_repo, "pain-point-removed", exit_code=1)
    [entity] = review["entities"]
    assert [f["message"] for f in entity["findings"] if f["code"] == "removed-but-referenced"] == [
        "pain point 'mid-market-hospital-groups#manual-audit-evidence' removed but still referenced by "
        "Frank Finance (frank-finance), Priya Privacy (priya-privacy)"]


def test_pain_point_renamed_while_referenced_names_the_new_id(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "  - id: manual-audit-evidence\n", "  - id: hand-collected-audit-evidence\n")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Rename the audit evidence pain point")
    review = assert_review(run_cli, git_repo, "pain-point-renamed", exit_code=1)
    [entity] = review["entities"]
    assert [f["message"] for f in entity["findings"] if f["code"] == "removed-but-referenced"] == [
        "pain point 'mid-market-hospital-groups#manual-audit-evidence' (now 'hand-collected-audit-evidence') "
        "renamed but still referenced by Frank Finance (frank-finance), Priya Privacy (priya-privacy)"]


def test_persona_deleted(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    git_repo.remove("content/personas/colin-clinical.yaml")
    git_repo.commit("Colin is not a buyer")
    review = assert_review(run_cli, git_repo, "persona-deleted")
    assert findings(review) == {("removed", "warning")}


def test_impact_lists_the_icp_personas_and_those_feeling_a_changed_pain_point(
        run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, BEHAVIOURAL, "legitimate requests.\n    severity: critical",
         "legitimate requests.\n    severity: high")
    bump(git_repo, BEHAVIOURAL, 1, 2)
    git_repo.commit("Part 2 consent is less severe than we thought")
    review = assert_review(run_cli, git_repo, "impact")
    [entity] = review["entities"]
    assert [(p["id"], p["via"]) for p in entity["impact"]] == [
        ("hana-him", "buys for this ICP"),
        ("priya-privacy", "feels pain point 'part-2-consent-tracking'"),
        ("tim-it", "buys for this ICP"),
    ]


def test_head_with_validation_errors_is_breaking_and_shows_them(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "employees: {min: 800,", "employees: {min: 8000,")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Minimum above maximum")
    review = assert_review(run_cli, git_repo, "head-invalid", exit_code=1)
    assert ("head-invalid", "breaking") in findings(review)
    assert [(d["file"], d["severity"]) for d in review["validation"]] == [
        ("HEAD:content/icps/mid-market-hospital-groups.yaml", "error")]


def test_a_region_list_where_there_was_none_is_narrowed(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo, lambda repo: edit(repo, BEHAVIOURAL, "  regions: [US]\n", ""))
    edit(git_repo, BEHAVIOURAL, "  employees:", "  regions: [US, Canada]\n  employees:")
    bump(git_repo, BEHAVIOURAL, 1, 2)
    git_repo.commit("Only North America")
    review = assert_review(run_cli, git_repo, "regions-first-listed")
    # Before, any region fitted; now two do.
    assert directions(review) == [(["firmographics", "regions"], "narrowed")] * 2
    assert findings(review) == {("narrowed", "info")}


@pytest.fixture
def three_changes(git_repo: GitRepo) -> GitRepo:
    """Commits after the base: an info-only change, a warning, then a breaking change."""
    based(git_repo)
    edit(git_repo, MID, "employees: {min: 800,", "employees: {min: 1000,")
    bump(git_repo, MID, 5, 6)
    git_repo.commit("Info: raise the employee minimum")
    edit(git_repo, BEHAVIOURAL, "status: draft", "status: active")
    bump(git_repo, BEHAVIOURAL, 1, 2)
    git_repo.commit("Warning: activate behavioural health")
    git_repo.remove(SPECIALTY)
    git_repo.commit("Breaking: drop specialty clinics")
    return git_repo


RANGES = {"info": ("HEAD~3", "HEAD~2"), "warning": ("HEAD~2", "HEAD~1"), "breaking": ("HEAD~1", "HEAD")}
EXIT_CODES = {
    ("info", "breaking"): 0, ("info", "warning"): 0, ("info", "never"): 0,
    ("warning", "breaking"): 0, ("warning", "warning"): 1, ("warning", "never"): 0,
    ("breaking", "breaking"): 1, ("breaking", "warning"): 1, ("breaking", "never"): 0,
}


def test_exit_code_follows_fail_on(run_cli: RunCli, three_changes: GitRepo) -> None:
    for (worst, fail_on), expected in EXIT_CODES.items():
        result = icpdocs_diff(run_cli, three_changes, *RANGES[worst], fail_on=fail_on)
        assert result.exit_code == expected, (worst, fail_on, result.output)
    assert icpdocs_diff(run_cli, three_changes, *RANGES["breaking"]).exit_code == 1, "the default is breaking"


def write_config(repo: GitRepo, severities: str) -> Path:
    return repo.write("mkdocs.yml", f"site_name: Test\nplugins:\n  - search\n  - icpdocs:\n"
                                    f"      review_severity: {severities}\n")


def test_severity_override_in_mkdocs_yml_changes_the_exit_code(run_cli: RunCli, three_changes: GitRepo) -> None:
    assert icpdocs_diff(run_cli, three_changes, *RANGES["info"], fail_on="warning").exit_code == 0
    write_config(three_changes, "{narrowed: warning, status-changed: info}")
    narrowed = icpdocs_diff(run_cli, three_changes, *RANGES["info"], fmt="json", fail_on="warning")
    assert narrowed.exit_code == 1
    assert findings(json.loads(narrowed.stdout)) == {("narrowed", "warning")}
    activated = icpdocs_diff(run_cli, three_changes, *RANGES["warning"], fail_on="warning")
    assert activated.exit_code == 0
    assert "info: status draft -> active" in activated.stdout


@pytest.mark.parametrize(("severities", "message"), [
    ("{narrowing: warning}", "error: review_severity: unknown change kind 'narrowing'; known: accounts-changed, "
                             "broadened, created, head-invalid, head-warning, narrowed, removed, "
                             "removed-but-referenced, renamed, reviewed, status-changed, version-not-raised\n"),
    ("{narrowed: critical}", "error: review_severity: narrowed: 'critical' is not one of info, warning, breaking\n"),
])
def test_unknown_kind_or_level_in_the_config_is_a_clear_error(run_cli: RunCli, three_changes: GitRepo,
                                                             severities: str, message: str) -> None:
    write_config(three_changes, severities)
    result = icpdocs_diff(run_cli, three_changes, *RANGES["info"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_head_omitted_means_the_working_tree(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "employees: {min: 800,", "employees: {min: 1000,")
    review = assert_review(run_cli, git_repo, "working-tree", revisions=("HEAD",))
    assert (review["base"], review["head"]) == ("HEAD:content", "content")
    assert directions(review) == [(["firmographics", "employees", "min"], "narrowed")]


def test_the_change_that_adds_the_content_folder_creates_every_profile(run_cli: RunCli, git_repo: GitRepo) -> None:
    git_repo.write("README.md", "Profiles to come.\n")
    git_repo.commit("Start")
    git_repo.copy_content()
    git_repo.commit("Add the profiles")
    result = icpdocs_diff(run_cli, git_repo, "HEAD~1", "HEAD", fmt="json")
    assert result.exit_code == 0, result.output
    review = json.loads(result.stdout)
    assert {e["status"] for e in review["entities"]} == {"created"}
    assert review["summary"] == {"info": 14, "warning": 0, "breaking": 0, "profiles": 14}


@pytest.mark.parametrize("revisions", [("no-such-branch",), ("HEAD", "no-such-branch")])
def test_a_revision_that_is_not_a_commit_is_a_clear_error(run_cli: RunCli, git_repo: GitRepo,
                                                          revisions: tuple[str, ...]) -> None:
    based(git_repo)
    result = icpdocs_diff(run_cli, git_repo, *revisions)
    assert result.exit_code == 1
    assert result.stderr == f"error: 'no-such-branch' is not a commit in {git_repo.root}\n"
    assert result.stdout == ""


GITHUB_COMMENT_LIMIT = 65_536
STICKY_MARKER = "<!-- icpdocs-review -->\n"  # the workflow puts it before the comment


def generated_icp(number: int, minimum: int) -> str:
    pains = "".join(f"  - id: pain-{p}\n    title: Generated pain point {p} of profile {number}\n"
                    f"    severity: high\n" for p in range(3))
    return (f"name: Generated profile {number}\nstatus: active\nversion: 1\nowner: revenue-operations\n"
            f"last_reviewed: 2026-11-01\nsummary: Profile number {number} of a very large catalogue, with a "
            f"summary long enough to be edited in place.\nfirmographics:\n  industries: [Hospitals, Clinics]\n"
            f"  employees: {{min: {minimum}, max: 5000}}\npain_points:\n{pains}")


def test_markdown_of_a_huge_change_stays_under_githubs_comment_limit(run_cli: RunCli, git_repo: GitRepo) -> None:
    count = 300

    def generate(repo: GitRepo) -> None:
        for n in range(count):
            repo.write(f"content/icps/generated-{n:03d}.yaml", generated_icp(n, 200))

    based(git_repo, generate)
    for n in range(count):
        git_repo.write(f"content/icps/generated-{n:03d}.yaml", generated_icp(n, 250).replace(
            "pain point 1 of", "pain point one of"))
    git_repo.commit("Raise every minimum, without version bumps")
    started = time.perf_counter()
    result = icpdocs_diff(run_cli, git_repo, "HEAD~1", "HEAD", fmt="markdown")
    seconds = time.perf_counter() - started
    comment = STICKY_MARKER + result.stdout
    assert result.exit_code == 0, result.output
    assert len(comment.encode("utf-16-le")) // 2 < GITHUB_COMMENT_LIMIT
    assert "### ICP document review: 300 profiles changed" in comment
    assert "| icp `generated-000` | modified, 2 changes | ⚠️ warning | substantive change without a version bump: " \
           "raise `version` so readers see the profile changed; 1 criterion narrowed |\n" in comment
    shown_rows = comment.count("\n| icp `generated-")
    shown_details = comment.count("<details><summary>ICP generated-")
    assert 0 < shown_details < shown_rows <= count
    omitted = f"{count - shown_details} of {count} profiles"
    assert f"_Not shown: {'' if shown_rows == count else f'{count - shown_rows} of {count} table rows and '}" \
           f"the details of {omitted}, to stay under GitHub's comment size limit." in comment
    # The validation block is cut at a line and still closed, so the rest of the comment renders.
    assert comment.endswith("</details>\n") and comment.count("```") == 2
    assert "more lines: run `icpdocs validate` for all of them\n```" in comment
    assert seconds < 10


def snapshot(repo: GitRepo) -> dict[str, Any]:
    """Return what a read-only command must leave as it was: HEAD, the index, the status and every file."""
    status = subprocess.run(["git", "status", "--porcelain=v2", "--branch", "--untracked-files=all"],
                            cwd=repo.root, capture_output=True, text=True, check=True,
                            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout  # status must not refresh the index
    files = {}
    for path in sorted(repo.root.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(repo.root).parts:
            files[path.relative_to(repo.root).as_posix()] = (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                             path.stat().st_mtime_ns)
    return {"head": repo.git("rev-parse", "HEAD"), "index": (repo.root / ".git" / "index").read_bytes(),
            "status": status, "files": files, "refs": repo.git("for-each-ref"), "stash": repo.git("stash", "list")}


def test_diffing_never_changes_the_working_tree_the_index_or_head(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    edit(git_repo, MID, "employees: {min: 800,", "employees: {min: 1000,")
    git_repo.commit("One")
    git_repo.remove(SPECIALTY)
    git_repo.commit("Two")
    edit(git_repo, BEHAVIOURAL, "status: draft", "status: active")  # unstaged
    git_repo.write(NEW_ICP, DENTAL)
    git_repo.git("add", NEW_ICP)  # staged
    git_repo.write("content/personas/draft-persona.yaml", "name: [unfinished\n")  # untracked and invalid
    before = snapshot(git_repo)
    assert "1 content/icps/behavioral-health-networks.yaml" not in before["status"]  # sanity: status is porcelain
    assert ".M" in before["status"] and "A." in before["status"] and "? content/personas/draft" in before["status"]
    for revisions in (("HEAD~2", "HEAD"), ("HEAD~1",)):
        for fmt in FORMATS:
            result = icpdocs_diff(run_cli, git_repo, *revisions, fmt=fmt, fail_on="never")
            assert result.exit_code == 0, result.output
            assert snapshot(git_repo) == before, (revisions, fmt)


DOCS = REPO_ROOT / "docs" / "review.md"


def test_docs_give_every_finding_kind_its_default_severity() -> None:
    rows = re.findall(r"^\| `([a-z-]+)` \| (info|warning|breaking) \|", DOCS.read_text(encoding="utf-8"), re.M)
    assert dict(rows) == DEFAULT_SEVERITY
    assert len(rows) == len(DEFAULT_SEVERITY)


def json_fields(value: Any) -> set[str]:
    """Return every key of every object in a JSON value, except inside changed values (content, not review)."""
    if isinstance(value, dict):
        inner = (item for key, item in value.items() if key not in ("old", "new"))
        return set(value) | {key for item in inner for key in json_fields(item)}
    if isinstance(value, list):
        return {key for item in value for key in json_fields(item)}
    return set()


def test_docs_describe_every_json_field() -> None:
    documented = re.findall(r"^\| `([a-z_]+)`(?:, `([a-z_]+)`)? \|", DOCS.read_text(encoding="utf-8"), re.M)
    names = {name for row in documented for name in row if name}
    examples = ("pain-point-removed", "icp-deleted-referenced", "accounts-changed")
    fields = set().union(*(json_fields(json.loads((GOLDEN / f"{n}.json").read_text(encoding="utf-8")))
                           for n in examples))
    assert {"format_version", "validation", "direction", "via", "hint", "profiles"} <= fields
    assert fields <= names | {"info", "warning", "breaking", "profiles"}  # the summary's keys are in its row


def test_warnings_the_base_already_had_are_not_blamed_on_the_change(run_cli: RunCli, git_repo: GitRepo) -> None:
    def drop_evidence(repo: GitRepo) -> None:
        path = repo.root / "content/icps/specialty-clinic-networks.yaml"
        text = path.read_text(encoding="utf-8")
        kept = text[: text.index("\nevidence:")] + "\n" + text[text.index("\npartners:") + 1 :]
        path.write_text(kept, encoding="utf-8")

    based(git_repo, drop_evidence)
    edit(git_repo, "content/personas/tim-it.yaml", "title: Director of Information Technology",
         "title: Director of IT")
    git_repo.commit("Shorter title")
    result = icpdocs_diff(run_cli, git_repo, "HEAD~1", "HEAD", fmt="json", fail_on="warning")
    review = json.loads(result.stdout)
    assert [d["message"] for d in review["validation"]] == ["active ICP has no evidence: it is not data-driven"]
    assert "head-warning" not in {f["code"] for f in review["findings"]}
    assert result.exit_code == 0


def test_markdown_links_profiles_to_the_site_url_of_mkdocs_yml(run_cli: RunCli, git_repo: GitRepo) -> None:
    based(git_repo)
    git_repo.write("mkdocs.yml", "site_name: ICP\nsite_url: https://icp.example/\nplugins: [search, icpdocs]\n")
    bump(git_repo, "content/icps/specialty-clinic-networks.yaml", 3, 4)
    git_repo.commit("Bump")
    result = icpdocs_diff(run_cli, git_repo, "HEAD~1", "HEAD", fmt="markdown")
    assert "[icp `specialty-clinic-networks`](https://icp.example/icps/specialty-clinic-networks/)" in result.stdout
