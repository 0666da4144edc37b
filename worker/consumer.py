"""Celery's consumer, made to record messages it cannot run as failed articles, not only log them."""

from __future__ import annotations

import json
from typing import Any

import structlog
from celery.worker.consumer import Consumer
from kombu.exceptions import ContentDisallowed, DecodeError

from worker.inputs import guess_id
from worker.settings import Settings

log = structlog.get_logger()


def message_payload(body: Any) -> Any:
    """The article payload inside a message body (protocol 2: [args, kwargs, embed]), else the body."""
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return body
    if isinstance(body, list) and body and isinstance(body[0], list) and body[0]:
        return body[0][0]
    return body


class DeadLetteringConsumer(Consumer):  # type: ignore[misc]
    """Dead-letters undecodable, unknown and malformed messages (pickle included) with a clear error."""

    def _dead_letter(self, message: Any, body: Any, problem: str) -> None:
        from worker.tasks import fail, store_for

        settings: Settings = self.app.newsworker_settings
        article_id = guess_id(message_payload(message.body if body is None else body))
        try:
            fail(store_for(settings), article_id, None, "InvalidMessage", f"article {article_id}: {problem}")
        except Exception as exc:  # never let bookkeeping stop the consumer
            log.error("dead_letter_failed", article_id=article_id, error=str(exc))

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        """A body that is not JSON, or a refused content type such as pickle."""
        self._dead_letter(message, None, f"message refused: {exc} (content type {message.content_type!r})")
        super().on_decode_error(message, exc)

    def on_unknown_message(self, body: Any, message: Any) -> None:
        """A message without Celery's task headers."""
        self._dead_letter(message, body, "message has no task headers (not a Celery task message)")
        super().on_unknown_message(body, message)

    def on_unknown_task(self, body: Any, message: Any, exc: Exception) -> None:
        """A message for a task name this worker does not run."""
        name = (message.headers or {}).get("task")
        self._dead_letter(message, body, f"unknown task {name!r}: publish to newsworker.process_article")
        super().on_unknown_task(body, message, exc)

    def on_invalid_task(self, body: Any, message: Any, exc: Exception) -> None:
        """A task message whose envelope is malformed, or whose body could not be decoded."""
        if isinstance(exc, ContentDisallowed | DecodeError):
            problem = f"message refused: {exc} (content type {message.content_type!r})"
        else:
            problem = f"malformed task message: {exc}"
        self._dead_letter(message, body, problem)
        super().on_invalid_task(body, message, exc)
