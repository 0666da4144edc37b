"""Redis killed (-9) and restarted mid-run: processing resumes within 5 s, everything done within 15 s."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.support import RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.models import Article
from worker.producer import open_producer
from worker.runtime import open_store
from worker.settings import Settings

pytestmark = pytest.mark.chaos
ARTICLES, RESUME_S, ALL_DONE_S = 40, 5.0, 15.0
LIMITS = {
    "soft_time_limit_s": "8",
    "time_limit_s": "10",
    "visibility_timeout_s": "30",
    "restore_interval_s": "2",
}


def _finished(store: object, ids: list[str]) -> int:
    return sum(1 for i in ids if store.status(i) in ("done", "failed"))  # type: ignore[attr-defined]


def _state(store: Any, settings: Settings, ids: list[str], log: Path) -> str:
    """What a stuck run looked like: the unfinished articles, the queue, the unacked messages, the log's end."""
    stuck = {i: store.status(i) for i in ids if store.status(i) not in ("done", "failed")}
    tail = log.read_text(errors="replace").splitlines()[-60:]
    return "\n".join(
        [
            f"unfinished: {stuck}",
            f"queue length: {store.queue_length(settings.queue)}, unacked: {len(store.unacked_messages())}",
            f"live workers: {store.live_workers()}",
            "worker log (end):",
            *tail,
        ]
    )


def test_processing_resumes_promptly_after_redis_restarts(tmp_path: Path) -> None:
    """After kill -9 and restart, work resumes within 5 s and every article is done within 15 s, once each."""
    server = RedisServer(
        require_redis_server(), tmp_path / "redis", appendonly=True, extra=("--appendfsync", "always")
    )
    server.start()
    prefix = "rec-" + uuid.uuid4().hex[:6]
    settings = Settings(
        redis_url=server.url, key_prefix=prefix, queue=prefix, **{k: int(v) for k, v in LIMITS.items()}
    )
    store = open_store(settings)
    worker = WorkerProcess(worker_env(server.url, prefix, metrics_port="0", **LIMITS), tmp_path / "w.log", 2)
    worker.start()
    try:
        wait_for(lambda: store.live_workers(), 90, "the worker")
        producer = open_producer(settings)
        batch = [
            Article(id=f"rec-{n}", text=f"Maria Lopez said part {n} of the plan is ready. " * 30)
            for n in range(ARTICLES)
        ]
        for article in batch:
            assert producer.enqueue(article)
        ids = [a.id for a in batch]
        wait_for(lambda: _finished(store, ids) >= 5, 120, "the first articles")
        server.stop()
        time.sleep(5.0)  # long enough for Celery's default back-off to grow past 5 s
        server.start()
        back = time.monotonic()
        finished_at_restart = _finished(store, ids)
        wait_for(lambda: _finished(store, ids) > finished_at_restart, 30, "processing to resume")
        resumed_s = time.monotonic() - back
        try:
            wait_for(lambda: _finished(store, ids) == ARTICLES, 60, "every article")
        except AssertionError as error:
            raise AssertionError(f"{error}\n{_state(store, settings, ids, tmp_path / 'w.log')}") from None
        all_done_s = time.monotonic() - back
    finally:
        worker.stop()
    events = [fields for _id, fields in store.read_events("0-0", block_ms=0, count=10_000)]
    firsts = Counter(e["id"] for e in events if e.get("repeat") != "1")
    print(f"\nrecovery: resumed_s={resumed_s:.1f} all_done_s={all_done_s:.1f} events={len(events)}")
    statuses = {store.status(i) for i in ids}
    counts, counters = store.counts(), store.counters()
    server.stop()
    assert resumed_s < RESUME_S and all_done_s < ALL_DONE_S
    assert statuses == {"done"}
    assert firsts == Counter({i: 1 for i in ids})
    assert counters == {"done": ARTICLES} and counts == {
        "queued": 0,
        "processing": 0,
        "done": ARTICLES,
        "failed": 0,
    }
