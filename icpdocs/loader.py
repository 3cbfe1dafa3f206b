"""Load a content folder, from disk or from a git revision, into Documents."""

from __future__ import annotations

import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from icpdocs import gitrepo
from icpdocs.diagnostics import Diagnostic, Severity
from icpdocs.yamlsource import MAX_FILE_BYTES, Position, YamlProblem, YamlValue, decode, parse

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 64
YAML_SUFFIXES = (".yaml", ".yml")
KIND_FOLDERS = {"icps": "icp", "personas": "persona"}
MARKET_ID = "market"

YamlPath = tuple[str | int, ...]


@dataclass
class Document:
    """One content file: its kind, id, data and where each value stands in it."""

    kind: str
    id: str
    path: str
    data: dict[str, Any]
    positions: dict[YamlPath, Position] = field(default_factory=dict, repr=False)
    key_positions: dict[YamlPath, Position] = field(default_factory=dict, repr=False)
    display_path: str = field(default="", compare=False)
    blob: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.id)

    def position(self, path: YamlPath, *, key: bool = False) -> Position:
        """Return the position of the value (or key) at `path`, or of its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        probe = path
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), Position(1, 1))


@dataclass
class RawFile:
    """A file under the content root: its path relative to the root and its bytes."""

    path: str
    data: bytes
    blob: str = ""
    problem: str = ""


@dataclass
class LoadResult:
    documents: list[Document]
    diagnostics: list[Diagnostic]
    markdown_pages: dict[str, bytes] = field(default_factory=dict)
    # (kind, id) of content files that exist but could not be read: rules must not call them missing.
    unreadable: set[tuple[str, str]] = field(default_factory=set)


class ContentSource:
    """Where content comes from; `label` prefixes the paths shown to people."""

    label: str

    def files(self) -> list[RawFile]:
        raise NotImplementedError


class FolderSource(ContentSource):
    """A content folder on disk."""

    def __init__(self, root: Path, label: str | None = None) -> None:
        self.root = root
        self.label = label if label is not None else str(root)

    def files(self) -> list[RawFile]:
        if not self.root.is_dir():
            return []
        resolved_root = self.root.resolve()
        found = []
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root).as_posix()
            if any(part.startswith(".") for part in relative.split("/")):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(resolved_root):
                    what = "folder" if path.is_dir() else "file"
                    problem = f"{what} is a symbolic link pointing outside the content folder"
                    found.append(RawFile(relative, b"", problem=problem))
                    continue
            if not path.is_file():
                continue
            if not path.name.endswith((*YAML_SUFFIXES, ".md")):
                continue
            found.append(_read_file(path, relative))
        return found


def _read_file(path: Path, relative: str) -> RawFile:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        # Not read at all: a huge file is reported by its size alone.
        return RawFile(relative, b"", problem=f"size:{size}")
    return RawFile(relative, path.read_bytes())


class GitSource(ContentSource):
    """A content folder as it is at a git revision: one ls-tree and one cat-file process."""

    def __init__(self, repo: Path, revision: str, folder: str = "content") -> None:
        self.repo = repo
        self.revision = revision
        self.folder = folder.strip("/")
        self.label = f"{revision}:{self.folder}"

    def files(self) -> list[RawFile]:
        entries = gitrepo.list_tree(self.repo, self.revision, self.folder)
        wanted = [(mode, blob, path) for mode, blob, path in entries if path.endswith((*YAML_SUFFIXES, ".md"))]
        wanted = [entry for entry in wanted if not any(p.startswith(".") for p in entry[2].split("/"))]
        blobs = gitrepo.read_blobs(self.repo, [blob for mode, blob, _ in wanted if not _is_link(mode)])
        files = []
        for mode, blob, path in sorted(wanted, key=lambda entry: entry[2]):
            if _is_link(mode):
                problem = "file is a symbolic link; links are not followed in git revisions"
                files.append(RawFile(path, b"", blob, problem=problem))
            else:
                files.append(RawFile(path, blobs[blob], blob))
        return files


def _is_link(mode: str) -> bool:
    return stat.S_ISLNK(int(mode, 8))


def load(source: ContentSource) -> LoadResult:
    """Read every content file of `source` into Documents, collecting every problem."""
    documents: list[Document] = []
    diagnostics: list[Diagnostic] = []
    pages: dict[str, bytes] = {}
    seen: dict[tuple[str, str], str] = {}
    unreadable: set[tuple[str, str]] = set()
    for raw in source.files():
        shown = f"{source.label}/{raw.path}" if source.label else raw.path
        if raw.path.endswith(".md"):
            pages[raw.path] = raw.data
            continue
        document = _load_file(raw, shown, diagnostics)
        if document is None:
            unreadable.update(_claimed(raw.path))
            continue
        if document.key in seen:
            diagnostics.append(_problem(
                shown, Position(1, 1), "",
                f"{_named(document)} is already defined by {seen[document.key]}",
                "keep one of the two files; '.yaml' and '.yml' with the same name are the same id",
            ))
            continue
        seen[document.key] = shown
        documents.append(document)
    if not any(d.kind == "market" for d in documents) and not _market_failed(diagnostics, source):
        diagnostics.append(_problem(
            f"{source.label}/market.yaml" if source.label else "market.yaml", Position(1, 1), "",
            "market.yaml is missing",
            "every content folder needs one market.yaml with the company and its TAM",
        ))
    return LoadResult(documents, diagnostics, pages, unreadable)


def _named(document: Document) -> str:
    if document.kind == "market":
        return "the market"
    return f"{'ICP' if document.kind == 'icp' else document.kind} id '{document.id}'"


def _market_failed(diagnostics: list[Diagnostic], source: ContentSource) -> bool:
    names = {f"{source.label}/{name}" if source.label else name for name in ("market.yaml", "market.yml")}
    return any(d.file in names for d in diagnostics)


def _problem(file: str, position: Position, path: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(file, position.line, position.column, path, Severity.ERROR, message, hint)


def classify(relative: str) -> tuple[str, str] | str:
    """Return (kind, id) for a content path, or a message saying why it is not content."""
    parts = relative.split("/")
    name = parts[-1]
    stem = name.rsplit(".", 1)[0]
    if len(parts) == 1 and stem == MARKET_ID:
        return ("market", MARKET_ID)
    if len(parts) != 2 or parts[0] not in KIND_FOLDERS:
        return "is not in a known place: content is market.yaml, icps/<id>.yaml or personas/<id>.yaml"
    if len(stem) > ID_MAX_LENGTH:
        return f"name '{stem}' is not a valid id: it has {len(stem)} characters, at most {ID_MAX_LENGTH} are allowed"
    if not ID_PATTERN.match(stem):
        return (f"name '{stem}' is not a valid id: use lower-case words joined by '-', "
                f"at most {ID_MAX_LENGTH} characters")
    return (KIND_FOLDERS[parts[0]], stem)


def suggest_id(name: str) -> str:
    """Return the kebab-case id closest to `name` ('Mid Market' -> 'mid-market'), or '' if none."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    suggestion = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return suggestion if suggestion and len(suggestion) <= ID_MAX_LENGTH else ""


