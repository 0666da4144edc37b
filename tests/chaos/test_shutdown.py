"""SIGTERM: a worker finishes or hands back its article within the shutdown window, and nothing is lost."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.chaos.poisoned_worker import SLOW_MARK
from tests.support import ROOT, RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
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
    slow: subprocess.Popen[bytes] | None = None
    try:
        env = worker_env(server.url, "term", shutdown_window_s="3", metrics_port="0")
        store = Store(connect(server.url), Keys("term"))
        slow = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.poisoned_worker", "worker", "--concurrency", "1"],
            env=env,
            cwd=ROOT,
            stdout=(tmp_path / "slow.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_for(lambda: store.live_workers(), 60, "the first worker")
        article = Article(id="slow-1", text=f"Anna Kowalski said the vote was delayed. {SLOW_MARK}")
        assert open_producer(Settings(redis_url=server.url, key_prefix="term", queue="term")).enqueue(article)
        wait_for(lambda: store.article_fields("slow-1").get("status") == "processing", 60, "the slow article")
        began = time.monotonic()
        slow.send_signal(signal.SIGTERM)
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
        assert store.client.hlen("unacked") == 0 and store.client.llen("term") == 0
    finally:
        if slow is not None and slow.poll() is None:
            slow.kill()
        server.stop()
