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


def lost_after_s(settings: Settings) -> int:
    """How long a `queued` article may go unseen (not on the queue, not held) before it counts as lost.

    A message is always on the queue or in the unacked hash except for a few milliseconds: between BRPOP and
    the unacked record, and between the producer's record and its publish. So two sweep intervals are ample;
    waiting for the visibility timeout instead kept an article lost by a Redis restart waiting ~35 s, and a
    rare false alarm costs only a duplicate delivery, which is harmless.
    """
    return 2 * settings.restore_interval_s


def lost_articles(store: Store, settings: Settings, now: float) -> list[str]:
    """Articles queued longer than a redelivery takes, while the queue is empty and no worker holds them."""
    if store.queue_length(settings.queue) > 0:
        return []  # a backlog: their messages may simply be waiting; look again when it has drained
    cutoff = now - lost_after_s(settings)
    stale = store.queued_before(cutoff)
    if not stale:
        return []
    held = in_flight_ids(store)
    return [article_id for article_id in stale if article_id not in held]


def requeue_lost(store: Store, settings: Settings, publish: Callable[[dict[str, Any]], None]) -> list[str]:
    """Publish again every lost article (one worker at a time, under a short lock); returns their ids."""
    if not store.take_janitor_lock(max(1, settings.restore_interval_s - 1)):  # one sweep an interval
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
