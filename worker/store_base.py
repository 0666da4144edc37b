"""What every part of the Store shares: its private client, its key names, status names and time stamps."""

from __future__ import annotations

from datetime import UTC, datetime

import redis
from redis.typing import EncodableT, FieldT

from worker.keys import Keys

UNACKED_KEY = "unacked"  # kombu's hash of delivered, unacknowledged messages (its default name)
RESULT_PARTS = ("summary", "entities", "quotes", "error", "language_detection", "skipped")
STATUSES = ("queued", "processing", "done", "failed")
LIST_PARTS = ("entities", "skipped")  # never null in a result; the others' null is kept (`quotes: null`)

HashFields = dict[FieldT, EncodableT]
Scored = list[tuple[str, float]]
StreamReply = list[tuple[str, list[tuple[str, dict[str, str]]]]]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 UTC text for a time, as stored in article hashes."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StorePart:
    """The state every part of the Store works on: the private Redis client and the key names."""

    _client: redis.Redis
    keys: Keys
