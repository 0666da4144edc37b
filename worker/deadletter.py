"""Recording what could not be processed: failed articles and refused messages, with their payload kept.

A refused message (not JSON, not an envelope, an invalid article) is acknowledged and written to the
dead-letter stream with its payload, capped at PAYLOAD_CAP bytes and its original size noted, so that
`newsworker retry` can replay it. A refusal never undoes a finished article (see Store.reject).
"""

from __future__ import annotations

import base64

import structlog

from worker import metrics
from worker.errors import UnsupportedLanguageError
from worker.gate import PAYLOAD_CAP
from worker.models import ErrorInfo
from worker.pipeline import pipeline_version
from worker.store import Store, failed_result

log = structlog.get_logger()


def payload_fields(payload: bytes, kind: str, given_id: str | None = None) -> dict[str, str]:
    """Dead-letter fields keeping a payload: text when UTF-8, else base64; capped, with its full size."""
    kept = payload[:PAYLOAD_CAP]
    try:
        text, encoding = kept.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = base64.b64encode(kept).decode("ascii"), "base64"
    fields = {
        "payload": text,
        "payload_encoding": encoding,
        "payload_kind": kind,
        "size": str(len(payload)),
        "truncated": "1" if len(payload) > PAYLOAD_CAP else "0",
    }
    if given_id is not None:
        fields["given_id"] = given_id[:300]
    return fields


def fail(
    store: Store,
    article_id: str,
    title: str | None,
    kind: str,
    message: str,
    language: UnsupportedLanguageError | None = None,
) -> None:
    """Mark an article failed, visibly, with a one-line error (and the language it was refused for)."""
    error = ErrorInfo(type=kind, message=message)
    lang, detection = (language.language, language.detection) if language else (None, None)
    if store.save_result(failed_result(article_id, title, pipeline_version(), error, lang, detection)):
        metrics.observe("failed", kind, {}, store.enqueued_at(article_id))
    log.warning("article_failed", article_id=article_id, error_type=kind, error=message)


def refuse(store: Store, article_id: str, kind: str, message: str, fields: dict[str, str]) -> None:
    """Dead-letter a refused message under `article_id`; a done article stays done (a `repeat` event)."""
    error = ErrorInfo(type=kind, message=message)
    if store.reject(failed_result(article_id, None, pipeline_version(), error), fields):
        metrics.observe("failed", kind, {}, store.enqueued_at(article_id))
        log.warning("article_failed", article_id=article_id, error_type=kind, error=message)
    else:
        log.warning(
            "message_refused", article_id=article_id, error_type=kind, error=message, article="unchanged"
        )
