"""Celery's consumer, made to dead-letter messages it cannot run and to recover fast from a lost broker.

Most bad messages never get here: the transport's gate (worker/transport.py) refuses them before Celery
decodes anything. These hooks catch what only Celery can judge (an unknown task name it registered, a body
it refuses), and the reconnect path is tuned for a Redis that restarts: retries at most ~1 s apart, and
the messages this worker held unacknowledged when the connection dropped are put back on the queue as soon
as it is back, instead of waiting out the visibility timeout.
"""

from __future__ import annotations

import json
from typing import Any

import structlog
from celery.worker.consumer import Consumer
from celery.worker.state import maybe_shutdown
from kombu.exceptions import ContentDisallowed, DecodeError

from worker.gate import identify
from worker.settings import Settings

log = structlog.get_logger()
RETRY_INTERVAL_MAX_S = 1.0  # Celery's default grows to 30 s: a restarted Redis would wait for nothing


def message_payload(body: Any) -> Any:
    """The article payload inside a message body (protocol 2: [args, kwargs, embed]), else the body."""
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return body
    if isinstance(body, list) and body and isinstance(body[0], list) and body[0]:
        return body[0][0]
    return body


def _raw(message: Any) -> bytes:
    """The message as it sat on the queue (kombu keeps the envelope it decoded)."""
    try:
        return json.dumps(message._raw, ensure_ascii=False).encode("utf-8")
    except Exception:
        return repr(getattr(message, "body", b"")).encode("utf-8")


class DeadLetteringConsumer(Consumer):  # type: ignore[misc]
    """Dead-letters undecodable, unknown and malformed messages with a clear error; reconnects promptly."""

    _orphans: frozenset[str] = frozenset()  # delivery tags held when the connection was lost

    def _dead_letter(self, message: Any, problem: str) -> None:
        from worker.transport import dead_letter_raw

        settings: Settings = self.app.newsworker_settings
        raw = _raw(message)
        article_id, given = identify(raw)
        dead_letter_raw(settings, raw, article_id, problem, given)

    def on_decode_error(self, message: Any, exc: Exception) -> None:
        """A body that is not JSON, or a refused content type such as pickle."""
        self._dead_letter(message, f"message refused: {exc} (content type {message.content_type!r})")
        super().on_decode_error(message, exc)

    def on_unknown_message(self, body: Any, message: Any) -> None:
        """A message without Celery's task headers."""
        self._dead_letter(message, "message has no task headers (not a Celery task message)")
        super().on_unknown_message(body, message)

    def on_unknown_task(self, body: Any, message: Any, exc: Exception) -> None:
        """A message for a task name this worker does not run."""
        from worker.protocol import TASK_NAME

        name = (message.headers or {}).get("task")
        self._dead_letter(message, f"unknown task {name!r}: publish to {TASK_NAME}")
        super().on_unknown_task(body, message, exc)

    def on_invalid_task(self, body: Any, message: Any, exc: Exception) -> None:
        """A task message whose envelope is malformed, or whose body could not be decoded."""
        if isinstance(exc, ContentDisallowed | DecodeError):
            problem = f"message refused: {exc} (content type {message.content_type!r})"
        else:
            problem = f"malformed task message: {exc}"
        self._dead_letter(message, problem)
        super().on_invalid_task(body, message, exc)

    def on_connection_error_after_connected(self, exc: Exception) -> None:
        """Remember the messages held unacknowledged on the lost connection, to restore them on return."""
        try:
            qos = self.task_consumer.channel.qos
            self._orphans = self._orphans | frozenset(qos._delivered)
        except Exception as error:  # nothing to remember: the visibility sweep restores them later
            log.warning("unacked_not_recorded", error=str(error))
        super().on_connection_error_after_connected(exc)

    def ensure_connected(self, conn: Any) -> Any:
        """Connect, retrying at most RETRY_INTERVAL_MAX_S apart up to `broker_connection_max_retries`."""
        conn = conn.ensure_connection(
            lambda exc, interval: log.warning(
                "broker_unreachable", error=str(exc), retry_in_s=interval, broker=conn.as_uri()
            ),
            self.app.conf.broker_connection_max_retries,
            interval_start=0.2,
            interval_step=0.4,
            interval_max=RETRY_INTERVAL_MAX_S,
            callback=maybe_shutdown,  # a SIGTERM while Redis is away still stops the worker
        )
        self.first_connection_attempt = False
        self.broker_connection_retry_attempt = 0
        self._restore_orphans(conn)
        return conn

    def _restore_orphans(self, conn: Any) -> None:
        """Put back on the queue, at its head, every message still unacked from the lost connection."""
        if not self._orphans:
            return
        tags, self._orphans = sorted(self._orphans), frozenset()
        qos = conn.default_channel.qos
        for tag in tags:
            try:
                qos.restore_by_tag(tag, leftmost=False)  # RPUSH: BRPOP takes it next
            except Exception as error:  # left for the visibility sweep
                log.warning("unacked_not_restored", delivery_tag=tag, error=str(error))
        log.info("unacked_restored", count=len(tags))
