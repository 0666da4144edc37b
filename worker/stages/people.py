"""The people an article names: every mention with its full name, the words introducing it, its gender."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from worker.models import Entity

TITLE_WORDS = re.compile(
    r"^((mr|mrs|ms|dr|prof|sen|rep|gov|lt|gen|col|sgt|capt|st)\.?|president|premier|minister|"
    r"chancellor|senator|mayor|judge|justice|sir|dame|lord|chief|spokesman|spokeswoman|spokesperson|"
    r"professor|doctor|king|queen|prince|princess|pope|rev|reverend|officer|director|ceo|chair)$",
    re.IGNORECASE,
)
MALE = frozenset({"he", "him", "his", "himself", "mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "mrs.", "ms", "ms.", "dame", "queen", "princess"})


@dataclass(frozen=True)
class Who:
    """A resolved speaker: canonical name and entity label."""

    name: str
    label: str | None


@dataclass(frozen=True)
class Person:
    """One PERSON mention: where it is, whose it is, the title words around it, whether it is a subject."""

    start: int
    who: Who
    titles: frozenset[str]
    subject: bool


def strip_titles(name: str) -> str:
    """A name without leading titles ("President", "Dr."), a leading article or a possessive 's."""
    words = re.sub(r"['’]s?$", "", " ".join(name.split())).split()
    while len(words) > 1 and (TITLE_WORDS.match(words[0]) or words[0].lower() in {"the", "a", "an"}):
        words = words[1:]
    return " ".join(words).strip(" ,.;:\"'“”‘’")


def clean_name(text: str) -> str:
    """A person's name out of a mention: no titles, no "Town's" before it, no ", role" or "of X" after."""
    text = re.split(r",|\(| of | from | at ", text)[0]
    text = re.sub(r"^\S+['’]s\s+(?=[A-Z])", "", text.strip())
    return strip_titles(text)


def name_words(name: str) -> frozenset[str]:
    """The case-folded words of a name."""
    return frozenset(w.casefold() for w in name.split())


def person_at(entities: list[Entity], ent: SpacySpan) -> Who | None:
    """A PERSON mention's person: the entity's name, or the mention's own when the entity drops it.

    An entity named "Town's Jane Doe" or "Jane Doe of Acme" (labelled ORG for its extra words) still
    names the person Jane Doe; None when the entities stage decided the mention is not a person.
    """
    own = clean_name(ent.text)
    who = entity_at(entities, ent.start_char, ent.end_char) or Who(own, "PERSON")
    if who.label != "PERSON" and clean_name(who.name) == who.name:
        return None
    if own and (who.label != "PERSON" or name_words(own) < name_words(clean_name(who.name))):
        return Who(own, "PERSON")
    return Who(clean_name(who.name) or who.name, "PERSON")


def index_people(doc: Doc, entities: list[Entity]) -> list[Person]:
    """Every PERSON mention of the document, a partial name given the full name it stands for."""
    found = []
    for ent in doc.ents:
        who = person_at(entities, ent) if ent.label_ == "PERSON" else None
        if who is not None:
            found.append(Person(ent.start_char, who, _titles(ent), _is_subject(ent)))
    return [
        Person(p.start, full_name(found, p.who.name, p.start) or p.who, p.titles, p.subject) for p in found
    ]


def full_name(people: list[Person], name: str, at: int) -> Who | None:
    """The longer name of the article containing `name`'s words; of several, the one introduced first."""
    words = name_words(name)
    owners = [p for p in people if words and words < name_words(p.who.name)]
    return min(owners, key=lambda p: p.start).who if owners else None


def entity_at(entities: list[Entity], start: int, end: int) -> Who | None:
    """The entities-stage entity with a mention overlapping these offsets."""
    for entity in entities:
        if any(m.start < end and start < m.end for m in entity.mentions):
            return Who(entity.name, entity.label)
    return None


def genders(doc: Doc, people: list[Person]) -> dict[str, str]:
    """Each person's gender as the pronouns and titles next to their subject mentions suggest ('m'/'f')."""
    votes: dict[str, Counter[str]] = {}
    for person in people:
        span = doc.char_span(person.start, person.start + 1, alignment_mode="expand")
        if span is None:
            continue
        window = doc[max(0, span.start - 1) : min(len(doc), span.start + 25)]
        for token in window:
            if token.lower_ in MALE or token.lower_ in FEMALE:
                vote = "m" if token.lower_ in MALE else "f"
                votes.setdefault(person.who.name, Counter())[vote] += 1
                break
    return {name: count.most_common(1)[0][0] for name, count in votes.items()}


def _titles(ent: SpacySpan) -> frozenset[str]:
    """Lower-cased words introducing a person: compounds and modifiers before the name, appositions after."""
    root = ent.root
    before = [t for t in root.doc[root.left_edge.i : ent.start] if t.pos_ in {"NOUN", "ADJ", "PROPN"}]
    after = [t for c in root.children if c.dep_ == "appos" for t in c.subtree if t.pos_ in {"NOUN", "ADJ"}]
    return frozenset(t.lower_ for t in before + after)


def _is_subject(ent: SpacySpan) -> bool:
    """Whether a mention is (part of) a clause subject."""
    return any(t.dep_ in {"nsubj", "nsubjpass"} for t in (ent.root, ent.root.head))
