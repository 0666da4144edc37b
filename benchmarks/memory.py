"""Memory of a worker: RSS of the main process and private memory (USS) of each pool child."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import psutil

MB = 1024 * 1024


def private_bytes(pid: int) -> int:
    """Private memory of a process (Private_Clean + Private_Dirty in /proc/<pid>/smaps_rollup)."""
    total = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("Private_Clean", "Private_Dirty"):
            total += int(rest.split()[0]) * 1024
    return total


@dataclass(frozen=True)
class Snapshot:
    """Memory of one worker after a number of articles."""

    articles: int
    main_rss_mb: float
    main_uss_mb: float
    children_uss_mb: tuple[float, ...]

    def line(self) -> str:
        """One printable line."""
        children = ", ".join(f"{mb:.1f}" for mb in self.children_uss_mb)
        return (
            f"after {self.articles:>5} articles: main RSS {self.main_rss_mb:6.1f} MB"
            f" (private {self.main_uss_mb:.1f}), pool children private MB: {children}"
        )


def snapshot(pid: int, articles: int) -> Snapshot:
    """Measure the worker whose main process is `pid` (pool children are its direct children)."""
    main = psutil.Process(pid)
    children = sorted(main.children(recursive=False), key=lambda p: p.pid)
    return Snapshot(
        articles=articles,
        main_rss_mb=main.memory_info().rss / MB,
        main_uss_mb=private_bytes(pid) / MB,
        children_uss_mb=tuple(private_bytes(child.pid) / MB for child in children),
    )


def growth_mb(early: Snapshot, late: Snapshot) -> float:
    """The largest growth of any pool child's private memory between two snapshots."""
    pairs = zip(early.children_uss_mb, late.children_uss_mb, strict=False)
    return max((b - a for a, b in pairs), default=0.0)


def slope_mb_per_1000(points: list[Snapshot]) -> float:
    """Least-squares slope of the largest child's private memory, in MB per 1,000 articles."""
    xs = [p.articles for p in points]
    ys = [max(p.children_uss_mb, default=0.0) for p in points]
    if len(points) < 2:
        return 0.0
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return (
        1000 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
        if spread
        else 0.0
    )
