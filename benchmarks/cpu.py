"""CPU accounting, so a pass can be judged on a busy machine: our CPU seconds and other processes' load."""

from __future__ import annotations

import resource
from dataclasses import dataclass

import psutil


def own_seconds() -> float:
    """CPU seconds of this process and its reaped children (forked pools, CLI subprocesses)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def tree_seconds(pids: list[int]) -> float:
    """CPU seconds of live processes and their live children (a worker and its pool, redis-server)."""
    total = 0.0
    for pid in pids:
        process = psutil.Process(pid)
        for member in (process, *process.children(recursive=True)):
            times = member.cpu_times()
            total += times.user + times.system
    return total


def split_seconds(worker_pid: int, redis_pid: int) -> dict[str, float]:
    """CPU seconds so far of a worker's main process, of its pool children together, and of redis-server."""
    main = psutil.Process(worker_pid)
    children = sum(sum(c.cpu_times()[:2]) for c in main.children(recursive=True))
    return {
        "worker main": sum(main.cpu_times()[:2]),
        "pool children": children,
        "redis-server": sum(psutil.Process(redis_pid).cpu_times()[:2]),
    }


def busy_seconds() -> float:
    """CPU seconds the whole machine spent busy (all processes, all cores) since boot."""
    times = psutil.cpu_times()
    return float(sum(times)) - float(times.idle) - float(getattr(times, "iowait", 0.0))


@dataclass(frozen=True)
class Reading:
    """Our CPU seconds and the machine's busy seconds at one moment."""

    ours: float
    busy: float


def reading(pids: list[int] | None = None) -> Reading:
    """Read the counters now; `pids` adds live processes we started (worker, redis-server)."""
    return Reading(own_seconds() + (tree_seconds(pids) if pids else 0.0), busy_seconds())


def usage(before: Reading, after: Reading, wall_s: float) -> tuple[float, float]:
    """(our CPU seconds, cores kept busy by other processes) between two readings."""
    ours = after.ours - before.ours
    return ours, max(after.busy - before.busy - ours, 0.0) / wall_s
