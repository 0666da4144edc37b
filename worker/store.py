"""The door to Redis: `Store` and its writes (enqueue, start, commit); `connect` for the client behind it.

The client is private: callers go through Store's methods, so every key and command lives in this module and
its parts, one per role: store_reads.py (what was recorded, results rebuilt from hashes), store_index.py (the
name indexes), store_workers.py (heartbeats, the broker's lists, kombu's unacked hash, the janitor).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.retry import Retry
from redis.typing import EncodableT

from worker import lua
from worker.keys import Keys
from worker.models import Article, ArticleResult
from worker.settings import Settings
from worker.store_base import RESULT_PARTS, STATUSES, UNACKED_KEY, HashFields, iso, utc_now
from worker.store_index import StoreIndex, index_entries
from worker.store_reads import failed_result, result_from_fields
from worker.store_workers import StoreWorkers

__all__ = [
    "STATUSES",
    "UNACKED_KEY",
    "Store",
    "StoreOptions",
    "connect",
    "failed_result",
    "index_entries",
    "iso",
    "result_from_fields",
    "utc_now",
]

DEFAULT_RETRY_BUDGET_S: float = Settings.model_fields["redis_retry_budget_s"].default


def connect(url: str, retry_budget_s: float = DEFAULT_RETRY_BUDGET_S) -> redis.Redis:
    """A Redis client that returns str and rides out a blip: each command retried with jittered backoff."""
    cap = min(2.0, retry_budget_s / 4)
    backoff = ExponentialWithJitterBackoff(cap=cap, base=0.05)
    retries = max(1, int(retry_budget_s / cap))  # short tries first, then at most `cap` apart
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        health_check_interval=30,
        socket_connect_timeout=min(2.0, retry_budget_s / 3),
        socket_timeout=10.0,
        retry=Retry(backoff, retries),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError],
    )


def _metadata(article: Article) -> HashFields:
    """The hash fields describing an article, empty values left out."""
    fields = {
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "given_language": article.language,  # the producer's, so `retry` keeps it
        "text": article.text,
    }
    return {k: v for k, v in fields.items() if v is not None}


def _flat(fields: HashFields) -> list[EncodableT]:
    """A hash's fields as the flat field, value, ... list a Lua HSET takes."""
    return [item for pair in fields.items() for item in pair]


@dataclass(frozen=True)
class StoreOptions:
    """Retention settings the store applies on every commit (their defaults live in Settings only)."""

    result_ttl_s: int
    deadletter_maxlen: int
    events_maxlen: int

    @classmethod
    def from_settings(cls, settings: Settings) -> StoreOptions:
        """The store's part of the settings."""
        return cls(settings.result_ttl_s, settings.deadletter_maxlen, settings.events_maxlen)

    @classmethod
    def defaults(cls) -> StoreOptions:
        """The options Settings gives when nothing is configured."""
        fields = Settings.model_fields
        return cls(*(fields[name].default for name in ("result_ttl_s", "deadletter_maxlen", "events_maxlen")))


@dataclass(frozen=True)
class Commit:
    """What committing a result did: whether anything changed, and when the article was enqueued."""

    changed: bool
    enqueued_at: str | None


