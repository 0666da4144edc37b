"""A parse step after the recogniser: entity spans cut where news text fools it.

A given name before a PERSON joins it ("Mamadou" Dia), so does the hyphen-joined rest of a name
("SNC"-Lavalin); a headline's reporting verb leaves a person's name ("Obama Says" -> Obama); a list the
recogniser took for one person ("McRae, Cardin, Shawn Mendes") is cut at its commas.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from worker.stages import names
from worker.stages.lexicon import is_say
from worker.stages.names import NAME_LABELS

NAME_SPANS = "newsworker_name_spans"
# doc.user_data key: spaCy's own entities, kept where this step changed them.
RECOGNISED = "newsworker_recognised_ents"
# A possessive written with a mark the tokenizer does not split off ("Ford`s", "Fordʼs", "Ford′s").
LISTS = frozenset({"PERSON", "ORG"})  # labels the recogniser gives a list of names as one
ODD_POSSESSIVE = re.compile(r"(?<=\w)[`ʼ′](?=s\b)")


def possessive_marks(text: str) -> str:
    """The text to parse: odd possessive marks made ’, one character for one, so offsets stay the text's
    and the tokenizer reads "Ford`s" as "Ford" + "’s", as it does "Ford’s"."""
    return ODD_POSSESSIVE.sub("’", text)


def recognised(doc: Doc) -> list[tuple[int, int, str]]:
    """spaCy's entities as its recogniser gave them (start, end, label), before this step: a baseline."""
    found: list[tuple[int, int, str]] = doc.user_data.get(RECOGNISED) or [
        (e.start_char, e.end_char, e.label_) for e in doc.ents
    ]
    return found


def _given_name(token: Token, ent: Span) -> bool:
    """Whether `token`, just before a PERSON entity, is an untagged given name of it ("Mamadou" Dia)."""
    text = token.text
    if token.i > 0 and (token.nbor(-1).pos_ == "PROPN" or token.nbor(-1).ent_iob_ != "O"):
        return False  # inside a longer run of names: "The Canadian Press Kevin Doe" (a photo credit)
    return (
        token.ent_iob_ == "O"
        and token.pos_ == "PROPN"
        and token.dep_ == "compound"
        and ent.start <= token.head.i < ent.end
        and names.name_cased(text)
        and text.isalpha()
        and not names.is_title(text)
        and not names.is_role(text)
    )


def _hyphen_tail(doc: Doc, ent: Span) -> int:
    """The end of a name continued by a hyphen and a capitalised word with no space ("SNC" + "-Lavalin")."""
    end = ent.end
    if end + 1 >= len(doc) or ent[-1].whitespace_ or doc[end].text != "-" or doc[end].whitespace_:
        return end
    tail = doc[end + 1]
    untagged = doc[end].ent_iob_ == "O" and tail.ent_iob_ == "O"
    return end + 2 if untagged and tail.text[:1].isupper() and tail.text.isalpha() else end


def _listed(ent: Span) -> list[Span]:
    """A person's or body's entity cut at its commas when every part is a name ("McRae, Cardin, Shawn
    Mendes"), each part keeping the label (relabelled later); a suffix stays ("Martin Luther King, Jr.")."""
    commas = [t.i for t in ent if t.text == ","]
    if ent.label_ not in LISTS or not commas:
        return [ent]
    bounds = [ent.start, *[i + 1 for i in commas]]
    parts = [ent.doc[a : b - 1] for a, b in zip(bounds, [*bounds[1:], ent.end + 1], strict=True)]
    if not all(len(part) and all(names.name_cased(t.text) for t in part) for part in parts):
        return [ent]
    if any(part.text.rstrip(".").casefold() in names.SUFFIXES for part in parts):
        return [ent]
    return [Span(ent.doc, part.start, part.end, label=ent.label_) for part in parts]


def fix_name_spans(doc: Doc) -> Doc:
    """Widen entities over a given name or a hyphenated rest of a name; cut a headline's verb off a person;
    cut a list of people into its names."""
    ents = [part for ent in doc.ents for part in _listed(ent)]
    changed = len(ents) != len(doc.ents)
    for k, ent in enumerate(ents):
        start, end = ent.start, ent.end
        if ent.label_ == "PERSON" and start > 0 and len(ent) <= 2 and _given_name(doc[start - 1], ent):
            start -= 1
        if ent.label_ == "PERSON" and len(ent) > 1 and is_say(ent[-1]) and ent[-1].text.istitle():
            end -= 1  # "Obama Says Museum Will Tell ..."
        elif ent.label_ in NAME_LABELS:
            end = _hyphen_tail(doc, ent)
        if (start, end) != (ent.start, ent.end):
            ents[k] = Span(doc, start, end, label=ent.label_)
            changed = True
    if changed:
        before = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        try:
            doc.ents = ents
        except ValueError:  # two repairs claimed one token ("X-Mamadou Dia"): keep spaCy's entities
            return doc
        doc.user_data[RECOGNISED] = before
    return doc
