"""What every benchmark section shares: the run's settings, generated data, timing and result rows."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.generate import ContentStats, HistoryStats, generate_content, generate_history, profile_split

T = TypeVar("T")
K = TypeVar("K")
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One measured figure: which section, what was measured, the value, and the target if there is one."""

    section: str
    measure: str
    value: str
    target: str = ""
    verdict: str = ""


@dataclass
class Bench:
    """One benchmark run: its settings and the data generated for it, shared by all sections."""

    workdir: Path
    profiles: tuple[int, ...] = (300, 3000)
    repeats: int = 3
    seed: int = 7
    quick: bool = False
    _contents: dict[int, tuple[Path, ContentStats]] = field(default_factory=dict)
    _histories: dict[tuple[int, int], tuple[Path, HistoryStats]] = field(default_factory=dict)
    # Wall and CPU seconds (this process and the children it waited for) of everything timed.
    wall: float = 0.0
    cpu: float = 0.0

    def content(self, profiles: int) -> tuple[Path, ContentStats]:
        """Return a content folder of `profiles` ICP and persona files (10 personas per ICP), made once per run."""
        if profiles not in self._contents:
            icps, personas = profile_split(profiles)
            folder = self.workdir / f"content-{profiles}"
            self._contents[profiles] = (folder, generate_content(folder, icps=icps, personas=personas, seed=self.seed))
        return self._contents[profiles]

    def history(self, files: int, commits: int) -> tuple[Path, HistoryStats]:
        """Return a git repository of `commits` commits whose content/ ends with `files` files, made once per run."""
        if (files, commits) not in self._histories:
            repo = self.workdir / f"history-{files}x{commits}"
            history = generate_history(repo, files=files, commits=commits, seed=self.seed)
            self._histories[files, commits] = (repo, history)
        return self._histories[files, commits]

    def in_child(self, target: str, *args: str) -> dict[str, Any]:
        """Run `module:function` on `args` in a fresh Python process; return its JSON result, `wall`, `peak_mib`.

        A fresh process is what a user runs, and its peak memory is its own (`VmHWM`):
        this process's peak carries every earlier section's.
        """
        seconds, child = self.once(lambda: subprocess.run([sys.executable, "-c", _CHILD, target, *args], cwd=REPO,
                                                          capture_output=True, text=True, env=_CHILD_ENV))
        if child.returncode != 0:
            raise RuntimeError(f"{target} {' '.join(args)} failed:\n{child.stderr}")
        result: dict[str, Any] = json.loads(child.stdout.splitlines()[-1])
        return {**result, "wall": seconds}

    def best_in_children(self, runs: Mapping[K, tuple[str, ...]], key: str = "seconds") -> dict[K, dict[str, Any]]:
        """Run each `(target, *args)` in a fresh process, `repeats` rounds in turns; keep each one's smallest `key`.

        The kept result carries the largest `peak_mib` of its runs.
        """
        best: dict[K, dict[str, Any]] = {}
        for _ in range(max(1, self.repeats)):
            for name, (target, *args) in runs.items():
                result = self.in_child(target, *args)
                kept = best.get(name, result)
                chosen = result if result[key] <= kept[key] else kept
                best[name] = {**chosen, "peak_mib": max(result["peak_mib"], kept["peak_mib"])}
        return best

    def timed(self, action: Callable[[], T]) -> tuple[float, T]:
        """Run `action` `repeats` times; return the best wall time in seconds and the last result.

        The best, not the mean: slower runs measure what else the machine was doing.
        """
        return self.timed_together({None: action})[None]

    def once(self, action: Callable[[], T]) -> tuple[float, T]:
        """Run `action` once, after collecting earlier garbage; return its wall time in seconds and its result."""
        gc.collect()
        start, cpu = time.perf_counter(), _cpu()
        result = action()
        seconds = time.perf_counter() - start
        self.wall += seconds
        self.cpu += _cpu() - cpu
        return seconds, result

    def busy_row(self) -> Row:
        """Say whether the timed work had the CPU to itself: on a busy machine every time is inflated."""
        share = self.cpu / self.wall if self.wall else 1.0
        note = "quiet machine" if share >= 0.9 else "BUSY machine: other processes ran, times are inflated"
        return Row("run", "CPU time / wall time of the timed work", f"{share:.0%} ({note})")

    def timed_together(self, actions: dict[K, Callable[[], T]]) -> dict[K, tuple[float, T]]:
        """Time several actions in turns, `repeats` rounds; return each one's best time and last result.

        Taking turns spreads what else the machine does over all of them, so their ratio holds.
        """
        best: dict[K, float] = {}
        results: dict[K, T] = {}
        for _ in range(max(1, self.repeats)):
            for key, action in actions.items():
                results.pop(key, None)  # a result kept alive would make the next run's heap, and GC, bigger
                seconds, results[key] = self.once(action)
                best[key] = min(seconds, best.get(key, seconds))
        return {key: (best[key], results[key]) for key in actions}


# The child prints its result as the last line of its output, with the peak of its own memory.
_CHILD = """
import importlib, json, sys
module, function = sys.argv[1].split(":")
result = getattr(importlib.import_module(module), function)(*sys.argv[2:])
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({**result, "peak_mib": int(peak) / 1024}))
"""
_CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"
