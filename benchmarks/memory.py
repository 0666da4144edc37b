"""Memory of a worker: RSS of the main process and private memory (USS) of each pool child.

`python -m benchmarks.memory`: only the soak of the throughput benchmark, 2,000 real news articles through a
2-process worker, memory read after the first article and in eight steps (about 4 minutes on 2 cores).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy loads, as the worker runs

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import psutil

MB = 1024 * 1024
LIMIT_MB = 50.0  # each pool child's private memory after 2,000 articles (issue 13)
GROWTH_MB = 5.0  # a pool child's growth from a quarter of the run to its end


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


def soak(kind: str, count: int, concurrency: int) -> list[Snapshot]:
    """Feed `count` articles to a fresh worker; a snapshot after the first and after each eighth."""
    from benchmarks.cluster import Worker, redis_server, renamed
    from benchmarks.corpus import load_corpus, soak_articles

    first = load_corpus(kind, min(count, 170))
    articles = renamed(first + soak_articles(kind, count - len(first), len(first)), "mem")
    server = redis_server()
    try:
        with Worker(server.url, concurrency, "mem") as worker:
            worker.run_batch(articles[:1])
            points = [snapshot(worker.pid, 1)]
            print(points[0].line(), flush=True)
            step = -(-(count - 1) // 8)
            for start in range(1, count, step):
                worker.run_batch(articles[start : start + step])
                points.append(snapshot(worker.pid, min(start + step, count)))
                print(points[-1].line(), flush=True)
    finally:
        server.stop()
    return points


def main(argv: list[str] | None = None) -> int:
    """Run the soak and print each snapshot, the slope and the targets; exit 1 when one is missed."""
    from benchmarks.corpus import KINDS, default_kind

    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--corpus", choices=KINDS, default=default_kind())
    args = parser.parse_args(argv)
    points = soak(args.corpus, args.articles, args.concurrency)
    largest, growth = max(points[-1].children_uss_mb), growth_mb(points[len(points) // 4], points[-1])
    print(f"slope of the largest child: {slope_mb_per_1000(points[1:]):+.2f} MB per 1,000 articles")
    verdicts = [("largest pool child private MB", largest, LIMIT_MB), ("growth MB", growth, GROWTH_MB)]
    for name, value, limit in verdicts:
        print(f"{'PASS' if value <= limit else 'FAIL'}  {name:<32} {value:7.1f}  (target <= {limit:g})")
    return 0 if all(value <= limit for _, value, limit in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
