"""Who spoke: a speaker mention resolved to a canonical name shared with the entities stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from worker.models import Entity


def words(text: str) -> frozenset[str]:
    """The set of space-separated words in a text (for word lists written as one string)."""
    return frozenset(text.split())


PRONOUNS = words("he she they i we it him her them you")
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
# Nouns for texts that speak for their authors: "the report said", "a statement claimed".
DOCUMENTS = words(
    "report statement study assessment survey document release letter email memo filing ruling "
    "analysis poll paper complaint lawsuit review post tweet notice website data decision blog "
    "article order"
)
# Nouns for bodies that speak as one: "the ministry said", "the department added".
BODIES = words(
    "government ministry department agency company police office committee council group party "
    "campaign board court firm union organization organisation association administration commission "
    "service authority authorities team club university school hospital bank network newspaper army "
    "military"
)
TITLE_WORDS = re.compile(
    r"^((mr|mrs|ms|dr|prof|sen|rep|gov|lt|gen|col|sgt|capt|st)\.?|president|premier|minister|"
    r"chancellor|senator|mayor|judge|justice|sir|dame|lord|chief|spokesman|spokeswoman|spokesperson|"
    r"professor|doctor|king|queen|prince|princess|pope|rev|reverend|officer|director|ceo|chair)$",
    re.IGNORECASE,
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(frozen=True)
class Who:
    """A resolved speaker: canonical name and entity label."""

    name: str
    label: str | None


@dataclass(frozen=True)
class _Person:
    """One PERSON mention: where it is, whose it is, the title words around it, whether it is a subject."""

    start: int
    who: Who
    titles: frozenset[str]
    subject: bool


@dataclass
class Resolver:
    """Resolves speaker mentions in one article, remembering who has spoken so far."""

    doc: Doc
    entities: list[Entity]
    spoken: list[tuple[int, Who]] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Index every person mention with the title words that introduce it."""
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                who = self._entity_at(ent.start_char, ent.end_char) or Who(strip_titles(ent.text), "PERSON")
                if who.label == "PERSON":
                    self.people.append(_Person(ent.start_char, who, _titles(ent), _is_subject(ent)))

    def resolve(self, mention: SpacySpan, at: int) -> Who | None:
        """The canonical speaker for a mention attributing a quote at offset `at`; None when unknown."""
        head = mention.root
        if head.lower_ in PRONOUNS:
            return self._pronoun(head.lower_, at)
        for ent in mention.ents:
            if ent.label_ == "PERSON" or (ent.label_ in NAME_LABELS and ent.root == head):
                return self._named(ent)
        if head.pos_ == "PROPN":
            return self._named(_proper_name(head))
        return self._role(mention, head, at)

    def remember(self, at: int, who: Who) -> None:
        """Record that `who` spoke at offset `at`, for later pronouns and unattributed quotes."""
        self.spoken.append((at, who))

    def last_speaker(self, at: int) -> Who | None:
        """Who spoke most recently before offset `at`."""
        earlier = [(pos, who) for pos, who in self.spoken if pos <= at]
        return max(earlier, key=lambda p: p[0])[1] if earlier else None

    def _named(self, ent: SpacySpan) -> Who:
        """A named mention: a full name from the article for a partial one, else the entity's name."""
        text = strip_titles(ent.text)
        person = self._person_named(text)
        if person is not None:
            return person
        found = self._entity_at(ent.start_char, ent.end_char)
        if found is not None:
            return found
        return Who(text, ent.label_ if ent.label_ in NAME_LABELS else "PERSON")

    def _person_named(self, text: str) -> Who | None:
        """The article's person whose full name contains this (partial) name, the longest if several."""
        words = {w.casefold() for w in text.split()}
        owners = [p.who for p in self.people if words and words <= _name_words(p.who.name)]
        return max(owners, key=lambda w: len(w.name)) if owners else None

    def _entity_at(self, start: int, end: int) -> Who | None:
        """The entities-stage entity with a mention overlapping these offsets."""
        for entity in self.entities:
            if any(m.start < end and start < m.end for m in entity.mentions):
                return Who(entity.name, entity.label)
        return None

    def _pronoun(self, word: str, at: int) -> Who | None:
        """A pronoun: the person (or, for it/they, the body) most recently speaking or acting as a subject."""
        if word in {"i", "we", "you"}:
            return self.last_speaker(at) if word == "we" else None
        people = [(p.start, p.who) for p in self.people if p.start < at and p.subject]
        said = [(pos, who) for pos, who in self.spoken if pos < at]
        if word in PERSON_PRONOUNS:
            said = [(pos, who) for pos, who in said if who.label == "PERSON"]
            pool = people + said or [(p.start, p.who) for p in self.people if p.start < at]
        else:
            pool = [(pos, who) for pos, who in said if who.label != "PERSON" or word == "they"]
        return max(pool, key=lambda p: p[0])[1] if pool else None

    def _role(self, mention: SpacySpan, head: Token, at: int) -> Who | None:
        """A role noun: the person introduced with that role, else the body it speaks for, else None."""
        owner = _owner(head)
        if head.lemma_.lower() in DOCUMENTS:
            if owner is not None:
                return self._owner_who(owner)
            return self._recent(at, lambda w: w.label != "PERSON")
        words = {t.lower_ for t in mention if t.pos_ in {"NOUN", "ADJ", "PROPN"}}
        titled = [(len(words & p.titles), p.start, p.who) for p in self.people if head.lower_ in p.titles]
        if titled:
            return max(titled, key=lambda t: (t[0], -abs(t[1] - at)))[2]
        if owner is not None:
            return self._owner_who(owner)
        if head.lemma_.lower() in BODIES:
            return self._recent(at, lambda w: w.label not in {"PERSON", None})
        if head.pos_ == "NOUN" and head.lemma_.lower() not in DOCUMENTS:
            return self._recent(at, lambda w: w.label == "PERSON")
        return None

    def _owner_who(self, owner: SpacySpan) -> Who:
        """The body or author a role noun or document belongs to ("a spokesperson for X", "a report by X")."""
        for ent in owner.ents:
            if ent.label_ in NAME_LABELS and ent.end_char >= owner.root.idx:
                return self._named(ent)
        return Who(_noun_phrase(owner), "ORG")

    def _recent(self, at: int, keep: object) -> Who | None:
        """The latest speaker before `at` passing `keep`."""
        said = [(pos, who) for pos, who in self.spoken if pos < at and keep(who)]  # type: ignore[operator]
        return max(said, key=lambda p: p[0])[1] if said else None


