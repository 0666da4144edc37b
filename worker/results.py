"""Reading finished results back: follow the events stream, export, find by entity or speaker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO

from worker.errors import ConfigurationError
from worker.models import ArticleResult
from worker.store import Store


def parse_since(text: str) -> float:
    """A Unix time from ISO-8601 (`2026-11-28T10:00:00Z`) or Unix seconds."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigurationError(
            f"--since {text!r} is not a time: use ISO-8601 (2026-11-28T10:00:00Z) or Unix seconds"
        ) from None
    return moment.timestamp()


def describe(result: ArticleResult) -> str:
    """One line for a person watching results land: status, id, title, entities, quotes, lead sentence."""
    if result.status == "failed":
        return f"failed  {result.id}  {result.error.message if result.error else ''}"
    names = ", ".join(e.name for e in result.entities[:4])
    lead = result.summary.sentences[0].text if result.summary and result.summary.sentences else ""
    title = result.title or "(no title)"
    return f"done    {result.id}  {title}\n        entities: {names} | quotes: {len(result.quotes)} | {lead}"


def follow(store: Store, from_start: bool = False, limit: int | None = None) -> Iterator[ArticleResult]:
    """Each finished article as its event lands on `{prefix}:events` (new ones only unless `from_start`)."""
    last, seen = ("0-0" if from_start else store.last_event_id()), 0
    while limit is None or seen < limit:
        for entry_id, fields in store.read_events(last, block_ms=1000):
            last = entry_id
            result = store.result(fields["id"])
            if result is not None:
                seen += 1
                yield result
            if limit is not None and seen >= limit:
                return


def export(store: Store, since_ts: float, out: IO[str]) -> int:
    """Write every result finished since `since_ts` as JSON lines, oldest first; returns how many."""
    written = 0
    for article_id in store.finished_since(since_ts):
        result = store.result(article_id)
        if result is not None:
            out.write(result.model_dump_json() + "\n")
            written += 1
    return written


def find(store: Store, name: str, labels: tuple[str, ...]) -> list[str]:
    """Lines naming each article indexed under `name`: id, title, where it was found and the score."""
    lines = []
    for article_id, index, score in store.find(name, labels):
        title = store.article_fields(article_id).get("title", "")
        kind = "speaker" if ":speaker:" in index else "entity " + index.split(":")[-2]
        lines.append(f"{article_id}\t{title}\t{kind}\t{score:g}")
    return lines
