"""What every benchmark section shares: the run's settings, generated data, timing and result rows."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from benchmarks.generate import ContentStats, generate_content, profile_split

T = TypeVar("T")
K = TypeVar("K")


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
    _contents: dict[int, tuple[Path, ContentStats]] = field(default_factory=dict)
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


def _cpu() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def verdict(value: float, limit: float) -> str:
    return "ok" if value <= limit else "MISSED"
