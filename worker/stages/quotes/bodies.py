"""Bodies that speak as one: the nouns naming them, and the organisations the article introduces with one.

"Rally Canada, the group that organised the event, ..." lets a later "the group says" mean Rally Canada;
"cybersecurity firm Symantec" lets "the firm" mean Symantec.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from worker.stages.lexicon import words
from worker.stages.names import NAME_LABELS
from worker.stages.quotes.people import MentionIndex, Who

# Nouns for bodies that speak as one: "the ministry said", "the department added".
BODIES = words(
    "government ministry department agency company police office committee council group party "
    "campaign board court firm union organization organisation association administration commission "
    "service authority authorities team club university school hospital bank network newspaper army "
    "military city town village municipality county province state family band"
)
BODY_LABELS = NAME_LABELS - {"PERSON"}


@dataclass(frozen=True)
class Introduced:
    """An organisation's mention and the body nouns introducing it ("the group", "security firm")."""

    start: int
    who: Who
    nouns: frozenset[str]


def introduced_bodies(doc: Doc, mentions: MentionIndex) -> list[Introduced]:
    """Every organisation mention written with a body noun beside it, in article order."""
    found = []
    for ent in (e for e in doc.ents if e.label_ == "ORG"):
        nouns = _body_nouns(ent)
        who = mentions.at(ent.start_char, ent.end_char)
        if nouns and who is not None and who.label in BODY_LABELS:
            found.append(Introduced(ent.start_char, who, nouns))
    return found


def introduced_as(bodies: list[Introduced], noun: str, at: int) -> Who | None:
    """The organisation most recently introduced with `noun` before offset `at`."""
    starts = [b.start for b in bodies]
    for body in reversed(bodies[: bisect.bisect_left(starts, at)]):
        if noun in body.nouns:
            return body.who
    return None


def _body_nouns(ent: Span) -> frozenset[str]:
    """Body nouns in apposition to an organisation's name, or just before it as a description."""
    root = ent.root
    doc = ent.doc
    beside = [t for t in doc[root.left_edge.i : ent.start] if t.pos_ == "NOUN"]
    beside += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        beside.append(root.head)  # "the group, Rally Canada, ..."
    return frozenset(t.lemma_.lower() for t in beside if t.lemma_.lower() in BODIES)
