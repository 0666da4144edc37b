"""What each page shows, read from the Store: plain data for the templates (no HTML here)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from markupsafe import Markup

from worker.keys import name_key
from worker.models import ArticleResult, Entity, Quote
from worker.store import Store
from worker.web.marks import Speaker, result_marks, speakers
from worker.web.render import render_marked

ROW_FIELDS = ("title", "status", "finished_at", "entity_count", "quote_count")


@dataclass(frozen=True)
class Row:
    """One article in a list: id, title, status, finish time, counts of entities and quotes."""

    id: str
    title: str
    status: str
    finished_at: str
    entities: int
    quotes: int


def rows(store: Store, ids: list[str]) -> list[Row]:
    """List rows for these articles; counts of results stored before the count fields are computed."""
    fields = store.article_rows(ids, ROW_FIELDS)
    missing = [i for i, f in zip(ids, fields, strict=True) if f["status"] and f["entity_count"] is None]
    counted = {
        article_id: (len(json.loads(part["entities"] or "[]")), len(json.loads(part["quotes"] or "[]")))
        for article_id, part in zip(missing, store.article_rows(missing, ("entities", "quotes")), strict=True)
    }
    return [
        Row(
            article_id,
            f["title"] or "",
            f["status"] or "unknown",
            f["finished_at"] or "",
            counted[article_id][0] if article_id in counted else int(f["entity_count"] or 0),
            counted[article_id][1] if article_id in counted else int(f["quote_count"] or 0),
        )
        for article_id, f in zip(ids, fields, strict=True)
        if f["status"]  # an id whose hash expired (RESULT_TTL_S) or was deleted is left out
    ]


def status_figures(store: Store, queue: str) -> dict[str, int]:
    """The `newsworker status` figures: queue length, articles by status, dead letters, workers alive."""
    return {
        "queue": store.queue_length(queue),
        **store.counts(),
        "dead letters": store.deadletter_count(),
        "workers": len(store.live_workers()),
    }


@dataclass(frozen=True)
class QuoteGroup:
    """The quotes of one speaker in an article."""

    speaker: Speaker
    quotes: list[tuple[int, Quote]]


@dataclass(frozen=True)
class ArticlePage:
    """An article's stored fields, its result and its text with every span marked."""

    id: str
    fields: dict[str, str]
    result: ArticleResult | None
    html: Markup
    entities: list[Entity] = field(default_factory=list)
    groups: list[QuoteGroup] = field(default_factory=list)

    def entity_key(self, entity: Entity) -> str:
        """The index key of an entity (`/entities/<LABEL>/<key>`)."""
        return name_key(entity.name)


def article_page(store: Store, article_id: str) -> ArticlePage | None:
    """The article page's data; None for an unknown article."""
    fields = store.article_fields(article_id)
    if not fields:
        return None
    result = store.result(article_id)
    text = fields.get("text", "")
    if result is None:
        return ArticlePage(article_id, fields, None, render_marked(text, []))
    by_speaker = speakers(result)
    groups = [
        QuoteGroup(speaker, [(n, q) for n, q in enumerate(result.quotes or []) if q.speaker == name])
        for name, speaker in by_speaker.items()
    ]
    entities = sorted(result.entities, key=lambda e: (-e.salience, e.name))
    html = render_marked(text, result_marks(result))
    return ArticlePage(article_id, fields, result, html, entities, groups)
