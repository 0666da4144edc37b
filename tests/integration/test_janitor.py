"""The janitor re-publishes articles whose message was lost, and leaves alone those still on their way."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
import redis

from tests.support import RedisServer, WorkerProcess, wait_for, worker_env
from worker.janitor import lost_articles
from worker.keys import Keys
from worker.models import Article
from worker.protocol import raw_message
from worker.settings import Settings
from worker.store import UNACKED_KEY, Store, connect

pytestmark = pytest.mark.integration
FAST = {
    "soft_time_limit_s": "2",
    "time_limit_s": "3",
    "visibility_timeout_s": "4",
    "restore_interval_s": "1",
    "heartbeat_ttl_s": "3",
    "metrics_port": "0",
}


@pytest.fixture
def fresh(redis_server: RedisServer) -> tuple[Store, Settings]:
    """A store and settings under a prefix and queue of their own, with short redelivery times."""
    prefix = "jan-" + uuid.uuid4().hex[:6]
    settings = Settings(
        redis_url=redis_server.url, key_prefix=prefix, queue=prefix, **{k: int(v) for k, v in FAST.items()}
    )
    return Store(connect(redis_server.url), Keys(prefix)), settings


def test_queued_article_without_a_message_is_found_lost(fresh: tuple[Store, Settings]) -> None:
    """Queued past a redelivery time, with an empty queue and no worker holding it: lost."""
    store, settings = fresh
    store.mark_queued(Article(id="lost-1", text="Nobody delivered this."))
    assert lost_articles(store, settings, time.time()) == []  # too recent to judge
    assert lost_articles(store, settings, time.time() + 10) == ["lost-1"]


def test_article_with_a_waiting_or_held_message_is_not_lost(
    redis_client: redis.Redis, fresh: tuple[Store, Settings]
) -> None:
    """A backlog on the queue, or the message in kombu's unacked hash, means it is still on its way."""
    store, settings = fresh
    article = Article(id="held-1", text="Still on its way.")
    store.mark_queued(article)
    redis_client.lpush(settings.queue, raw_message(article.model_dump(mode="json"), queue=settings.queue))
    assert lost_articles(store, settings, time.time() + 10) == []
    message = redis_client.rpop(settings.queue)
    redis_client.hset(UNACKED_KEY, "tag-held-1", json.dumps([json.loads(message), "", settings.queue]))
    try:
        assert lost_articles(store, settings, time.time() + 10) == []
    finally:
        redis_client.hdel(UNACKED_KEY, "tag-held-1")


def test_worker_republishes_a_lost_article_and_it_gets_done(
    fresh: tuple[Store, Settings], tmp_path: Path
) -> None:
    """An article recorded as queued whose message never reached Redis is published again and processed."""
    store, settings = fresh
    assert settings.redis_url is not None
    worker = WorkerProcess(
        worker_env(settings.redis_url, settings.key_prefix, **FAST), tmp_path / "worker.log", 1
    )
    worker.start()
    try:
        store.mark_queued(Article(id="lost-2", text="Maria Lopez said the message vanished."))
        wait_for(lambda: store.article_fields("lost-2").get("status") == "done", 60, "the lost article")
    finally:
        worker.stop()
    assert store.article_fields("lost-2")["attempts"] == "1"
