"""Every Redis call: article hashes, status indexes and worker heartbeats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

import redis
from redis.typing import EncodableT, FieldT

from worker.keys import Keys
from worker.models import Article, ArticleResult, ErrorInfo

RESULT_PARTS = ("summary", "entities", "quotes", "error")
STATUSES = ("queued", "processing", "done", "failed")


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 UTC text for a time, as stored in article hashes."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(url: str) -> redis.Redis:
    """A Redis client for `url` that returns str, with health checks for long-lived workers."""
    return redis.Redis.from_url(url, decode_responses=True, health_check_interval=30)


def _metadata(article: Article) -> HashFields:
    """The hash fields describing an article, empty values left out."""
    fields = {"title": article.title, "url": article.url, "source": article.source, "text": article.text}
    return {k: v for k, v in fields.items() if v is not None}


HashFields = dict[FieldT, EncodableT]


class Store:
    """Reads and writes articles, their results and the status indexes under one key prefix."""

    def __init__(self, client: redis.Redis, keys: Keys, result_ttl_s: int = 0) -> None:
        self.client = client
        self.keys = keys
        self.result_ttl_s = result_ttl_s

    def mark_queued(self, article: Article, now: datetime | None = None) -> None:
        """Record an article as queued, before its message is published."""
        moment = now or utc_now()
        key = self.keys.article(article.id)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            pipe.hset(
                key,
                mapping={**_metadata(article), "status": "queued", "enqueued_at": iso(moment), "attempts": 0},
            )
            pipe.zadd(self.keys.queued, {article.id: moment.timestamp()})
            for index in (self.keys.done, self.keys.failed, self.keys.processing):
                pipe.zrem(index, article.id)
            pipe.execute()

    def mark_processing(self, article: Article, now: datetime | None = None) -> int:
        """Record that a worker started the article; returns the delivery count (`attempts`)."""
        moment = now or utc_now()
        key = self.keys.article(article.id)
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hincrby(key, "attempts", 1)
            pipe.hset(key, mapping={**_metadata(article), "status": "processing", "started_at": iso(moment)})
            pipe.zadd(self.keys.processing, {article.id: moment.timestamp()})
            pipe.zrem(self.keys.queued, article.id)
            attempts = pipe.execute()[0]
        return int(attempts)

    def save_result(self, result: ArticleResult, now: datetime | None = None) -> None:
        """Commit a finished result, its status and the indexes together (MULTI/EXEC)."""
        moment = now or utc_now()
        key = self.keys.article(result.id)
        finished, other = (
            (self.keys.done, self.keys.failed)
            if result.status == "done"
            else (self.keys.failed, self.keys.done)
        )
        fields: HashFields = {
            "status": result.status,
            "finished_at": iso(moment),
            "pipeline_version": result.pipeline_version,
            **{part: json.dumps(_part(result, part), ensure_ascii=False) for part in RESULT_PARTS},
        }
        if result.title is not None:
            fields["title"] = result.title
        with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping=fields)
            pipe.zadd(finished, {result.id: moment.timestamp()})
            for index in (other, self.keys.queued, self.keys.processing):
                pipe.zrem(index, result.id)
            if self.result_ttl_s:
                pipe.expire(key, self.result_ttl_s)
            pipe.execute()

    def article_fields(self, article_id: str) -> dict[str, str]:
        """Every field of an article's hash, empty when the article is unknown."""
        return cast(dict[str, str], self.client.hgetall(self.keys.article(article_id)))  # decode_responses

    def result(self, article_id: str) -> ArticleResult | None:
        """The stored result of a finished article, or None while it is unknown or unfinished."""
        fields = self.article_fields(article_id)
        if fields.get("status") not in ("done", "failed"):
            return None
        return result_from_fields(article_id, fields)

    def counts(self) -> dict[str, int]:
        """How many articles are queued, processing, done and failed."""
        indexes = (self.keys.queued, self.keys.processing, self.keys.done, self.keys.failed)
        with self.client.pipeline(transaction=False) as pipe:
            for index in indexes:
                pipe.zcard(index)
            return dict(zip(STATUSES, pipe.execute(), strict=True))

    def queue_length(self, queue: str) -> int:
        """Messages waiting on the broker's list for `queue` (same Redis as the results)."""
        return int(self.client.llen(queue))

    def beat(self, hostname: str, ttl_s: int, info: dict[str, Any]) -> None:
        """Refresh a worker's heartbeat key; it expires unless refreshed within `ttl_s`."""
        self.client.set(self.keys.worker_heartbeat(hostname), json.dumps(info), ex=ttl_s)

    def forget_worker(self, hostname: str) -> None:
        """Remove a worker's heartbeat when it shuts down cleanly."""
        self.client.delete(self.keys.worker_heartbeat(hostname))

    def live_workers(self) -> list[str]:
        """Host names of workers whose heartbeat has not expired."""
        prefix_len = len(self.keys.worker_heartbeat(""))
        return sorted(k[prefix_len:] for k in self.client.scan_iter(match=self.keys.worker_pattern))

    def finished_ids(self, status: str, limit: int = 10) -> list[str]:
        """The most recently finished article ids with that status (`done` or `failed`)."""
        index = self.keys.done if status == "done" else self.keys.failed
        return list(self.client.zrevrange(index, 0, limit - 1))  # type: ignore[arg-type]


def _part(result: ArticleResult, part: str) -> Any:
    """One part of a result as plain JSON-ready data."""
    return result.model_dump(mode="json", include={part})[part]


def result_from_fields(article_id: str, fields: dict[str, str]) -> ArticleResult:
    """Rebuild the result contract from an article hash."""
    parts = {p: json.loads(fields[p]) for p in RESULT_PARTS if fields.get(p)}
    return ArticleResult.model_validate(
        {
            "id": article_id,
            "title": fields.get("title"),
            "status": fields["status"],
            "pipeline_version": fields.get("pipeline_version", ""),
            **{k: v for k, v in parts.items() if v is not None},
        }
    )


def failed_result(article_id: str, title: str | None, version: str, error: ErrorInfo) -> ArticleResult:
    """The result recorded for an article that could not be processed."""
    return ArticleResult(id=article_id, title=title, status="failed", pipeline_version=version, error=error)
