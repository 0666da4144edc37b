"""`newsworker reprocess`: stored articles made by another pipeline version are remade by a real worker."""

from __future__ import annotations

import pytest
from celery import Celery

from tests.support import WorkerProcess, run_cli, wait_for, worker_env
from worker.local import wait_until_finished
from worker.models import Article
from worker.pipeline import pipeline_version
from worker.producer import Producer
from worker.settings import Settings
from worker.store import Store, connect

pytestmark = pytest.mark.integration
IDS = ["rp-1", "rp-2", "rp-3"]


def _version(store: Store, article_id: str) -> str:
    return store.article_fields(article_id).get("pipeline_version", "")


def test_reprocess_remakes_stale_results_and_counts_them_first(
    settings: Settings, store: Store, app: Celery, worker: WorkerProcess
) -> None:
    """--dry-run counts the stale articles; --stale requeues only them; named ids go whatever their version."""
    assert settings.redis_url is not None
    producer = Producer(app, store, settings)
    for n, article_id in enumerate(IDS):
        producer.enqueue(Article(id=article_id, text=f"Aiko Tanaka said version {n} is out."))
    assert wait_until_finished(store, IDS, 90, progress=False) == []
    raw = connect(settings.redis_url)
    for article_id in IDS[:2]:  # as if an older pipeline had made these two
        raw.hset(store.keys.article(article_id), "pipeline_version", "0/summary.1")
    untouched = store.article_fields("rp-3")["finished_at"]
    env = worker_env(settings.redis_url, settings.key_prefix)
    current = pipeline_version()

    dry = run_cli(env, "reprocess", "--stale", "--dry-run")
    assert (dry.returncode, dry.stdout) == (0, f"would requeue 2 articles (pipeline now {current})\n")
    assert [_version(store, i) for i in IDS] == ["0/summary.1", "0/summary.1", current]

    stale = run_cli(env, "reprocess", "--stale")
    assert (stale.returncode, stale.stdout) == (0, f"requeued 2 articles for pipeline {current}\n")
    wait_for(lambda: [_version(store, i) for i in IDS] == [current] * 3, 90, "the stale articles remade")
    wait_for(lambda: all(store.article_fields(i)["status"] == "done" for i in IDS), 30, "all done")
    assert store.article_fields("rp-3")["finished_at"] == untouched
    assert run_cli(env, "reprocess", "--stale", "--dry-run").stdout.startswith("would requeue 0 articles")

    named = run_cli(env, "reprocess", "rp-3", "no-such-article")
    assert named.returncode == 1 and named.stderr == "error: no stored text for no-such-article\n"
    assert named.stdout == f"requeued 1 article for pipeline {current}\n"
    wait_for(lambda: store.article_fields("rp-3")["finished_at"] != untouched, 90, "rp-3 remade")
