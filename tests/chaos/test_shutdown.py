"""SIGTERM: a worker finishes or hands back its article within the shutdown window, and nothing is lost."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.chaos.poisoned_worker import SLOW_MARK
from tests.support import RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.keys import Keys
from worker.models import Article
from worker.producer import open_producer
from worker.settings import Settings
from worker.store import Store, connect

pytestmark = pytest.mark.chaos


def test_sigterm_hands_back_an_unfinished_article_within_the_window(tmp_path: Path) -> None:
    """A worker stuck on an article exits within SHUTDOWN_WINDOW_S of SIGTERM; another worker finishes it."""
    server = RedisServer(require_redis_server(), tmp_path / "redis")
    server.start()
    slow: WorkerProcess | None = None
    try:
        env = worker_env(server.url, "term", shutdown_window_s="3", metrics_port="0")
        store = Store(connect(server.url), Keys("term"))
        slow = WorkerProcess(env, tmp_path / "slow.log", 1, module="tests.chaos.poisoned_worker")
        slow.start()
        wait_for(lambda: store.live_workers(), 60, "the first worker")
        article = Article(id="slow-1", text=f"Anna Kowalski said the vote was delayed. {SLOW_MARK}")
        assert open_producer(Settings(redis_url=server.url, key_prefix="term", queue="term")).enqueue(article)
        wait_for(lambda: store.article_fields("slow-1").get("status") == "processing", 60, "the slow article")
        began = time.monotonic()
        slow.terminate()
        slow.wait(30)
        assert time.monotonic() - began < 3 + 10  # the window, plus the time to cancel and close cleanly
        healthy = WorkerProcess(worker_env(server.url, "term", metrics_port="0"), tmp_path / "healthy.log", 1)
        healthy.start()
        try:
            wait_for(
                lambda: store.article_fields("slow-1").get("status") == "done", 90, "the handed-back article"
            )
        finally:
            healthy.stop()
        assert store.article_fields("slow-1")["attempts"] == "2"
        assert store.unacked_messages() == [] and store.queue_length("term") == 0
    finally:
        if slow is not None:
            slow.kill()
        server.stop()


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "short-article"])
def test_sigterm_exits_within_two_seconds_when_nothing_long_runs(tmp_path: Path, busy: bool) -> None:
    """Idle, or with an article that finishes at once, a worker stops within 2 s, its article acked once."""
    server = RedisServer(require_redis_server(), tmp_path / "redis")
    server.start()
    settings = Settings(redis_url=server.url, key_prefix="quick", queue="quick")
    store = Store(connect(server.url), Keys("quick"))
    worker = WorkerProcess(worker_env(server.url, "quick", metrics_port="0"), tmp_path / "w.log", 1)
    worker.start()
    try:
        wait_for(lambda: store.live_workers(), 90, "the worker")
        article = Article(id="quick-1", text="Anna Kowalski said the vote went ahead. " * 80)  # runs ~0.3 s
        if busy:
            assert open_producer(settings).enqueue(article)
            wait_for(lambda: store.status("quick-1") == "processing", 60, "the article to start")
        stopped_s = _sigterm_seconds(worker)
        print(f"\nshutdown: busy={busy} stopped_s={stopped_s:.2f}")
        assert stopped_s < 2.0
        if busy:
            assert store.status("quick-1") == "done"
        assert store.queue_length("quick") == 0 and store.unacked_messages() == []
    finally:
        worker.stop()
        server.stop()


def test_sigterm_while_redis_is_away_stops_the_worker_promptly(tmp_path: Path) -> None:
    """A worker retrying a lost broker still honours SIGTERM: exit 0 within 5 s (measured 1.5 s)."""
    server = RedisServer(require_redis_server(), tmp_path / "redis")
    server.start()
    worker = WorkerProcess(worker_env(server.url, "away", metrics_port="0"), tmp_path / "w.log", 1)
    worker.start()
    try:
        wait_for(lambda: "ready." in (tmp_path / "w.log").read_text(), 90, "the worker")
        server.stop()
        wait_for(lambda: "broker_unreachable" in (tmp_path / "w.log").read_text(), 30, "the reconnect loop")
        stopped_s = _sigterm_seconds(worker)
        print(f"\nshutdown: redis away stopped_s={stopped_s:.2f}")
        assert stopped_s < 5.0
    finally:
        worker.kill()


def _sigterm_seconds(worker: WorkerProcess) -> float:
    """Send SIGTERM and wait for exit status 0; the seconds the worker took to stop."""
    began = time.monotonic()
    worker.terminate()
    assert worker.wait(30) == 0
    return time.monotonic() - began
