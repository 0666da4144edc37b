"""Operating a worker: the metrics endpoint after real work, and the `check` probe alive and dead."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT, RedisServer, WorkerProcess, wait_for, worker_env
from worker.celery_app import make_publisher
from worker.embedded import free_port
from worker.keys import Keys
from worker.local import wait_until_finished
from worker.models import Article
from worker.producer import Producer
from worker.protocol import TASK_NAME
from worker.settings import Settings
from worker.store import Store, connect

pytestmark = pytest.mark.integration


@pytest.fixture
def observed(
    redis_server: RedisServer, tmp_path: Path
) -> Iterator[tuple[WorkerProcess, dict[str, str], int]]:
    """A worker with its own data dir (heartbeat files) and metrics port."""
    port = free_port()
    env = worker_env(redis_server.url, "ops", data_dir=str(tmp_path / "data"), metrics_port=str(port))
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=2)
    worker.start()
    yield worker, env, port
    worker.stop()


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "worker", "check", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def _scrape(port: int) -> dict[str, float]:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return {
        line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line and line[0] != "#"
    }


def test_metrics_count_what_the_worker_did(
    observed: tuple[WorkerProcess, dict[str, str], int], redis_server: RedisServer
) -> None:
    """After two good articles and one bad, the endpoint shows the counts, stage timings and live gauges."""
    _worker, env, port = observed
    settings = Settings(redis_url=redis_server.url, key_prefix="ops", queue="ops")
    store = Store(connect(redis_server.url), Keys("ops"))
    wait_for(lambda: _check(env).returncode == 0, 60, "the worker to be alive")
    app = make_publisher(settings)
    producer = Producer(app, store, settings)
    good = [Article(id=f"ops-{n}", text=f"Aiko Tanaka said report {n} is ready.") for n in range(2)]
    for article in good:
        producer.enqueue(article)
    app.send_task(TASK_NAME, args=[{"id": "ops-bad", "text": " "}], queue="ops")
    assert wait_until_finished(store, ["ops-0", "ops-1", "ops-bad"], 60, progress=False) == []
    values = _scrape(port)
    assert values['newsworker_articles_total{status="done"}'] == 2
    assert values['newsworker_articles_total{status="failed"}'] == 1
    assert values['newsworker_articles_failed_total{reason="InvalidArticle"}'] == 1
    for stage in ("parse", "summary", "entities", "quotes"):
        assert values[f'newsworker_stage_duration_seconds_count{{stage="{stage}"}}'] == 2
    assert values["newsworker_end_to_end_seconds_count"] == 2  # the raw bad message was never enqueued
    assert values["newsworker_queue_length"] == 0 and values["newsworker_deadletters"] == 1
    assert 0 <= values["newsworker_heartbeat_age_seconds"] < 30


def test_task_events_start_off_and_a_flower_style_broadcast_turns_them_on(
    observed: tuple[WorkerProcess, dict[str, str], int], redis_server: RedisServer
) -> None:
    """Task events cost the worker CPU, so they are off until asked: `enable_events`, which Flower
    broadcasts by itself, switches them on (the first reply says so; the second finds them on)."""
    _worker, env, _port = observed
    wait_for(lambda: _check(env).returncode == 0, 60, "the worker to be alive")
    app = make_publisher(Settings(redis_url=redis_server.url, key_prefix="ops", queue="ops"))

    def replies() -> list[str]:
        answers = app.control.enable_events(reply=True, timeout=5)
        return [status["ok"] for answer in answers for status in answer.values()]

    assert replies() == ["task events enabled"]
    assert replies() == ["task events already enabled"]


def test_check_is_alive_while_the_worker_runs_and_dead_after(
    observed: tuple[WorkerProcess, dict[str, str], int],
) -> None:
    """`check` exits 0 with a live consuming worker, 1 after it stops cleanly or is killed."""
    worker, env, _port = observed
    wait_for(lambda: _check(env).returncode == 0, 60, "the worker to be alive")
    assert _check(env).stdout.startswith("ok: newsworker-")
    worker.kill()
    time.sleep(1.5)
    dead = _check(env, "--max-age", "1")
    assert dead.returncode == 1 and dead.stderr.startswith("heartbeat stale: newest is ")


def test_check_without_any_worker_fails(tmp_path: Path) -> None:
    """No heartbeat at all is a failure naming where it looked."""
    env = worker_env("redis://127.0.0.1:1/0", "none", data_dir=str(tmp_path))
    result = _check(env)
    assert result.returncode == 1
    assert result.stderr.strip() == f"no worker heartbeat under {tmp_path / 'heartbeats'}"


def test_check_imports_neither_spacy_nor_celery(tmp_path: Path) -> None:
    """The probe stays cheap: it never loads the NLP model or the queue library."""
    code = (
        "import sys; from worker.cli import main; main(['check']);"
        "print(sorted(m for m in ('spacy', 'celery', 'thinc') if m in sys.modules))"
    )
    env = worker_env("redis://127.0.0.1:1/0", "none", data_dir=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=30
    )
    assert out.stdout.strip() == "[]"


def test_sigterm_removes_the_workers_heartbeats(redis_server: RedisServer, tmp_path: Path) -> None:
    """A worker stopped with SIGTERM leaves no heartbeat behind: `status` and `check` see it gone at once."""
    env = worker_env(redis_server.url, "bye", data_dir=str(tmp_path / "data"), metrics_port="0")
    store = Store(connect(redis_server.url), Keys("bye"))
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=1)
    worker.start()
    wait_for(lambda: store.live_workers(), 60, "the worker")
    worker.stop()
    assert store.live_workers() == []
    assert _check(env).stderr.strip() == f"no worker heartbeat under {tmp_path / 'data' / 'heartbeats'}"
