"""The Store's name indexes: entity and speaker sorted sets, and the partial-name index over them."""

from __future__ import annotations

from collections import Counter
from typing import cast

import redis
from redis.client import Pipeline

from worker.keys import Keys, name_key
from worker.models import ArticleResult
from worker.name_index import NameMatch, lex_range, matches, name_members
from worker.store_base import Scored
from worker.store_reads import StoreReads


def index_entries(keys: Keys, result: ArticleResult) -> dict[str, float]:
    """The entity and speaker index keys a result belongs in, with its score in each."""
    entries = {keys.entity(e.label, e.name): e.salience for e in result.entities if name_key(e.name)}
    speakers = Counter(q.speaker for q in result.quotes or [] if q.speaker and name_key(q.speaker))
    entries.update({keys.speaker(name): float(count) for name, count in speakers.items()})
    return entries


class StoreIndex(StoreReads):
    """Lookups by name (`find`, the inspector's search) and the partial-name index they read."""

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
