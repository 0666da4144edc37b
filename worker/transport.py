"""kombu's Redis transport with a gate: every message popped from the queue is vetted before delivery.

A message that kombu or Celery could not decode (see worker/gate.py) is dead-lettered with its raw payload
and dropped from the queue; the consumer takes the next one. Celery uses this transport through the
`broker_transport` setting (worker/celery_app.py); publishing is unchanged.
"""

from __future__ import annotations

import contextlib
from queue import Empty
from typing import Any

import redis
import structlog
from kombu.transport import redis as kombu_redis

from worker.gate import identify, vet
from worker.settings import Settings

SETTINGS_OPTION = "newsworker_settings"  # transport option carrying the worker's Settings
log = structlog.get_logger()


def dead_letter_raw(
    settings: Settings | None, raw: bytes, article_id: str, reason: str, given: str | None
) -> None:
    """Record a refused raw message; logs instead of raising whatever goes wrong."""
    try:
        from worker.deadletter import payload_fields, refuse
        from worker.runtime import store_for

        if settings is None:
            raise RuntimeError(f"transport option {SETTINGS_OPTION!r} missing")
        fields = payload_fields(raw, "message", given)
        refuse(store_for(settings), article_id, "InvalidMessage", f"article {article_id}: {reason}", fields)
    except Exception as exc:  # the message is already off the queue: say loudly that it is lost
        log.error("message_lost", article_id=article_id, reason=reason, error=f"{type(exc).__name__}: {exc}")


class QoS(kombu_redis.QoS):
    """kombu's QoS, except that restoring held messages on a closing channel cannot stop the worker."""

    def restore_unacked(self, client: Any = None) -> None:
        """Put held messages back; on a channel closed after a lost connection, leave them for later.

        kombu closes the channel's pools before restoring, then builds a new pool from a connection that
        may be gone already: AttributeError, which Celery calls unrecoverable (the worker exited on a Redis
        restart). The consumer restores these messages as soon as Redis answers (worker/consumer.py);
        failing that, the visibility sweep does.
        """
        try:
            super().restore_unacked(client)  # type: ignore[no-untyped-call]
        except Exception as exc:
            log.warning(
                "unacked_restore_deferred", count=len(self._delivered), error=f"{type(exc).__name__}: {exc}"
            )


class Channel(kombu_redis.Channel):
    """A Redis channel whose BRPOP reader vets each raw message before kombu parses it."""

    QoS = QoS

    def _brpop_read(self, **options: Any) -> bool:
        """kombu's reader (kombu 5.x), with `vet` between the pop and the delivery."""
        channel: Any = self  # kombu's own methods are untyped
        try:
            try:
                reply = self.client.parse_response(self.client.connection, "BRPOP", **options)
            except self.connection_errors:
                self.client.connection.disconnect()  # reconnect on the next read
                raise
            if not reply:
                raise Empty()
            dest, item = reply
            dest = (dest.decode() if isinstance(dest, bytes) else str(dest)).rsplit(self.sep, 1)[0]
            self._queue_cycle.rotate(dest)
            self._deliver_vetted(item if isinstance(item, bytes) else str(item).encode("utf-8"), dest)
            return True
        finally:
            channel._in_poll = None
            channel._flush_brpop_reauth()

    def _deliver_vetted(self, raw: bytes, queue: str) -> None:
        """Deliver a sound message; dead-letter anything else."""
        envelope, rejection = vet(raw)
        settings = self.connection.client.transport_options.get(SETTINGS_OPTION)
        if envelope is None:
            assert rejection is not None
            dead_letter_raw(settings, raw, rejection.article_id, rejection.reason, rejection.given_id)
            return
        try:
            self.connection._deliver(envelope, queue)
        except Exception as exc:
            if isinstance(exc, self.connection_errors):
                raise  # the consumer reconnects
            # Celery refused a message the gate let through (a header of the wrong type, say).
            reason = f"message could not be delivered ({type(exc).__name__}: {str(exc)[:200]})"
            article_id, given = identify(raw)
            dead_letter_raw(settings, raw, article_id, reason, given)
            with contextlib.suppress(Exception):
                channel: Any = self
                channel.basic_ack(envelope["properties"]["delivery_tag"])
            # Celery may have half-reserved it (a prefetch slot taken for good): restart the consumer,
            # as after a lost connection, so its state starts clean; held messages are restored at once.
            raise redis.ConnectionError(f"consumer restarted after a refused delivery ({reason})") from exc


class Transport(kombu_redis.Transport):
    """The Redis transport using the vetting channel."""

    Channel = Channel
