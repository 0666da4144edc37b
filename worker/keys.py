"""The only place a Redis key string is built: key names are part of the public contract."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keys:
    """Key names under one prefix (the `KEY_PREFIX` setting)."""

    prefix: str = "newsworker"

    def article(self, article_id: str) -> str:
        """Hash holding an article's status, metadata, text and result parts."""
        return f"{self.prefix}:article:{article_id}"

    @property
    def done(self) -> str:
        """Sorted set of done article ids scored by finish time."""
        return f"{self.prefix}:done"

    @property
    def failed(self) -> str:
        """Sorted set of failed article ids scored by finish time."""
        return f"{self.prefix}:failed"

    @property
    def queued(self) -> str:
        """Sorted set of article ids enqueued and not yet finished, scored by enqueue time."""
        return f"{self.prefix}:queued"

    @property
    def processing(self) -> str:
        """Sorted set of article ids a worker has started and not finished, scored by start time."""
        return f"{self.prefix}:processing"

    @property
    def deadletter(self) -> str:
        """Stream of failed articles: id, error, attempts, time (XRANGE/XREAD it)."""
        return f"{self.prefix}:deadletter"

    @property
    def counters(self) -> str:
        """Hash of totals: articles that reached done and failed (each article counted once per outcome)."""
        return f"{self.prefix}:counters"

    def worker_heartbeat(self, hostname: str) -> str:
        """String key a live worker refreshes (with a TTL) so `status` can count workers."""
        return f"{self.prefix}:worker:{hostname}"

    @property
    def worker_pattern(self) -> str:
        """Pattern matching every worker heartbeat key."""
        return f"{self.prefix}:worker:*"