def _load_file(raw: RawFile, shown: str, diagnostics: list[Diagnostic]) -> Document | None:
    start = Position(1, 1)
    if raw.problem.startswith("size:"):
        size = int(raw.problem.removeprefix("size:"))
        too_big = f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)"
        diagnostics.append(_problem(shown, start, "", too_big, "split the profile or move long text out of it"))
        return None
    if raw.problem:
        diagnostics.append(_problem(shown, start, "", raw.problem, "replace the link with the file itself"))
        return None
    kind = classify(raw.path)
    if isinstance(kind, str):
        diagnostics.append(_problem(shown, start, "", f"file {kind}", _placement_hint(raw.path, kind)))
        return None
    try:
        text, has_bom = decode(raw.data)
        value = parse(text)
    except YamlProblem as problem:
        diagnostics.append(_problem(shown, problem.position, problem.path, problem.message, problem.hint))
        return None
    if has_bom:
        diagnostics.append(Diagnostic(shown, 1, 1, "", Severity.WARNING, "file starts with a byte-order mark (BOM)",
                                      "save the file as UTF-8 without BOM"))
    if not isinstance(value.data, dict):
        shape = "a list" if isinstance(value.data, list) else "a single value"
        diagnostics.append(_problem(shown, start, "$", f"the top level is {shape}, not a mapping of fields",
                                    "write `field: value` lines at the top level"))
        return None
    return _document(kind, raw, shown, value)


def _claimed(relative: str) -> set[tuple[str, str]]:
    """Return the (kind, id) a file that failed to load stands for, even under a bad id."""
    kind = classify(relative)
    if isinstance(kind, tuple):
        return {kind}
    parts = relative.split("/")
    if len(parts) == 2 and parts[0] in KIND_FOLDERS:
        return {(KIND_FOLDERS[parts[0]], parts[1].rsplit(".", 1)[0])}
    if relative in KIND_FOLDERS:  # the whole folder, e.g. a link to one elsewhere
        return {(KIND_FOLDERS[relative], "*")}
    return set()


def _placement_hint(relative: str, problem: str) -> str:
    if not problem.startswith("name "):
        return "move the file, or remove it if it is not a profile"
    folder, _, name = relative.rpartition("/")
    stem, _, suffix = name.rpartition(".")
    suggestion = suggest_id(stem)
    if len(stem) > ID_MAX_LENGTH:
        return "rename the file to a shorter id"
    return f"rename the file, e.g. to {folder}/{suggestion}.{suffix}" if suggestion else "rename the file"


def _document(kind: tuple[str, str], raw: RawFile, shown: str, value: YamlValue) -> Document:
    return Document(
        kind=kind[0],
        id=kind[1],
        path=raw.path,
        data=value.data,
        positions=value.positions,
        key_positions=value.key_positions,
        display_path=shown,
        blob=raw.blob,
    )
