"""The Store's read side: article hashes, status indexes, counters, streams; results rebuilt from hashes."""

from __future__ import annotations

import json
from typing import cast

from worker.models import ArticleResult, ErrorInfo, LanguageDetection
from worker.store_base import LIST_PARTS, RESULT_PARTS, STATUSES, Scored, StorePart, StreamReply


class StoreReads(StorePart):
    """Reads of what the workers recorded (for `show`, `status`, `watch`, `export` and the inspector)."""

    def deadletters(self, count: int = 100) -> list[dict[str, str]]:
        """The most recent dead-letter entries, newest first."""
        entries = cast(
            list[tuple[str, dict[str, str]]], self._client.xrevrange(self.keys.deadletter, count=count)
        )
        return [{"entry": entry_id, **fields} for entry_id, fields in entries]

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

    def status(self, article_id: str) -> str | None:
        """An article's status, None when unknown."""
        return cast(str | None, self._client.hget(self.keys.article(article_id), "status"))

    def finished_at(self, article_ids: list[str]) -> list[str | None]:
        """Each article's `finished_at` (ISO-8601), None while unfinished, in one round trip."""
        with self._client.pipeline(transaction=False) as pipe:
            for article_id in article_ids:
                pipe.hget(self.keys.article(article_id), "finished_at")
            return cast(list[str | None], pipe.execute())

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

    def deadletter_count(self) -> int:
        """Entries in the dead-letter stream."""
        return int(self._client.xlen(self.keys.deadletter))

    def finished_ids(self, status: str, limit: int = 10) -> list[str]:
        """The most recently finished article ids with that status (`done` or `failed`); limit 0: all."""
        index = self.keys.done if status == "done" else self.keys.failed
        return list(self._client.zrevrange(index, 0, limit - 1))  # type: ignore[arg-type]

    def counters(self) -> dict[str, int]:
        """The `counters` hash (articles in `done` and in `failed`), as integers."""
        raw = cast(dict[str, str], self._client.hgetall(self.keys.counters))
        return {name: int(value) for name, value in raw.items()}

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
