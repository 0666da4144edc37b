"""Publishing articles to the queue: the Python producer API behind `newsworker enqueue`."""

from __future__ import annotations

from celery import Celery

from worker.models import Article
from worker.settings import Settings
from worker.store import Store
from worker.tasks import TASK_NAME


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

    def retry(self, article_id: str) -> bool:
        """Re-enqueue a stored (typically failed) article from its hash; False when it has no text."""
        fields = self.store.article_fields(article_id)
        if not fields.get("text"):
            return False
        kept = {k: fields[k] for k in ("text", "title", "url", "source") if k in fields}
        article = Article(id=article_id, language=fields.get("given_language"), **kept)
        return self.enqueue(article, force=True)
