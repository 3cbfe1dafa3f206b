"""Generate synthetic content folders and git histories for the benchmarks.

    python benchmarks/generate.py content DIR --icps 300 [--personas-per-icp 10] [--seed 7]
    python benchmarks/generate.py history DIR --files 500 --commits 10000 [--seed 7]

The same seed gives the same content (dates are relative to today). A history is
written with one `git fast-import` stream, so 10,000 commits take seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

if __package__ in (None, ""):
    # Run as a script from a checkout: make the repository root importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import click

from benchmarks import synthetic
from benchmarks.edits import Change, Editor
from benchmarks.synthetic import Corpus

AUTHORS = [("Ada Lovelace", "ada"), ("Ben Okafor", "ben"), ("Carla Mendes", "carla"), ("Dev Patel", "dev"),
           ("Elif Kaya", "elif"), ("Frank Li", "frank"), ("Gita Rao", "gita"), ("Hana Sato", "hana")]
CONTENT_FOLDER = "content"


@dataclass(frozen=True)
class ContentStats:
    icps: int
    personas: int

    @property
    def files(self) -> int:
        return 1 + self.icps + self.personas


@dataclass(frozen=True)
class HistoryStats:
    commits: int
    versions: int
    files: int


def generate_content(folder: Path, icps: int = 300, personas_per_icp: float = 10.0, seed: int = 7,
                     personas: int | None = None, today: dt.date | None = None) -> ContentStats:
    """Write a valid content folder of `icps` ICPs and (by default) about 10 personas each."""
    _require_empty(folder)
    count = personas if personas is not None else round(icps * personas_per_icp)
    corpus = synthetic.build_corpus(random.Random(seed), icps, max(count, icps), today or dt.date.today())
    for relative, text in corpus.files().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return ContentStats(len(corpus.icps), len(corpus.personas))


def profile_split(profiles: int, personas_per_icp: float = 10.0) -> tuple[int, int]:
    """Return (icps, personas) that add up to `profiles` files, about `personas_per_icp` personas per ICP."""
    icps = max(1, round(profiles / (1 + personas_per_icp)))
    return icps, max(icps, profiles - icps)


def generate_history(repo: Path, files: int = 500, commits: int = 10_000, seed: int = 7,
                     end: dt.datetime | None = None, days: int = 300) -> HistoryStats:
    """Create a git repository whose `content/` has `files` files after `commits` commits of 1-3 files each."""
    _require_empty(repo)
    repo.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    end = end or dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = end - dt.timedelta(days=days)
    icps, personas = profile_split(files - 1)
    # Reviews of the first version stay within a year of the end, so untouched files are not stale.
    corpus = synthetic.build_corpus(rng, icps, personas, start.date(), review_window=max(0, min(120, 364 - days)))
    editor = Editor(rng, corpus, start.date().isoformat())
    _git(repo, "init", "-q", "-b", "main")
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    assert process.stdin is not None
    versions = 0
    for number, (moment, change) in enumerate(_changes(editor, commits, start, end), start=1):
        versions += len(change.written)
        _write_commit(process.stdin, number, moment, rng.choice(AUTHORS), change, editor.texts)
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError("git fast-import failed")
    _git(repo, "reset", "-q", "--hard", "main")
    return HistoryStats(commits, versions, _count(editor.corpus))


def _changes(editor: Editor, commits: int, start: dt.datetime,
             end: dt.datetime) -> Iterator[tuple[dt.datetime, Change]]:
    target = _count(editor.corpus)
    yield start, editor.initial()
    step = (end - start) / max(1, commits - 1)
    for index in range(1, commits):
        moment = start + step * index
        editor.date = moment.date().isoformat()
        last = index == commits - 1 and _count(editor.corpus) > target
        yield moment, _settle(editor) if last else _commit(editor, target)


def _count(corpus: Corpus) -> int:
    return 1 + len(corpus.icps) + len(corpus.personas)


def _commit(editor: Editor, target: int) -> Change:
    """Return one commit's edit: now and then a persona renamed, removed or added, else 1-3 files edited."""
    rng, corpus = editor.rng, editor.corpus
    roll = rng.random()
    if roll < 0.004:
        return editor.rename_persona(rng.choice(list(corpus.personas)))
    if roll < 0.012 and _count(corpus) <= target:
        return editor.add_persona()
    if roll < 0.012:
        removed = editor.remove_persona(rng.choice(list(corpus.personas)))
        if removed is not None:
            return removed
    touched = rng.sample([*corpus.icps, *corpus.personas], rng.choices([1, 2, 3], [35, 30, 35])[0])
    changes = [editor.edit_icp(i) if i in corpus.icps else editor.edit_persona(i) for i in touched]
    return Change("; ".join(c.message for c in changes), [p for c in changes for p in c.written])


def _settle(editor: Editor) -> Change:
    """Remove the one persona added over the target, so the history ends with the requested file count."""
    for persona_id in list(editor.corpus.personas):
        removed = editor.remove_persona(persona_id)
        if removed is not None:
            return removed
    raise RuntimeError("no persona can be removed without leaving an ICP without personas")


def _write_commit(stream: IO[bytes], number: int, moment: dt.datetime, author: tuple[str, str],
                  change: Change, texts: dict[str, str]) -> None:
    who = f"{author[0]} <{author[1]}@example.com> {int(moment.timestamp())} +0000"
    message = change.message.encode()
    parts = [f"commit refs/heads/main\nmark :{number}\nauthor {who}\ncommitter {who}\n".encode(),
             b"data %d\n%s\n" % (len(message), message)]
    for relative in change.removed:
        parts.append(f"D {CONTENT_FOLDER}/{relative}\n".encode())
    for relative in change.written:
        text = texts[relative].encode()
        path = f"{CONTENT_FOLDER}/{relative}".encode()
        parts.append(b"M 100644 inline %s\ndata %d\n%s\n" % (path, len(text), text))
    parts.append(b"\n")
    stream.write(b"".join(parts))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True)


def _require_empty(folder: Path) -> None:
    if folder.exists() and any(folder.iterdir()):
        raise click.ClickException(f"{folder} is not empty; pick a new folder")


@click.group()
def main() -> None:
    """Generate synthetic icpdocs content or git history."""


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--icps", default=300, show_default=True, help="Number of ICP files.")
@click.option("--personas-per-icp", default=10.0, show_default=True, help="Average personas per ICP.")
@click.option("--seed", default=7, show_default=True)
def content(folder: Path, icps: int, personas_per_icp: float, seed: int) -> None:
    """Write a content folder (market.yaml, icps/, personas/) into FOLDER."""
    stats = generate_content(folder, icps=icps, personas_per_icp=personas_per_icp, seed=seed)
    click.echo(f"{folder}: {stats.files} files (1 market, {stats.icps} ICPs, {stats.personas} personas)")


@main.command()
@click.argument("repo", type=click.Path(path_type=Path))
@click.option("--files", default=500, show_default=True, help="Content files at the end of the history.")
@click.option("--commits", default=10_000, show_default=True)
@click.option("--days", default=300, show_default=True, help="Days the history spans, ending now.")
@click.option("--seed", default=7, show_default=True)
def history(repo: Path, files: int, commits: int, days: int, seed: int) -> None:
    """Create a git repository REPO with a synthetic history of its content/ folder."""
    stats = generate_history(repo, files=files, commits=commits, seed=seed, days=days)
    click.echo(f"{repo}: {stats.commits} commits, {stats.versions} file versions, {stats.files} files at the end")


if __name__ == "__main__":
    main()
