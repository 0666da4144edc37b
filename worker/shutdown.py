"""A worker whose stop waits only as long as its articles take, up to SHUTDOWN_WINDOW_S.

On SIGTERM Celery's soft shutdown sleeps the whole window whenever an article is running, even one that
finishes a moment later. This worker polls the articles' status in Redis instead: each one that finished
is acknowledged at once, and the stop goes on as soon as none is left running. Articles still running
when the window closes are cancelled and handed back (task_reject_on_worker_lost).
"""

from __future__ import annotations

import time
from functools import cached_property
from typing import Any

import structlog
from celery import Celery
from celery.apps.worker import Worker
from celery.worker import state

from worker.inputs import guess_id

POLL_S = 0.05
log = structlog.get_logger()


def _article_id(request: Any) -> str | None:
    """The id of the article a task request carries, None when it carries no single article."""
    args = request.args or []
    return guess_id(args[0]) if len(args) == 1 else None


class PromptWorker(Worker):  # type: ignore[misc]
    """Celery's worker with a soft shutdown that ends when the running articles do."""

    def wait_for_soft_shutdown(self) -> None:
        """Wait until every running article is finished in Redis (acknowledging it), or the window ends."""
        from worker.runtime import store_for

        store = store_for(self.app.newsworker_settings)
        deadline = time.monotonic() + float(self.app.conf.worker_soft_shutdown_timeout)
        while time.monotonic() < deadline:
            running = [r for r in tuple(state.active_requests) if not r.acknowledged]
            if not running:
                return
            for request in running:
                article_id = _article_id(request)
                if article_id is not None and store.status(article_id) in ("done", "failed"):
                    request.acknowledge()
            time.sleep(POLL_S)
        log.warning("shutdown_window_closed", handed_back=len(tuple(state.active_requests)))


class PromptCelery(Celery):  # type: ignore[misc]
    """The worker's Celery app: its `Worker` is the PromptWorker."""

    @cached_property
    def Worker(self) -> Any:  # Celery's name
        """The worker application class bound to this app."""
        return self.subclass_with_self(PromptWorker)
