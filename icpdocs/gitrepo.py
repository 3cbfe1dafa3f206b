"""The few git operations icpdocs needs, each one subprocess for any number of files."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


# History reads one `git log` pass with blob ids, for any number of files and commits.

NO_COMMITS = "does not have any commits yet"
_LOG_FORMAT = "%x01%H%x00%aI%x00%aN%x00%D%x00%s"
SHORT_COMMIT = 7


@dataclass(frozen=True)
class FileChange:
    """One file a commit added (A), modified (M, T), renamed (R) or deleted (D), with blob ids."""

    status: str
    old_path: str
    path: str
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class LogCommit:
    """One commit of `git log`: who, when, why, and the files it changed."""

    commit: str
    short: str
    date: str
    author: str
    subject: str
    grafted: bool
    files: tuple[FileChange, ...]


def log_changes(repo: Path, folder: str, revision: str = "HEAD") -> list[LogCommit]:
    """Return the commits up to `revision` that touched `folder` (relative to `repo`), newest first, with renames."""
    args = [
        # Settings a user may have that would change the output read here.
        "-c", "log.showRoot=true", "-c", "log.follow=false", "-c", "diff.relative=false",
        "log", "--date-order", "--no-show-signature",
        f"--format={_LOG_FORMAT}", "--raw", "-z", "-M", "--no-abbrev", "--relative",
        # Naming HEAD would turn "no commits yet" into "bad revision": plain `git log` reads HEAD.
        *([revision] if revision != "HEAD" else []), "--", folder.strip("/") or ".",
    ]
    out = run_git(repo, args).decode("utf-8", "surrogateescape")
    return [_log_commit(chunk) for chunk in out.split("\x01") if chunk]


def _log_commit(chunk: str) -> LogCommit:
    fields = chunk.split("\0")
    commit, date, author, refs, subject = fields[:5]
    tokens = [token.lstrip("\n") for token in fields[5:]]
    files: list[FileChange] = []
    index = 0
    while index < len(tokens):
        meta = tokens[index][1:].split() if tokens[index].startswith(":") else []
        index += 1
        if len(meta) == 5:
            paths = 2 if meta[4][0] in "RC" else 1
            files.append(_file_change(meta, tokens[index : index + paths]))
            index += paths
    grafted = "grafted" in (ref.strip() for ref in refs.split(","))
    # `--no-abbrev` (full blob ids) also lengthens %h, so the short id is cut here.
    return LogCommit(commit, commit[:SHORT_COMMIT], date, _text(author), _text(subject), grafted, tuple(files))


def _file_change(meta: list[str], names: list[str]) -> FileChange:
    """Return one `--raw` record: modes, blob ids and status, then one path (two for R and C)."""
    _old_mode, _new_mode, old_blob, new_blob, status = meta
    if status[0] == "C":  # a copy (diff.renames=copies) leaves the original in place: an addition
        return FileChange("A", names[-1], names[-1], "", _blob_or_empty(new_blob))
    return FileChange(status[0], names[0], names[-1], _blob_or_empty(old_blob), _blob_or_empty(new_blob))


def _text(field: str) -> str:
    """Return a name or message as text; bytes that are not UTF-8 become replacement characters."""
    return field.encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()


def _blob_or_empty(blob: str) -> str:
    return "" if not blob.strip("0") else blob


def hash_blob(data: bytes, length: int = 40) -> str:
    """Return the id git gives a file with these bytes (SHA-1, or SHA-256 for 64-digit ids)."""
    digest = hashlib.sha256() if length == 64 else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def list_files(repo: Path, revision: str, folder: str) -> list[tuple[str, str, str]]:
    """Return (mode, blob id, path) for every file under `folder` at `revision`, paths relative to `repo`.

    Unlike `list_tree`, `folder` and the paths are relative to `repo` even when it is a
    subfolder of the work tree (as with `git log --relative`).
    """
    out = run_git(repo, ["ls-tree", "-r", "-z", revision, "--", folder.strip("/") or "."])
    entries = []
    for record in out.split(b"\0"):
        if record:
            meta, path = record.split(b"\t", 1)
            mode, kind, blob = meta.decode().split()
            if kind == "blob":
                entries.append((mode, blob, path.decode("utf-8", "surrogateescape")))
    return entries
