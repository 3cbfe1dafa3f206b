"""Benchmark `validate`: time per file at each size, where the time goes, and peak memory.

A profile is one ICP or persona file; a content folder of N profiles has N/11
ICPs with 10 personas each, plus market.yaml. The stages are those of
`validate_folder`: read the files, parse the YAML into documents, then
`validate_loaded` checks each document against its schema, builds the catalog and
checks the rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys
from pathlib import Path

from benchmarks.bench import Bench, Row, verdict
from icpdocs import schema_check, schemas
from icpdocs.loader import ContentSource, Document, FolderSource, RawFile, load
from icpdocs.validate import validate_folder, validate_loaded

REPO = Path(__file__).resolve().parent.parent
SECTION = "validate"
TARGET_MS_PER_FILE = 2.0
TARGET_AT_FILES = 3000


class Preread(ContentSource):
    """Files already in memory, so parsing is timed apart from reading."""

    def __init__(self, files: list[RawFile], label: str) -> None:
        self._files = files
        self.label = label

    def files(self) -> list[RawFile]:
        return self._files


def measure(bench: Bench) -> list[Row]:
    """Return the validate rows: each size, the ratio between sizes, the stages and memory at the largest."""
    rows: list[Row] = []
    per_file: dict[int, float] = {}
    folders = {profiles: bench.content(profiles)[0] for profiles in bench.profiles}
    timings = bench.timed_together({p: functools.partial(validate_folder, folder) for p, folder in folders.items()})
    for profiles, (seconds, validation) in timings.items():
        files = len(validation.documents)
        per_file[profiles] = seconds * 1000 / files
        rows.append(_size_row(profiles, files, seconds, len(validation.errors), len(validation.warnings)))
    del timings  # release the validations: a bigger heap slows what is timed next (GC)
    if len(per_file) > 1:
        small, large = min(per_file), max(per_file)
        rows.append(Row(SECTION, f"ms/file at {large:,} / at {small:,} profiles",
                        f"{per_file[large] / per_file[small]:.2f}x"))
    largest, _ = bench.content(max(bench.profiles))
    return rows + stage_rows(bench, largest) + kind_rows(bench, largest) + [memory_row(largest, max(bench.profiles))]


def _size_row(profiles: int, files: int, seconds: float, errors: int, warnings: int) -> Row:
    ms = seconds * 1000 / files
    checked = files >= TARGET_AT_FILES
    note = "" if errors == warnings == 0 else f" ({errors} errors, {warnings} warnings!)"
    return Row(SECTION, f"validate {profiles:,} profiles ({files:,} files)",
               f"{seconds:.2f} s = {ms:.2f} ms/file{note}",
               f"<= {TARGET_MS_PER_FILE:g} ms/file" if checked else "",
               verdict(ms, TARGET_MS_PER_FILE) if checked else "")


def stage_rows(bench: Bench, folder: Path) -> list[Row]:
    """Time each stage of validating `folder`, and the full jsonschema pass the fast check avoids."""
    read, files = bench.timed(FolderSource(folder).files)
    parse, loaded = bench.timed(lambda: load(Preread(files, str(folder))))
    documents = loaded.documents
    checked, _ = bench.timed(lambda: validate_loaded(loaded, dt.date.today()))
    schema, _ = bench.timed(lambda: [schema_check.check(d) for d in documents])
    full, _ = bench.once(lambda: [list(schemas.validator(d.kind).iter_errors(d.data)) for d in documents])
    total = read + parse + checked
    rows = [Row(SECTION, f"  stage: {name}",
                f"{seconds:.2f} s = {_ms(seconds, documents)} ms/file ({seconds / total:.0%})")
            for name, seconds in (("read files", read), ("YAML parse into documents", parse),
                                  ("schema check, catalog and rules", checked))]
    rows.append(Row(SECTION, "    of which schema check", f"{schema:.2f} s = {_ms(schema, documents)} ms/file"))
    rows.append(Row(SECTION, "    (jsonschema iter_errors on every file instead)",
                    f"{full:.2f} s = {_ms(full, documents)} ms/file"))
    return rows


def kind_rows(bench: Bench, folder: Path) -> list[Row]:
    """Time parse and schema check per ICP file and per persona file: ICPs are larger and their schema richer."""
    files = FolderSource(folder).files()
    rows = []
    for kind, prefix in (("ICP", "icps/"), ("persona", "personas/")):
        chosen = [f for f in files if f.path.startswith(prefix)]
        parse, loaded = bench.timed(lambda chosen=chosen: load(Preread(chosen, str(folder))))
        schema, _ = bench.timed(lambda loaded=loaded: [schema_check.check(d) for d in loaded.documents])
        size = sum(len(f.data) for f in chosen) / max(1, len(chosen)) / 1024
        rows.append(Row(SECTION, f"  {kind} files ({size:.1f} KB avg): parse + schema",
                        f"{_ms(parse, loaded.documents)} + {_ms(schema, loaded.documents)} ms/file"))
    return rows


def memory_row(folder: Path, profiles: int) -> Row:
    """Return the peak resident memory of a fresh process validating `folder`, and its share after imports."""
    child = subprocess.run([sys.executable, "-c", _PEAK_RSS, str(folder)], cwd=REPO, capture_output=True, text=True,
                           check=True)
    after_imports, peak = (int(kib) / 1024 for kib in child.stdout.split())
    return Row(SECTION, f"peak RSS of a process validating {profiles:,} profiles",
               f"{peak:.0f} MiB ({after_imports:.0f} MiB after imports)")


# VmHWM is the peak of this process's memory; ru_maxrss would carry the parent's peak across exec.
_PEAK_RSS = """
import sys
from pathlib import Path
from icpdocs.validate import validate_folder
def peak():
    return next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
after_imports = peak()
validate_folder(Path(sys.argv[1]))
print(after_imports, peak())
"""


def _ms(seconds: float, documents: list[Document]) -> str:
    return f"{seconds * 1000 / max(1, len(documents)):.3f}"
