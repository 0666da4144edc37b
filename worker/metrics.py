"""Prometheus metrics, prefork-safe: pool children write to a shared directory, the main process serves."""

from __future__ import annotations

import functools
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from wsgiref.types import WSGIApplication

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
STAGE_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)


_multiprocess_dir: list[Path] = []  # set once in the worker's main process, inherited by forked children


def prepare_multiprocess_dir(data_dir: Path) -> Path:
    """A fresh directory for this worker's metric files; must run before prometheus_client is imported."""
    directory = (data_dir / f"metrics-{os.getpid()}").resolve()
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(directory)  # prometheus_client reads it at import
    _multiprocess_dir.append(directory)
    return directory


def remove_multiprocess_dir() -> None:
    """Delete this worker's metric files at shutdown."""
    for directory in _multiprocess_dir:
        shutil.rmtree(directory, ignore_errors=True)


@dataclass(frozen=True)
class Metrics:
    """The worker's metric families (counters and histograms shared across pool processes)."""

    articles: Any
    failures: Any
    stage_seconds: Any
    latency_seconds: Any


@functools.cache
def metrics() -> Metrics:
    """The metric families of this process, created on first use (after the multiprocess dir is set)."""
    from prometheus_client import Counter, Histogram

    return Metrics(
        articles=Counter("newsworker_articles", "Articles finished, by final status", ["status"]),
        failures=Counter("newsworker_articles_failed", "Failed articles, by reason (error type)", ["reason"]),
        stage_seconds=Histogram(
            "newsworker_stage_duration_seconds",
            "Time in the parse and each stage",
            ["stage"],
            buckets=STAGE_BUCKETS,
        ),
        latency_seconds=Histogram(
            "newsworker_end_to_end_seconds", "From enqueue to finished", buckets=LATENCY_BUCKETS
        ),
    )


def observe(status: str, reason: str | None, durations_ms: dict[str, float], enqueued_at: str | None) -> None:
    """Count a finished article and record its stage times and end-to-end latency."""
    family = metrics()
    family.articles.labels(status).inc()
    if reason:
        family.failures.labels(reason).inc()
    for stage, ms in durations_ms.items():
        family.stage_seconds.labels(stage).observe(ms / 1000)
    if enqueued_at:
        started = datetime.fromisoformat(enqueued_at.replace("Z", "+00:00")).timestamp()
        family.latency_seconds.observe(max(0.0, time.time() - started))


class LiveCollector:
    """Gauges read at scrape time: queue length, dead letters, heartbeat age."""

    def __init__(self, read: Any) -> None:
        self.read = read  # () -> (queue_length, deadletters, heartbeat_age_s)

    def collect(self) -> Iterator[Any]:
        """Yield the current values (none when Redis cannot be reached)."""
        from prometheus_client.core import GaugeMetricFamily

        try:
            queue, letters, age = self.read()
        except Exception:  # a scrape must never fail because Redis is away
            return
        yield GaugeMetricFamily("newsworker_queue_length", "Messages waiting on the queue", value=queue)
        yield GaugeMetricFamily("newsworker_deadletters", "Entries in the dead-letter stream", value=letters)
        yield GaugeMetricFamily(
            "newsworker_heartbeat_age_seconds", "Seconds since this worker's last heartbeat", value=age
        )


def metrics_app(read: Any) -> WSGIApplication:
    """The /metrics answer of the main process: every pool child's values plus the live gauges."""
    from prometheus_client import CollectorRegistry, make_wsgi_app
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    registry.register(LiveCollector(read))
    return make_wsgi_app(registry)


def process_exited(pid: int) -> None:
    """Tell the multiprocess store a pool child is gone (its gauges no longer count)."""
    if _multiprocess_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]
