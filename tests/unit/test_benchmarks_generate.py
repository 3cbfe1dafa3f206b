from __future__ import annotations

import datetime as dt
import random
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from benchmarks import generate, synthetic, yamltext
from icpdocs.loader import GitSource
from icpdocs.validate import validate_folder, validate_source
from icpdocs.yamlsource import parse
from tests.conftest import REPO_ROOT


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


def test_generated_content_validates_cleanly_and_is_reproducible(tmp_path: Path) -> None:
    stats = generate.generate_content(tmp_path / "a", icps=4, personas_per_icp=5, seed=3)
    generate.generate_content(tmp_path / "b", icps=4, personas_per_icp=5, seed=3)
    validation = validate_folder(tmp_path / "a")
    assert validation.diagnostics == []
    assert (len(validation.catalog.icps), len(validation.catalog.personas)) == (stats.icps, stats.personas) == (4, 20)
    assert all(validation.catalog.personas_for(icp_id) for icp_id in validation.catalog.icps)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_profile_split_adds_up_to_the_requested_profiles() -> None:
    assert generate.profile_split(3000) == (273, 2727)
    assert generate.profile_split(300) == (27, 273)


def test_written_yaml_reads_back_as_the_same_values() -> None:
    corpus = synthetic.build_corpus(random.Random(11), 6, 40, dt.date(2026, 11, 1))
    documents = [corpus.market, *corpus.icps.values(), *corpus.personas.values()]
    for data in documents:
        assert parse(yamltext.dump(data)).data == data
    tricky = {"a": "yes", "b": "12", "c": "x: y", "d": "#tag", "e": "Trailing ", "f": ["no", "1.5", "ok, fine"]}
    assert parse(yamltext.dump(tricky)).data == tricky


def test_generated_history_has_the_requested_commits_and_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    stats = generate.generate_history(repo, files=34, commits=300, seed=5)
    count = subprocess.run(["git", "rev-list", "--count", "main"], cwd=repo, capture_output=True, text=True, check=True)
    assert int(count.stdout) == stats.commits == 300
    tree = subprocess.run(["git", "ls-tree", "-r", "--name-only", "main", "content"], cwd=repo,
                          capture_output=True, text=True, check=True)
    assert len(tree.stdout.split()) == stats.files == 34
    touched = _files_per_commit(repo)
    assert len(touched) == 300 and touched[-1] == 34
    assert all(1 <= n <= 3 for n in touched[:-1])
    assert stats.versions >= 34 + 300
    validation = validate_source(GitSource(repo, "main"))
    assert validation.errors == [] and validation.warnings == []


def _files_per_commit(repo: Path) -> list[int]:
    """Return how many files each commit touched, newest first (a rename counts once)."""
    log = subprocess.run(["git", "log", "-M", "--format=tformat:@", "--name-only"], cwd=repo,
                         capture_output=True, text=True, check=True)
    return [len(chunk.split()) for chunk in log.stdout.split("@")[1:]]


def test_generate_cli_writes_content(tmp_path: Path) -> None:
    result = CliRunner().invoke(generate.main, ["content", str(tmp_path / "c"), "--icps", "2"])
    assert result.exit_code == 0, result.output
    assert "23 files (1 market, 2 ICPs, 20 personas)" in result.output
    assert validate_folder(tmp_path / "c").diagnostics == []


def test_quick_benchmark_runs_every_section_from_a_checkout(tmp_path: Path) -> None:
    script = REPO_ROOT / "benchmarks" / "run.py"
    result = subprocess.run([sys.executable, str(script), "--quick"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "not available in this checkout" not in out and "no benchmark written" not in out
    assert "validate 300 profiles (301 files)" in out
    assert "(0 errors" not in out and "errors," not in out
    assert "stage: schema check" in out and "peak RSS" in out
    assert "render 300 profiles (309 pages" in out
    assert "build 100 profiles (109 pages)" in out and "icpdocs' own stages / full build" in out
    cold = re.search(r"cold \(empty cache folder\): ([\d,]+) versions.*\n.*git part .* in (\d+) git processes", out)
    assert cold is not None, out
    assert int(cold.group(1).replace(",", "")) > 2000 and int(cold.group(2)) <= 3
    assert "icpdocs diff main~500 main" in out and "profiles changed" in out
    assert "(5 built, 0 unchanged, 0 skipped)" in out and "(0 built, 5 unchanged, 0 skipped)" in out
