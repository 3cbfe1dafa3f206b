"""The few git operations icpdocs needs, each one subprocess for any number of files."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

from icpdocs.errors import GitError


def run_git(repo: Path, args: list[str], *, input_bytes: bytes | None = None) -> bytes:
    """Run one git command in `repo` and return its stdout, or raise GitError."""
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=repo,
            input=input_bytes,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError(args, "git is not installed or not on PATH") from None
    if result.returncode != 0:
        raise GitError(args, result.stderr.decode("utf-8", "replace"))
    return result.stdout


def repo_root(path: Path) -> Path | None:
    """Return the top of the git work tree holding `path`, or None outside git."""
    try:
        out = run_git(path, ["rev-parse", "--show-toplevel"])
    except GitError:
        return None
    return Path(out.decode().strip())


def is_shallow(repo: Path) -> bool:
    return run_git(repo, ["rev-parse", "--is-shallow-repository"]).decode().strip() == "true"


def resolve_revision(repo: Path, revision: str) -> str:
    """Return the full commit id `revision` names."""
    out = run_git(repo, ["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"])
    return out.decode().strip()


def list_tree(repo: Path, revision: str, folder: str) -> list[tuple[str, str, str]]:
    """Return (mode, blob id, path) for every file under `folder` at `revision`."""
    spec = f"{revision}:{folder}" if folder not in ("", ".") else f"{revision}^{{tree}}"
    out = run_git(repo, ["ls-tree", "-r", "-z", spec])
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, blob = meta.decode().split()
        if kind == "blob":
            entries.append((mode, blob, path.decode("utf-8", "surrogateescape")))
    return entries


def read_blobs(repo: Path, blob_ids: Iterable[str]) -> dict[str, bytes]:
    """Return the contents of many blobs through one `git cat-file --batch` process."""
    wanted = list(dict.fromkeys(blob_ids))
    if not wanted:
        return {}
    out = run_git(repo, ["cat-file", "--batch"], input_bytes="".join(f"{b}\n" for b in wanted).encode())
    return dict(_parse_batch(out))


def _parse_batch(out: bytes) -> Iterator[tuple[str, bytes]]:
    pos = 0
    while pos < len(out):
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].decode().split()
        if len(header) == 2 and header[1] == "missing":
            pos = header_end + 1
            continue
        blob, _kind, size = header[0], header[1], int(header[2])
        start = header_end + 1
        yield blob, out[start : start + size]
        pos = start + size + 1
