"""The safety net under kombu's Redis transport: re-publish articles whose message was lost.

kombu pops a message (BRPOP) and records it as unacknowledged in a second step; a worker killed between the
two loses the message, and a producer that dies between recording an article and publishing it leaves no
message at all. Either way the article stays `queued` with nothing in Redis to deliver it. A live worker
looks for such articles now and then and publishes them again; a duplicate is harmless, since starting and
committing an article are idempotent (worker/lua.py).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import structlog

from worker.consumer import message_payload
from worker.inputs import guess_id
from worker.models import Article
from worker.settings import Settings
from worker.store import Store

log = structlog.get_logger()


def in_flight_ids(store: Store) -> set[str]:
    """Ids of the articles carried by messages a worker holds unacknowledged right now."""
    ids = set()
    for raw in store.unacked_messages():
        try:
            message = json.loads(raw)[0]
            body = (
                base64.b64decode(message["body"])
                if message["properties"].get("body_encoding") == "base64"
                else message["body"]
            )
            ids.add(guess_id(message_payload(body)))
        except (ValueError, KeyError, IndexError, TypeError):
            continue
    return ids


def lost_articles(store: Store, settings: Settings, now: float) -> list[str]:
    """Articles queued longer than a redelivery takes, while the queue is empty and no worker holds them."""
    if store.queue_length(settings.queue) > 0:
        return []  # a backlog: their messages may simply be waiting; look again when it has drained
    cutoff = now - settings.visibility_timeout_s - 2 * settings.restore_interval_s
    stale = store.queued_before(cutoff)
    if not stale:
        return []
    held = in_flight_ids(store)
    return [article_id for article_id in stale if article_id not in held]


def requeue_lost(store: Store, settings: Settings, publish: Callable[[dict[str, Any]], None]) -> list[str]:
    """Publish again every lost article (one worker at a time, under a short lock); returns their ids."""
    if not store.take_janitor_lock(settings.restore_interval_s * 2):
        return []
    now = time.time()
    requeued = []
    for article_id in lost_articles(store, settings, now):
        fields = store.article_fields(article_id)
        if fields.get("status") != "queued" or not fields.get("text"):
            continue
        article = Article(
            id=article_id, **{k: fields[k] for k in ("text", "title", "url", "source") if k in fields}
        )
        store.touch_queued(article_id, now)
        publish(article.model_dump(mode="json"))
        requeued.append(article_id)
        log.warning("article_requeued", article_id=article_id, reason="message lost before delivery")
    return requeued