def strip_titles(name: str) -> str:
    """A name without leading titles ("President", "Dr."), a leading article or a possessive 's."""
    words = re.sub(r"['’]s?$", "", " ".join(name.split())).split()
    while len(words) > 1 and (TITLE_WORDS.match(words[0]) or words[0].lower() in {"the", "a", "an"}):
        words = words[1:]
    return " ".join(words).strip(" ,.;:\"'“”‘’")


def _name_words(name: str) -> set[str]:
    """The case-folded words of a name."""
    return {w.casefold() for w in name.split()}


def _titles(ent: SpacySpan) -> frozenset[str]:
    """Lower-cased words introducing a person: compounds and modifiers before the name, appositions after."""
    root = ent.root
    before = [t for t in root.doc[root.left_edge.i : ent.start] if t.pos_ in {"NOUN", "ADJ", "PROPN"}]
    after = [t for c in root.children if c.dep_ == "appos" for t in c.subtree if t.pos_ in {"NOUN", "ADJ"}]
    return frozenset(t.lower_ for t in before + after)


def _is_subject(ent: SpacySpan) -> bool:
    """Whether a mention is (part of) a clause subject."""
    return any(t.dep_ in {"nsubj", "nsubjpass"} for t in (ent.root, ent.root.head))


def _owner(head: Token) -> SpacySpan | None:
    """The object of a 'for', 'of', 'by', 'from' or 'at' after a role noun."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in {"for", "of", "by", "from", "at"}:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return head.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1]
    return None


def _proper_name(head: Token) -> SpacySpan:
    """The run of proper nouns around a PROPN head (its compounds)."""
    tokens = [t for t in head.subtree if t.pos_ == "PROPN" and (t == head or t.dep_ == "compound")]
    return head.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]


def _noun_phrase(span: SpacySpan) -> str:
    """A noun phrase's text without a leading article."""
    return strip_titles(span.text)
