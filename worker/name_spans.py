"""A parse step after the recogniser: name words spaCy left outside an entity join it.

A given name before a PERSON ("Mamadou" Dia) and the hyphen-joined rest of a name ("SNC"-Lavalin).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from worker.stages import names

NAME_SPANS = "newsworker_name_spans"
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _given_name(token: Token, ent: SpacySpan) -> bool:
    """Whether `token`, just before a PERSON entity, is an untagged given name of it ("Mamadou" Dia)."""
    text = token.text
    if token.i > 0 and (token.nbor(-1).pos_ == "PROPN" or token.nbor(-1).ent_iob_ != "O"):
        return False  # inside a longer run of names: "The Canadian Press Kevin Doe" (a photo credit)
    return (
        token.ent_iob_ == "O"
        and token.pos_ == "PROPN"
        and token.dep_ == "compound"
        and ent.start <= token.head.i < ent.end
        and text.istitle()
        and text.isalpha()
        and not names.is_title(text)
        and not names.is_role(text)
    )


def _hyphen_tail(doc: Doc, ent: SpacySpan) -> int:
    """The end of a name continued by a hyphen and a capitalised word with no space ("SNC" + "-Lavalin")."""
    end = ent.end
    if end + 1 >= len(doc) or ent[-1].whitespace_ or doc[end].text != "-" or doc[end].whitespace_:
        return end
    tail = doc[end + 1]
    if tail.ent_iob_ != "O" or not tail.text[:1].isupper() or not tail.text.isalpha():
        return end
    return end + 2


def widen_names(doc: Doc) -> Doc:
    """Widen entities over a given name spaCy left before a person, or a hyphenated rest of a name."""
    ents = list(doc.ents)
    changed = False
    for k, ent in enumerate(ents):
        start, end = ent.start, ent.end
        if ent.label_ == "PERSON" and start > 0 and len(ent) <= 2 and _given_name(doc[start - 1], ent):
            start -= 1
        if ent.label_ in NAME_LABELS:
            end = _hyphen_tail(doc, ent)
        if (start, end) != (ent.start, ent.end):
            ents[k] = SpacySpan(doc, start, end, label=ent.label_)
            changed = True
    if changed:
        doc.ents = ents
    return doc
