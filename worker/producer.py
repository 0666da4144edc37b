"""Publishing articles to the queue: the Python producer API behind `newsworker enqueue` and `retry`."""

from __future__ import annotations

import base64
import json
from typing import Any

from celery import Celery

from worker.errors import InvalidArticleError
from worker.models import Article
from worker.protocol import TASK_NAME
from worker.settings import Settings
from worker.store import Store


class Producer:
    """Records articles as queued in Redis and publishes their messages (JSON) to the work queue."""

    def __init__(self, app: Celery, store: Store, settings: Settings) -> None:
        self.app = app
        self.store = store
        self.settings = settings

    def enqueue(self, article: Article, force: bool = False) -> bool:
        """Queue one article; False when the same id and text is already queued, processing or done."""
        if not self.store.mark_queued(article, force=force):
            return False
        try:
            self.app.send_task(TASK_NAME, args=[article.model_dump(mode="json")], queue=self.settings.queue)
        except Exception:
            self.store.unqueue(article.id)  # not published: don't leave it looking queued
            raise
        return True

    def retry(self, article_id: str, payload: bytes | None = None) -> str | None:
        """Publish a failed article again: from `payload` when given, else its stored text, else the
        payload its dead letter kept. Returns how (`text`, `article`, `message`); None: nothing to send."""
        if payload is None:
            fields = self.store.article_fields(article_id)
            if fields.get("text"):
                kept = {k: fields[k] for k in ("text", "title", "url", "source") if k in fields}
                article = Article(id=article_id, language=fields.get("given_language"), **kept)
                self.enqueue(article, force=True)
                return "text"
            payload = kept_payload(fields)
            if payload is None:
                return None
        return self.replay(payload)

    def replay(self, payload: bytes) -> str:
        """Send a payload again: a queue envelope as it is, an article object as a new task message."""
        try:
            data: Any = json.loads(payload)
        except ValueError:
            data = None
        if isinstance(data, dict) and "headers" in data and "properties" in data:
            self.store.push_raw(self.settings.queue, payload)
            return "message"
        if isinstance(data, dict):
            self.app.send_task(TASK_NAME, args=[data], queue=self.settings.queue)
            return "article"
        raise InvalidArticleError("payload", "a replayed payload must be a JSON article or a queue envelope")


def kept_payload(fields: dict[str, str]) -> bytes | None:
    """The payload a dead-lettered article kept (None when none, or when it was cut at the cap)."""
    if not fields.get("payload") or fields.get("truncated") == "1":
        return None
    if fields.get("payload_encoding") == "base64":
        return base64.b64decode(fields["payload"])
    return fields["payload"].encode("utf-8")


def open_producer(settings: Settings) -> Producer:
    """A producer on the settings' (resolved) Redis, with a publishing-only Celery app."""
    from worker.celery_app import make_publisher
    from worker.runtime import open_store

    return Producer(make_publisher(settings), open_store(settings), settings)
