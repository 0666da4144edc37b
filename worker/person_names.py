"""A parse step after the recogniser: a person's given name that spaCy left outside the entity joins it."""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from worker.stages import names

PERSON_NAMES = "newsworker_person_names"


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


def extend_person_names(doc: Doc) -> Doc:
    """Widen PERSON entities leftwards over one untagged proper-noun compound that is a given name."""
    ents = list(doc.ents)
    changed = False
    for k, ent in enumerate(ents):
        if ent.label_ != "PERSON" or ent.start == 0 or len(ent) > 2:
            continue
        before = doc[ent.start - 1]
        if _given_name(before, ent):
            ents[k] = SpacySpan(doc, ent.start - 1, ent.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = ents
    return doc