class Store(StoreIndex, StoreWorkers):
    """Reads and writes articles, their results and the status indexes under one key prefix."""

    def __init__(self, client: redis.Redis, keys: Keys, options: StoreOptions | None = None) -> None:
        self._client = client
        self.keys = keys
        self.options = options or StoreOptions.defaults()
        self._enqueue = client.register_script(lua.ENQUEUE)
        self._start = client.register_script(lua.START)
        self._commit = client.register_script(lua.COMMIT)
        self._repeat = client.register_script(lua.REPEAT)

    def _lifecycle_keys(self, article_id: str) -> list[str]:
        k = self.keys
        return [k.article(article_id), k.queued, k.processing, k.done, k.failed, k.counters]

    def check_access(self, queue: str) -> None:
        """Raise redis' own error when the server is unreachable, refuses the credentials, or denies a
        command a worker needs (reads and writes under the prefix, the queue and kombu's keys, scripts)."""
        self._client.ping()
        with self._client.pipeline(transaction=False) as pipe:
            pipe.llen(queue)
            pipe.hlen(UNACKED_KEY)
            pipe.zcard(self.keys.queued)
            pipe.xlen(self.keys.deadletter)
            pipe.hget(self.keys.counters, "done")
            pipe.script_exists(self._commit.sha)
            pipe.execute()

    def mark_queued(self, article: Article, force: bool = False, now: datetime | None = None) -> bool:
        """Record an article as queued; False when the same text is already queued, processing or done."""
        moment = now or utc_now()
        fields = {**_metadata(article), "status": "queued", "enqueued_at": iso(moment), "attempts": 0}
        args = [article.id, article.text, "1" if force else "0", moment.timestamp(), *_flat(fields)]
        return bool(self._enqueue(keys=self._lifecycle_keys(article.id), args=args))

    def unqueue(self, article_id: str) -> None:
        """Forget an article recorded as queued whose message could not be published."""
        with self._client.pipeline(transaction=True) as pipe:
            pipe.delete(self.keys.article(article_id))
            pipe.zrem(self.keys.queued, article_id)
            pipe.execute()

    def mark_processing(self, article: Article, now: datetime | None = None) -> int:
        """Record a delivery to a worker; returns the delivery count, or -1 if this text already finished."""
        moment = now or utc_now()
        fields = {k: v for k, v in _metadata(article).items() if k != "text"}
        args = [
            article.id,
            article.text,
            iso(moment),
            moment.timestamp(),
            "text",
            article.text,
            *_flat(fields),
        ]
        return int(self._start(keys=self._lifecycle_keys(article.id), args=args))

    def save_result(self, result: ArticleResult, now: datetime | None = None) -> bool:
        """Commit result, status, indexes, counters and dead letter at once; False if already committed."""
        return self.commit(result, now).changed

    def commit(self, result: ArticleResult, now: datetime | None = None) -> Commit:
        """Commit as `save_result` does; also reads when the article was enqueued, in the same round trip."""
        reply, enqueued_at = self._save(result, now or utc_now(), guard=False, extras={})
        return Commit(reply == 1, enqueued_at)

    def reject(self, result: ArticleResult, extras: dict[str, str], now: datetime | None = None) -> bool:
        """Record a refused message (its dead letter keeps `extras`); True when the article became failed."""
        # A done article stays done: only the dead letter and a `repeat` event are written (lua.COMMIT).
        return self._save(result, now or utc_now(), guard=True, extras=extras)[0] == 1

    def announce_repeat(self, article_id: str, now: datetime | None = None) -> None:
        """An event for a delivery of an article already finished, so a consumer waiting on it hears back."""
        keys = [self.keys.article(article_id), self.keys.events]
        self._repeat(keys=keys, args=[article_id, self.options.events_maxlen, iso(now or utc_now())])

    def _save(
        self, result: ArticleResult, moment: datetime, guard: bool, extras: dict[str, str]
    ) -> tuple[int, str | None]:
        """Run the COMMIT script: its reply (0 unchanged, 1 committed, 2 refused to undo a done article)
        and the article's `enqueued_at`."""
        data = result.model_dump(mode="json")
        parts = {part: json.dumps(data[part], ensure_ascii=False) for part in RESULT_PARTS}
        content = "|".join([result.status, result.pipeline_version, result.language or "", *parts.values()])
        sha = hashlib.sha256(content.encode()).hexdigest()
        fields: HashFields = {
            "status": result.status,
            "finished_at": iso(moment),
            "result_sha": sha[:32],
            "pipeline_version": result.pipeline_version,
            **cast(HashFields, parts),
        }
        if result.title is not None:
            fields["title"] = result.title
        fields.update(extras)
        if result.language is not None:
            fields["language"] = result.language
        fields.update(entity_count=len(result.entities), quote_count=len(result.quotes or []))
        entries = index_entries(self.keys, result)
        if result.language is not None:  # per-language counts (`status`): an index like the entity ones
            entries[self.keys.language(result.language, result.status)] = moment.timestamp()
        k = self.keys
        keys = [
            k.article(result.id),
            k.done,
            k.failed,
            k.queued,
            k.processing,
            k.deadletter,
            k.counters,
            k.events,
        ]
        error = f"{result.error.type}: {result.error.message}" if result.error else ""
        args = [
            result.id,
            result.status,
            sha[:32],
            moment.timestamp(),
            iso(moment),
            error,
            self.options.deadletter_maxlen,
            self.options.result_ttl_s,
            self.options.events_maxlen,
            result.pipeline_version,
            json.dumps(entries),
            "1" if guard else "0",
            json.dumps(extras, ensure_ascii=False),
            *_flat(fields),
        ]
        try:
            return self._commit_trip(result, keys, args)
        except redis.exceptions.NoScriptError:  # a restarted or flushed Redis: load the script, send again
            self._client.script_load(lua.COMMIT)
            return self._commit_trip(result, keys, args)

    def _commit_trip(
        self, result: ArticleResult, keys: list[str], args: list[EncodableT]
    ) -> tuple[int, str | None]:
        """One round trip: `enqueued_at`, the name index and the language set (idempotent, so a committed
        article is findable at once and a resend is harmless), then EVALSHA of the commit, its reply last.
        EVALSHA is sent directly: a registered script in a pipeline costs a SCRIPT EXISTS trip first."""
        with self._client.pipeline(transaction=False) as pipe:
            pipe.hget(self.keys.article(result.id), "enqueued_at")
            self._add_names(pipe, result)
            if result.language is not None:
                pipe.sadd(self.keys.languages, result.language)
            pipe.evalsha(self._commit.sha, len(keys), *keys, *args)
            replies = pipe.execute()
        return int(replies[-1]), replies[0]
