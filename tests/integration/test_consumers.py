"""Consumers: `watch` follows results as they land, `export` writes them, `find` looks them up."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import redis
from celery import Celery

from tests.support import ROOT, WorkerProcess, run_cli, wait_for, worker_env
from worker.local import wait_until_finished
from worker.models import Article
from worker.producer import Producer
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.integration


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    assert settings.redis_url is not None
    return run_cli(worker_env(settings.redis_url, settings.key_prefix), *args, timeout_s=120)


def test_watch_prints_articles_as_they_land(
    app: Celery, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """`watch --count 2` started before two articles are enqueued prints both, then exits."""
    assert settings.redis_url is not None
    env = worker_env(settings.redis_url, settings.key_prefix)
    watcher = subprocess.Popen(
        [sys.executable, "-m", "worker", "watch", "--count", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)  # let the watcher take its position on the stream
    producer = Producer(app, store, settings)
    first = Article(
        id="watch-1", title="Council vote", text="Maria Lopez said the council will vote on Monday."
    )
    second = Article(id="watch-2", title="Port plan", text="James Okafor said the port plan is ready.")
    assert producer.enqueue(first) and producer.enqueue(second)
    out, _ = watcher.communicate(timeout=90)
    lines = out.splitlines()
    assert sorted(line.split()[1] for line in lines if line.startswith("done")) == ["watch-1", "watch-2"]
    assert any(line.startswith("        entities: Maria Lopez | quotes: ") for line in lines)


def test_export_writes_results_finished_since_a_time(
    store: Store, settings: Settings, worker: WorkerProcess, app: Celery
) -> None:
    """`export --since T` writes the results finished at or after T as JSON lines, oldest first."""
    producer = Producer(app, store, settings)
    before = Article(id="export-old", text="Anna Kowalski said the first report is out.")
    producer.enqueue(before)
    wait_until_finished(store, [before.id], 60, progress=False)
    since = time.time()
    time.sleep(0.01)
    after = Article(id="export-new", text="Rahul Mehta said the second report is out.")
    producer.enqueue(after)
    wait_until_finished(store, [after.id], 60, progress=False)
    out = _cli(settings, "export", "--since", str(since))
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["export-new"] and rows[0]["status"] == "done"
    assert out.stderr.strip() == "exported 1 results"


def test_find_lists_articles_by_entity_or_speaker(
    store: Store, settings: Settings, worker: WorkerProcess, app: Celery
) -> None:
    """`find "Lars Nilsson"` lists the article where he is an entity and a speaker."""
    article = Article(
        id="find-1", title="Ferry news", text="Lars Nilsson said the ferry will run again. Nilsson smiled."
    )
    Producer(app, store, settings).enqueue(article)
    wait_for(lambda: store.article_fields("find-1").get("status") == "done", 60, "the article")
    out = _cli(settings, "find", "lars nilsson")
    rows = [line.split("\t") for line in out.stdout.splitlines()]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("find-1", "Ferry news", "entity PERSON"),
        ("find-1", "Ferry news", "speaker"),
    ]
    assert _cli(settings, "find", "Nobody Here").returncode == 1


def test_retry_requeues_failed_articles_from_their_stored_text(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess, app: Celery
) -> None:
    """`retry --failed` sends dead-lettered articles back through a worker; one without text is reported."""
    from worker.models import ErrorInfo
    from worker.store import failed_result

    article = Article(id="retry-1", title="Second chance", text="Sophie Martin said the retry worked.")
    store.mark_queued(article)
    store.mark_processing(article)
    store.save_result(
        failed_result(
            "retry-1", "Second chance", "1/x.1", ErrorInfo(type="Boom", message="article retry-1: boom")
        )
    )
    store.save_result(
        failed_result("retry-notext", None, "1/x.1", ErrorInfo(type="InvalidArticle", message="no text"))
    )
    out = _cli(settings, "retry", "--failed")
    assert "requeued retry-1 (from its text)" in out.stdout.splitlines()
    assert (
        "error: retry-notext: no stored text or complete payload (use --payload FILE)"
        in out.stdout.splitlines()
    )
    assert out.returncode == 1
    wait_for(lambda: store.article_fields("retry-1").get("status") == "done", 60, "the retried article")
    assert redis_client.zscore(store.keys.failed, "retry-1") is None
    assert store.article_fields("retry-1")["attempts"] == "1"
