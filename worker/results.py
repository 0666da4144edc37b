"""Reading finished results back: follow the events stream, export, find by entity or speaker."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

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
    quotes = "not extracted" if result.quotes is None else len(result.quotes)
    return f"done    {result.id}  {title}\n        entities: {names} | quotes: {quotes} | {lead}"


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


def shown(store: Store, article_id: str) -> tuple[dict[str, Any], bool] | None:
    """What `newsworker show` prints (result, or fields but the text) and if finished; None if unknown."""
    fields = store.article_fields(article_id)
    if not fields:
        return None
    result = store.result(article_id)
    if result is None:
        return {k: v for k, v in fields.items() if k != "text"} | {"id": article_id}, False
    return result.model_dump(mode="json"), True


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
    """A line per article indexed under `name`, a part or an alias of it: id, title, where, score, name."""
    names = {f"{store.keys.prefix}:{m.index}": m.name for m in store.find_names(name)}
    found = store.find(name, labels)
    titles = store.article_rows([article_id for article_id, _index, _score in found], ("title",))
    lines = []
    for (article_id, index, score), row in zip(found, titles, strict=True):
        kind = "speaker" if ":speaker:" in index else "entity " + index.split(":")[-2]
        lines.append(f"{article_id}\t{row['title'] or ''}\t{kind}\t{score:g}\t{names.get(index, name)}")
    return lines
