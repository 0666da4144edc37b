"""Spans around a speaker mention: its entity, names paired or apposed to it, the noun phrase it heads."""

from __future__ import annotations

import re

from spacy.attrs import LEMMA, LOWER, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from worker.stages.columns import columns

INTRODUCING = frozenset({"a", "an", "one"})  # words opening a phrase that introduces someone unnamed
NN, INDEFINITE_IDS = get_string_id("NN"), frozenset(map(get_string_id, INTRODUCING))


def introductions(doc: Doc) -> dict[str, list[int]]:
    """Token indices of indefinite singular nouns ("a justice official"), by lemma, in order."""
    found: dict[str, list[int]] = {}
    tags, lemmas, lowers = columns(doc, TAG, LEMMA, LOWER)
    strings = doc.vocab.strings
    for i in (i for i, tag in enumerate(tags) if tag == NN):
        if lowers[doc[i].left_edge.i] in INDEFINITE_IDS:
            found.setdefault(strings[lemmas[i]], []).append(i)
    return found


def phrase_of(token: Token) -> Span:
    """A noun phrase from its first word to its head noun."""
    return token.doc[token.left_edge.i : token.i + 1]


def apposed_name(head: Token) -> Span | None:
    """A PERSON name in apposition to a role noun ("Spindler's father, Joseph"), or parsed as coordinated
    with it ("actors and spouses Jane Doe and John Roe")."""
    for child in head.children:
        if child.dep_ in {"appos", "conj"} and child.ent_type_ == "PERSON":
            return ent_of(child)
    return None


def paired_name(ent: Span) -> Span | None:
    """Two people named as one subject ("Jane and John Doe"): the span from the first to the second name."""
    if ent.label_ != "PERSON":
        return None
    for child in ent.root.children:
        if child.dep_ == "conj" and child.ent_type_ == "PERSON" and (other := ent_of(child)) is not None:
            return ent.doc[ent.start : other.end]
    return None


def proper_name(head: Token) -> Span:
    """The run of proper nouns around a PROPN head (its compounds)."""
    start = head.i
    while start > 0 and head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].dep_ == "compound":
        start -= 1
    return head.doc[start : head.i + 1]


def noun_phrase(span: Span) -> str:
    """A noun phrase's text without a leading 'the' or possessive 's."""
    text = " ".join(span.text.split())
    return re.sub(r"^(the|The)\s+|['’ʼ′]s?$", "", text).strip(" ,.;:")


def definite(mention: Span) -> bool:
    """Whether a mention refers back to someone already known: 'the diplomat', 'the Chinese minister'."""
    return mention[0].lower_ in {"the", "this", "that"}


def indefinite(mention: Span) -> bool:
    """Whether a mention introduces someone not named: 'a nurse', 'one resident', 'another official'."""
    return mention[0].lower_ in {"a", "an", "one", "another"}


def merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted intervals with overlapping ones joined, for a bisect lookup."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def ent_of(token: Token) -> Span | None:
    """The entity a token is part of, found from its IOB tags (no scan of every entity in the doc)."""
    if not token.ent_iob_ or token.ent_iob_ == "O":
        return None
    doc, start = token.doc, token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def ents_within(span: Span) -> list[Span]:
    """The entities lying wholly inside a span (`Span.ents` walks every entity of the doc each time)."""
    found, i = [], span.start
    while i < span.end:
        ent = ent_of(span.doc[i])
        if ent is None:
            i += 1
            continue
        if ent.start >= span.start and ent.end <= span.end:
            found.append(ent)
        i = max(ent.end, i + 1)
    return found
