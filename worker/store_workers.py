"""The Store's side for running workers: heartbeats, the broker's lists, kombu's unacked hash, the janitor."""

from __future__ import annotations

import json
import time
from typing import Any, cast

from worker.store_base import UNACKED_KEY, StorePart


class StoreWorkers(StorePart):
    """Worker heartbeats, queue lengths and raw pushes, unacked messages and the janitor's clock and lock."""

    def beat(self, hostname: str, ttl_s: int, info: dict[str, Any]) -> None:
        """Refresh a worker's heartbeat key; it expires unless refreshed within `ttl_s`."""
        now = time.time()
        with self._client.pipeline(transaction=True) as pipe:
            pipe.set(self.keys.worker_heartbeat(hostname), json.dumps(info), ex=ttl_s)
            pipe.zadd(self.keys.workers, {hostname: now + ttl_s})
            pipe.zremrangebyscore(self.keys.workers, "-inf", now)  # forget the workers that died
            pipe.execute()

    def forget_worker(self, hostname: str) -> None:
        """Remove a worker's heartbeat when it shuts down cleanly."""
        with self._client.pipeline(transaction=True) as pipe:
            pipe.delete(self.keys.worker_heartbeat(hostname))
            pipe.zrem(self.keys.workers, hostname)
            pipe.execute()

    def live_workers(self) -> list[str]:
        """Host names of workers whose heartbeat has not expired."""
        return sorted(cast(list[str], self._client.zrangebyscore(self.keys.workers, time.time(), "+inf")))

    def queue_length(self, queue: str) -> int:
        """Messages waiting on the broker's list for `queue` (same Redis as the results)."""
        return int(self._client.llen(queue))

    def unacked_messages(self) -> list[str]:
        """The broker's delivered, unacknowledged messages (kombu's `unacked` hash), as stored."""
        return cast(list[str], self._client.hvals(UNACKED_KEY))

    def push_raw(self, queue: str, message: str | bytes) -> None:
        """Put one raw message on the queue's list, as a producer does (LPUSH)."""
        self._client.lpush(queue, message)

    def queued_before(self, cutoff_ts: float) -> list[str]:
        """Ids queued at or before a Unix time and not yet started."""
        return cast(list[str], self._client.zrangebyscore(self.keys.queued, "-inf", cutoff_ts))

    def touch_queued(self, article_id: str, now_ts: float) -> None:
        """Restart an article's queued clock (it was just published again)."""
        self._client.zadd(self.keys.queued, {article_id: now_ts})

    def take_janitor_lock(self, ttl_s: int) -> bool:
        """Whether this caller may sweep for lost articles now (one worker at a time, for `ttl_s`)."""
        return bool(self._client.set(self.keys.janitor_lock, "1", nx=True, ex=ttl_s))
