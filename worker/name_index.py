"""The partial-name index: which entity and speaker indexes a name, a part of it or an alias points to.

Members of the `{prefix}:names` sorted set are `<token>|<index>|<name>`, all scored 0, so that
ZRANGEBYLEX finds every member whose token starts with what the user typed. `<token>` is a name key
(`worker.keys.name_key`) or one of its word suffixes (`wang-yi`, `yi`), also for each distinct mention of an
entity (an alias: `US` for `United States`); `<index>` is the index key without the prefix
(`entity:PERSON:wang-yi`, `speaker:wang-yi`); `<name>` is the canonical name to show.
"""

from __future__ import annotations

from dataclasses import dataclass

from worker.keys import name_key
from worker.models import ArticleResult

MAX_TOKENS = 6  # word suffixes indexed per name: enough for any real name, bounded for odd long ones


@dataclass(frozen=True)
class NameMatch:
    """An entity or speaker index found by a name lookup."""

    index: str  # the index key without the prefix: `entity:PERSON:wang-yi` or `speaker:wang-yi`
    name: str

    @property
    def kind(self) -> str:
        """`entity` or `speaker`."""
        return self.index.split(":", 1)[0]

    @property
    def label(self) -> str | None:
        """The entity label (PERSON, GPE, ...); None for a speaker."""
        parts = self.index.split(":")
        return parts[1] if self.kind == "entity" else None

    @property
    def key(self) -> str:
        """The canonical name key, as in the index key."""
        return self.index.rsplit(":", 1)[1]


def tokens(variant: str) -> list[str]:
    """A name's key and its word suffixes: `Wang Yi` -> `wang-yi`, `yi`."""
    words = name_key(variant).split("-")
    if words == [""]:
        return []
    return ["-".join(words[i:]) for i in range(min(len(words), MAX_TOKENS))]


def members_for(index: str, name: str, variants: set[str]) -> set[str]:
    """The name-index members pointing at one index from its name and aliases."""
    return {f"{token}|{index}|{name}" for variant in variants | {name} for token in tokens(variant)}


def name_members(result: ArticleResult) -> set[str]:
    """Every name-index member a result contributes (entities with their mentions, speakers)."""
    members: set[str] = set()
    for entity in result.entities:
        if name_key(entity.name):
            index = f"entity:{entity.label}:{name_key(entity.name)}"
            members |= members_for(index, entity.name, {m.text for m in entity.mentions})
    for speaker in {q.speaker for q in result.quotes or [] if q.speaker and name_key(q.speaker)}:
        members |= members_for(f"speaker:{name_key(speaker)}", speaker, set())
    return members


def lex_range(query: str) -> tuple[bytes, bytes] | None:
    """The ZRANGEBYLEX bounds of members whose token starts with the query's key; None for no key."""
    key = name_key(query)
    if not key:
        return None
    return b"[" + key.encode(), b"[" + key.encode() + b"\xff"


def matches(query: str, members: list[str]) -> list[NameMatch]:
    """Distinct indexes from raw members, best first: the whole name, then a whole word, then a prefix."""
    key = name_key(query)
    best: dict[str, tuple[int, NameMatch]] = {}
    for member in members:
        token, index, name = member.split("|", 2)
        found = NameMatch(index, name)
        rank = 0 if found.key == key else 1 if token == key or token.startswith(key + "-") else 2
        if index not in best or rank < best[index][0]:
            best[index] = (rank, found)
    ordered = sorted(best.values(), key=lambda item: (item[0], item[1].kind, item[1].name, item[1].index))
    return [found for _rank, found in ordered]
