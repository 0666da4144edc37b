"""The speaker, entity and search pages: articles from the index sorted sets and the name index."""

from __future__ import annotations

import json
from dataclasses import dataclass

from worker.keys import name_key
from worker.models import Quote
from worker.name_index import NameMatch
from worker.store import Store
from worker.web.views import Row, rows

PAGE_SIZE = 100


@dataclass(frozen=True)
class IndexPage:
    """The articles in one entity or speaker index, best first, with their score."""

    name: str
    total: int
    articles: list[tuple[Row, float]]
    quotes: dict[str, list[Quote]]  # the speaker's quotes per article id (empty for an entity page)


def _scored_rows(store: Store, scored: list[tuple[str, float]]) -> list[tuple[Row, float]]:
    """List rows for index members, keeping their score and leaving out vanished articles."""
    score = dict(scored)
    return [(row, score[row.id]) for row in rows(store, [article_id for article_id, _ in scored])]


def speaker_page(store: Store, key: str) -> IndexPage | None:
    """The articles quoting a speaker, with the quotes; None when no article quotes that key."""
    total, scored = store.index_members(f"speaker:{key}", PAGE_SIZE)
    if not total:
        return None
    ids = [article_id for article_id, _ in scored]
    quotes: dict[str, list[Quote]] = {}
    for article_id, part in zip(ids, store.article_rows(ids, ("quotes",)), strict=True):
        said = [Quote.model_validate(q) for q in json.loads(part["quotes"] or "[]")]
        quotes[article_id] = [q for q in said if q.speaker and name_key(q.speaker) == key]
    name = next((q.speaker for said in quotes.values() for q in said if q.speaker), key)
    return IndexPage(name, total, _scored_rows(store, scored), quotes)


def entity_page(store: Store, label: str, key: str) -> IndexPage | None:
    """The articles mentioning an entity, by salience; None when no article mentions it."""
    total, scored = store.index_members(f"entity:{label}:{key}", PAGE_SIZE)
    if not total:
        return None
    name = key
    for part in store.article_rows([article_id for article_id, _ in scored[:3]], ("entities",)):
        entities = json.loads(part["entities"] or "[]")
        found = [e["name"] for e in entities if e["label"] == label and name_key(e["name"]) == key]
        if found:
            name = found[0]
            break
    return IndexPage(name, total, _scored_rows(store, scored), {})


@dataclass(frozen=True)
class SearchPage:
    """Names matching a query (each an index with its article count) and the articles they lead to."""

    query: str
    names: list[tuple[NameMatch, int]]
    articles: list[Row]


def search_page(store: Store, query: str, labels: tuple[str, ...]) -> SearchPage:
    """What `newsworker find` finds for a query, for the search box: names first, then articles."""
    matched = [m for m in store.find_names(query) if m.label is None or m.label in labels][:PAGE_SIZE]
    names = list(zip(matched, store.index_sizes([m.index for m in matched]), strict=True))
    ids = list(dict.fromkeys(article_id for article_id, _index, _score in store.find(query, labels)))
    return SearchPage(query, [(m, n) for m, n in names if n], rows(store, ids[:PAGE_SIZE]))
