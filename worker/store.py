"""Every Redis call: article hashes, status indexes, streams, worker heartbeats and the broker's lists.

The client is private: callers go through these methods, so every key and command lives here.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import redis
from redis.backoff import ExponentialWithJitterBackoff
from redis.client import Pipeline
from redis.retry import Retry
from redis.typing import EncodableT, FieldT

from worker import lua
from worker.keys import Keys, name_key
from worker.models import Article, ArticleResult, ErrorInfo, LanguageDetection
from worker.name_index import NameMatch, lex_range, matches, name_members
from worker.settings import Settings

UNACKED_KEY = "unacked"  # kombu's hash of delivered, unacknowledged messages (its default name)
RESULT_PARTS = ("summary", "entities", "quotes", "error", "language_detection", "skipped")
STATUSES = ("queued", "processing", "done", "failed")
LIST_PARTS = ("entities", "skipped")  # never null in a result; the others' null is kept (`quotes: null`)


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO-8601 UTC text for a time, as stored in article hashes."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def connect(url: str, retry_budget_s: float = 20.0) -> redis.Redis:
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


HashFields = dict[FieldT, EncodableT]
Scored = list[tuple[str, float]]
StreamReply = list[tuple[str, list[tuple[str, dict[str, str]]]]]


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


def index_entries(keys: Keys, result: ArticleResult) -> dict[str, float]:
    """The entity and speaker index keys a result belongs in, with its score in each."""
    entries = {keys.entity(e.label, e.name): e.salience for e in result.entities if name_key(e.name)}
    speakers = Counter(q.speaker for q in result.quotes or [] if q.speaker and name_key(q.speaker))
    entries.update({keys.speaker(name): float(count) for name, count in speakers.items()})
    return entries


@dataclass(frozen=True)
class Commit:
    """What committing a result did: whether anything changed, and when the article was enqueued."""

    changed: bool
    enqueued_at: str | None


class Store:
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

    def deadletters(self, count: int = 100) -> list[dict[str, str]]:
        """The most recent dead-letter entries, newest first."""
        entries = cast(
            list[tuple[str, dict[str, str]]], self._client.xrevrange(self.keys.deadletter, count=count)
        )
        return [{"entry": entry_id, **fields} for entry_id, fields in entries]

    def find(self, name: str, labels: tuple[str, ...]) -> list[tuple[str, str, float]]:
        """Articles indexed under a name, part of one or alias, as entity (any of `labels`) or speaker."""
        indexes = [self.keys.entity(label, name) for label in labels] + [self.keys.speaker(name)]
        for match in self.find_names(name):
            index = f"{self.keys.prefix}:{match.index}"
            if index not in indexes and (match.label is None or match.label in labels):
                indexes.append(index)
        with self._client.pipeline(transaction=False) as pipe:
            for index in indexes:
                pipe.zrevrange(index, 0, -1, withscores=True)
            found = cast(list[Scored], pipe.execute())
        return [
            (aid, index, score) for index, rows in zip(indexes, found, strict=True) for aid, score in rows
        ]

    def read_events(self, after: str, block_ms: int, count: int = 100) -> list[tuple[str, dict[str, str]]]:
        """Finished-article events after stream id `after` (`$`: only new ones), waiting up to `block_ms`."""
        reply = cast(
            StreamReply | None, self._client.xread({self.keys.events: after}, count=count, block=block_ms)
        )
        return [entry for _stream, entries in (reply or []) for entry in entries]

    def last_event_id(self) -> str:
        """The id of the newest event, `0-0` when there is none (a stream position to read after)."""
        newest = cast(list[tuple[str, dict[str, str]]], self._client.xrevrange(self.keys.events, count=1))
        return newest[0][0] if newest else "0-0"

    def finished_since(self, since_ts: float) -> list[str]:
        """Ids of articles finished (done or failed) at or after a Unix time, oldest first."""
        rows = [
            (score, aid)
            for index in (self.keys.done, self.keys.failed)
            for aid, score in cast(
                Scored, self._client.zrangebyscore(index, since_ts, "+inf", withscores=True)
            )
        ]
        return [aid for _score, aid in sorted(rows)]

    def enqueued_at(self, article_id: str) -> str | None:
        """When the article was enqueued (ISO-8601), if known."""
        return cast(str | None, self._client.hget(self.keys.article(article_id), "enqueued_at"))

    def article_fields(self, article_id: str) -> dict[str, str]:
        """Every field of an article's hash, empty when the article is unknown."""
        return cast(dict[str, str], self._client.hgetall(self.keys.article(article_id)))  # decode_responses

    def result(self, article_id: str) -> ArticleResult | None:
        """The stored result of a finished article, or None while it is unknown or unfinished."""
        fields = self.article_fields(article_id)
        if fields.get("status") not in ("done", "failed"):
            return None
        return result_from_fields(article_id, fields)

    def counts(self) -> dict[str, int]:
        """How many articles are queued, processing, done and failed."""
        indexes = (self.keys.queued, self.keys.processing, self.keys.done, self.keys.failed)
        with self._client.pipeline(transaction=False) as pipe:
            for index in indexes:
                pipe.zcard(index)
            return dict(zip(STATUSES, pipe.execute(), strict=True))

    def language_counts(self) -> dict[str, dict[str, int]]:
        """Finished articles per language (by their latest result): {language: {"done": n, "failed": n}}."""
        languages = sorted(cast(set[str], self._client.smembers(self.keys.languages)))
        with self._client.pipeline(transaction=False) as pipe:
            for language in languages:
                pipe.zcard(self.keys.language(language, "done"))
                pipe.zcard(self.keys.language(language, "failed"))
            sizes = pipe.execute()
        return {
            language: {"done": int(sizes[2 * i]), "failed": int(sizes[2 * i + 1])}
            for i, language in enumerate(languages)
        }

    def queue_length(self, queue: str) -> int:
        """Messages waiting on the broker's list for `queue` (same Redis as the results)."""
        return int(self._client.llen(queue))

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

    def queued_before(self, cutoff_ts: float) -> list[str]:
        """Ids queued at or before a Unix time and not yet started."""
        return cast(list[str], self._client.zrangebyscore(self.keys.queued, "-inf", cutoff_ts))

    def touch_queued(self, article_id: str, now_ts: float) -> None:
        """Restart an article's queued clock (it was just published again)."""
        self._client.zadd(self.keys.queued, {article_id: now_ts})

    def take_janitor_lock(self, ttl_s: int) -> bool:
        """Whether this caller may sweep for lost articles now (one worker at a time, for `ttl_s`)."""
        return bool(self._client.set(self.keys.janitor_lock, "1", nx=True, ex=ttl_s))

    def status(self, article_id: str) -> str | None:
        """An article's status, None when unknown."""
        return cast(str | None, self._client.hget(self.keys.article(article_id), "status"))

    def finished_at(self, article_ids: list[str]) -> list[str | None]:
        """Each article's `finished_at` (ISO-8601), None while unfinished, in one round trip."""
        with self._client.pipeline(transaction=False) as pipe:
            for article_id in article_ids:
                pipe.hget(self.keys.article(article_id), "finished_at")
            return cast(list[str | None], pipe.execute())

    def deadletter_count(self) -> int:
        """Entries in the dead-letter stream."""
        return int(self._client.xlen(self.keys.deadletter))

    def unacked_messages(self) -> list[str]:
        """The broker's delivered, unacknowledged messages (kombu's `unacked` hash), as stored."""
        return cast(list[str], self._client.hvals(UNACKED_KEY))

    def push_raw(self, queue: str, message: str | bytes) -> None:
        """Put one raw message on the queue's list, as a producer does (LPUSH)."""
        self._client.lpush(queue, message)

    def live_workers(self) -> list[str]:
        """Host names of workers whose heartbeat has not expired."""
        return sorted(cast(list[str], self._client.zrangebyscore(self.keys.workers, time.time(), "+inf")))

    def reprocessable(self, batch: int = 1000) -> dict[str, str]:
        """Finished (done or failed) articles with stored text, each with its result's pipeline version."""
        indexes = (self.keys.done, self.keys.failed)
        ids = [aid for index in indexes for aid in cast(list[str], self._client.zrange(index, 0, -1))]
        found: dict[str, str] = {}
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with self._client.pipeline(transaction=False) as pipe:
                for aid in chunk:
                    pipe.hget(self.keys.article(aid), "pipeline_version")
                    pipe.hexists(self.keys.article(aid), "text")
                replies = pipe.execute()
            found |= {a: v or "" for a, v, has in zip(chunk, replies[::2], replies[1::2], strict=True) if has}
        return found

    def finished_ids(self, status: str, limit: int = 10) -> list[str]:
        """The most recently finished article ids with that status (`done` or `failed`); limit 0: all."""
        index = self.keys.done if status == "done" else self.keys.failed
        return list(self._client.zrevrange(index, 0, limit - 1))  # type: ignore[arg-type]

    def counters(self) -> dict[str, int]:
        """The `counters` hash (articles in `done` and in `failed`), as integers."""
        raw = cast(dict[str, str], self._client.hgetall(self.keys.counters))
        return {name: int(value) for name, value in raw.items()}

    # Reads (and the name index) for partial-name lookups and the web inspector.

    def add_names(self, result: ArticleResult) -> None:
        """Add a result's names, their word suffixes and aliases to the partial-name index."""
        self._add_names(self._client, result)

    def _add_names(self, client: redis.Redis | Pipeline, result: ArticleResult) -> None:
        """The partial-name index entries of a result, sent through `client` (a pipeline or the client)."""
        members = name_members(result)
        if members:
            client.zadd(self.keys.names, dict.fromkeys(members, 0))

    def find_names(self, query: str, limit: int = 500) -> list[NameMatch]:
        """Entity and speaker indexes whose name, a word of it or an alias starts like `query`."""
        bounds = lex_range(query)
        if bounds is None:
            return []
        members = self._client.zrangebylex(self.keys.names, bounds[0], bounds[1], start=0, num=limit)
        return matches(query, cast(list[str], members))

    def rebuild_name_index(self) -> int:
        """Backfill the name index from every stored result (articles stored before it existed)."""
        added = 0
        for start in range(0, self._client.zcard(self.keys.done), 500):
            for article_id in cast(list[str], self._client.zrange(self.keys.done, start, start + 499)):
                result = self.result(article_id)
                if result is not None:
                    self.add_names(result)
                    added += 1
        return added

    def recent_finished(self, limit: int) -> Scored:
        """The most recently finished (done or failed) article ids with their finish times, newest first."""
        with self._client.pipeline(transaction=False) as pipe:
            pipe.zrevrange(self.keys.done, 0, limit - 1, withscores=True)
            pipe.zrevrange(self.keys.failed, 0, limit - 1, withscores=True)
            done, failed = cast(list[Scored], pipe.execute())
        return sorted(done + failed, key=lambda row: row[1], reverse=True)[:limit]

    def article_rows(self, ids: list[str], fields: tuple[str, ...]) -> list[dict[str, str | None]]:
        """The named fields of many article hashes at once (None where absent), in the order of `ids`."""
        with self._client.pipeline(transaction=False) as pipe:
            for article_id in ids:
                pipe.hmget(self.keys.article(article_id), list(fields))
            replies = cast(list[list[str | None]], pipe.execute())
        return [dict(zip(fields, values, strict=True)) for values in replies]

    def index_members(self, index: str, limit: int) -> tuple[int, Scored]:
        """An entity or speaker index (key without the prefix): its size and its best `limit` members."""
        key = f"{self.keys.prefix}:{index}"
        with self._client.pipeline(transaction=False) as pipe:
            pipe.zcard(key)
            pipe.zrevrange(key, 0, limit - 1, withscores=True)
            total, rows = pipe.execute()
        return int(total), cast(Scored, rows)

    def index_sizes(self, indexes: list[str]) -> list[int]:
        """How many articles each entity or speaker index (key without the prefix) holds."""
        with self._client.pipeline(transaction=False) as pipe:
            for index in indexes:
                pipe.zcard(f"{self.keys.prefix}:{index}")
            return [int(size) for size in pipe.execute()]


def result_from_fields(article_id: str, fields: dict[str, str]) -> ArticleResult:
    """Rebuild the result contract from an article hash."""
    parts = {p: json.loads(fields[p]) for p in RESULT_PARTS if fields.get(p)}
    return ArticleResult.model_validate(
        {
            "id": article_id,
            "title": fields.get("title"),
            "status": fields["status"],
            "pipeline_version": fields.get("pipeline_version", ""),
            "language": fields.get("language"),
            **{k: v for k, v in parts.items() if v is not None or k not in LIST_PARTS},
        }
    )


def failed_result(
    article_id: str,
    title: str | None,
    version: str,
    error: ErrorInfo,
    language: str | None = None,
    detection: LanguageDetection | None = None,
) -> ArticleResult:
    """The result recorded for an article that could not be processed (with its language when known)."""
    return ArticleResult(
        id=article_id,
        title=title,
        status="failed",
        pipeline_version=version,
        language=language,
        language_detection=detection,
        error=error,
    )
