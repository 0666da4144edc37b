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

    def enqueue(self, article: Article) -> str:
        """Queue one article for the workers; returns its id."""
        self.store.mark_queued(article)
        self.app.send_task(TASK_NAME, args=[article.model_dump(mode="json")], queue=self.settings.queue)
        return article.id
