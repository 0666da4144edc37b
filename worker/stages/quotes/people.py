"""The people an article names: every mention with its full name, the words introducing it, its gender."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from worker.models import Entity
from worker.stages.lexicon import GIVEN_NAMES
from worker.stages.names import bare_word, names_a_body, split_title

# Role nouns and the titles that introduce the same role: "the judge" after "Justice Jane Doe".
# Not "representative" (a firm's too) or "lawyer" (an Attorney General is none): no shared form there.
ROLE_SYNONYMS = (
    "judge justice",
    "officer constable const cst sergeant sgt detective det",
    "senator sen",
    "governor gov",
    "professor prof",
    "doctor dr physician",
)
ROLE_FORMS = {word: frozenset(group.split()) for group in ROLE_SYNONYMS for word in group.split()}
# Parts of a description that describe something else: a clause ("a lawyer with X, which represents the
# groups"), an owner ("the union's business manager"), a prepositional phrase ("a professor at the school").
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "poss", "prep"})


@dataclass(frozen=True)
class Who:
    """A resolved speaker: canonical name and entity label."""

    name: str
    label: str | None


@dataclass(frozen=True)
class Person:
    """One PERSON mention: where it is, whose it is, the title words around it, how much it is a subject.

    rank is 0 for the subject of a sentence's main verb, 1 for another clause's subject, 2 otherwise.
    loose is true for a mention in a headline-cased sentence or inside a quotation, where the parser's
    name often runs on ("Jane Doe Endorses", "the Doe Train"): it lends its name to a shorter one only
    when it ends with that one's last word. sex is 'm' or 'f' when an honorific says so ("Mrs. Doe").
    """

    start: int
    who: Who
    titles: frozenset[str]
    rank: int
    loose: bool = False
    sex: str | None = None


POSSESSIVE_END = re.compile(r"['’ʼ′]s?$")
HONORIFIC_SEX = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
NAME_END = re.compile(r",|\(| of | from | at ")
OWNER_START = re.compile(r"^\S+['’ʼ′]s\s+(?=[A-Z])")


def strip_titles(name: str) -> str:
    """A name without leading titles ("President", "Dr."), a leading article or a possessive 's."""
    words = POSSESSIVE_END.sub("", " ".join(name.split())).split()
    while len(words) > 1 and words[0].lower() in {"the", "a", "an"}:
        words = words[1:]
    return split_title(" ".join(words))[1].strip(" ,.;:\"'“”‘’ʼ′")


@functools.lru_cache(maxsize=4096)
def clean_name(text: str) -> str:
    """A person's name out of a mention: no titles, no "Town's" before it, no ", role" or "of X" after."""
    text = NAME_END.split(text)[0]
    text = OWNER_START.sub("", text.strip())
    return strip_titles(text)


@functools.lru_cache(maxsize=4096)
def name_words(name: str) -> frozenset[str]:
    """The case-folded words of a name, a particle joined by a hyphen dropped ("al-Kabariti": kabariti)."""
    return frozenset(bare_word(w.casefold()) for w in name.split())


def person_at(entities: list[Entity] | MentionIndex, ent: Span) -> Who | None:
    """A PERSON mention's person: the entity's name, or the mention's own when the entity drops it.

    An entity named "Town's Jane Doe" or "Jane Doe of Acme" (labelled ORG for its extra words) still
    names the person Jane Doe; None when the entities stage decided the mention is not a person.
    """
    own = clean_name(ent.text)
    who = entity_at(entities, ent.start_char, ent.end_char) or Who(own, "PERSON")
    if who.label != "PERSON" and clean_name(who.name) == who.name:
        return None
    if own and (who.label != "PERSON" or name_words(clean_name(who.name)) < name_words(own)):
        return Who(own, "PERSON")
    return Who(clean_name(who.name) or who.name, "PERSON")


@dataclass
class MentionIndex:
    """The entities stage's mentions sorted by offset: finding a mention's entity is a bisect, not a scan."""

    entities: list[Entity]
    rows: list[tuple[int, int, Who]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    longest: int = 0
    order: dict[Who, int] = field(default_factory=dict)  # where each name first comes in the stage's order

    def __post_init__(self) -> None:
        whos = [Who(e.name, e.label) for e in self.entities]
        self.rows = sorted(
            ((m.start, m.end, who) for e, who in zip(self.entities, whos, strict=True) for m in e.mentions),
            key=lambda row: row[0],
        )
        self.starts = [row[0] for row in self.rows]
        self.longest = max((end - start for start, end, _ in self.rows), default=0)
        for k, who in enumerate(whos):
            self.order.setdefault(who, k)

    def at(self, start: int, end: int) -> Who | None:
        """The entity (in the stage's order) with a mention overlapping these offsets."""
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        hits = {row[2] for row in self.rows[first:last] if row[0] < end and start < row[1]}
        return min(hits, key=self.order.__getitem__) if hits else None


def index_people(
    doc: Doc, mentions: MentionIndex, quoted: Callable[[int], bool] | None = None
) -> list[Person]:
    """Every PERSON mention of the document, a partial name given the full name it stands for.

    `quoted` tells whether an offset is inside a quotation (such mentions are loose, see Person).
    An honorific's sex overrules the entities stage's grouping: "Mrs. Doe" put with John Doe is Jane Doe.
    """
    found = []
    for ent in sorted(_person_spans(doc, mentions.entities), key=lambda e: e.start):
        who, sex = person_at(mentions, ent), honorific_sex(ent)
        if who is not None and sex is not None and given_sex(who.name) not in (None, sex):
            who = Who(clean_name(ent.text), "PERSON")  # "Mrs. Doe" put with John Doe: her own name, for now
        if who is not None and not names_a_body(who.name):  # "Studio Doe" is the firm, not Jane Doe
            loose = _headline(ent.sent) or (quoted is not None and quoted(ent.start_char))
            found.append(Person(ent.start_char, who, _titles(ent), _rank(ent), loose, sex))
    firsts = first_mentions(found)
    return [replace(p, who=full_name(firsts, p.who.name, p.start, p.sex) or p.who) for p in found]


def headline_free(doc: Doc, entities: list[Entity]) -> list[Entity]:
    """The entities, a person named after a run-on headline mention ("Jane Doe Endorses") renamed.

    Such a person takes the longest name it has outside headline-cased sentences.
    """
    return [_renamed(doc, e) if e.label == "PERSON" else e for e in entities]


def _renamed(doc: Doc, entity: Entity) -> Entity:
    """A person entity renamed after its longest mention outside headlines when its name comes from one."""
    plain: list[str] = []
    for m in entity.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span) and not _headline(span.sent):
            plain.append(clean_name(span.text))
    plain = [name for name in plain if name]
    if not plain or clean_name(entity.name) in plain:
        return entity
    longest = max(plain, key=lambda name: len(name.split()))
    return entity.model_copy(update={"name": longest})


def _headline(sent: Span) -> bool:
    """Whether a sentence is set in headline case: four or more words of four letters, all capitalised."""
    long = [t.text for t in sent if t.is_alpha and len(t.text) >= 4]
    return len(long) >= 4 and all(w[0].isupper() for w in long)


def _person_spans(doc: Doc, entities: list[Entity]) -> list[Span]:
    """spaCy's PERSON mentions, and the entities stage's person mentions that spaCy left unlabelled."""
    spans = [ent for ent in doc.ents if ent.label_ == "PERSON"]
    for entity in (e for e in entities if e.label == "PERSON"):
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="contract")
            if span is not None and len(span) and not _labelled(doc, m.start, m.end, span):
                spans.append(span)
    return spans


def _labelled(doc: Doc, start: int, end: int, span: Span) -> bool:
    """Whether a spaCy PERSON entity overlaps these characters (the span's tokens, or ones cut at its edges).

    A mention spaCy labelled otherwise ("Wilson-Raybould" as ORG) that the entities stage gave to a person
    is that person's mention.
    """
    tokens = list(span)
    if span.start > 0 and doc[span.start - 1].idx + len(doc[span.start - 1]) > start:
        tokens.append(doc[span.start - 1])
    if span.end < len(doc) and doc[span.end].idx < end:
        tokens.append(doc[span.end])
    return any(t.ent_iob_ not in ("O", "") and t.ent_type_ == "PERSON" for t in tokens)


def first_mentions(people: list[Person]) -> list[Person]:
    """The first mention of each distinct name, in article order."""
    seen: dict[str, Person] = {}
    for person in people:
        seen.setdefault(person.who.name, person)
    return list(seen.values())


def full_name(people: list[Person], name: str, at: int, sex: str | None = None) -> Who | None:
    """The longer name of the article containing `name`'s words; of several, the one introduced first.

    With the sex an honorific gives ("Mrs. Doe"), a name whose given name is of the other sex is passed
    over (Jane Doe, not her husband John Doe introduced before her). Pronoun-voted genders are not used:
    in an article about a man, "he" follows his wife's name too.
    """
    words = name_words(name)
    owners = [p for p in people if words and words < name_words(p.who.name) and _lends(p, words)]
    if sex is not None and len(owners) > 1:
        owners = [p for p in owners if given_sex(p.who.name) in (None, sex)] or owners
    return min(owners, key=lambda p: p.start).who if owners else None


def honorific_sex(ent: Span) -> str | None:
    """'m' or 'f' when an honorific stands first in or just before a name ("Mr. Doe", "Mrs. Jane Doe")."""
    first = ent.doc[ent.start - 1] if ent.start > 0 else None
    for token in (ent[0], first):
        if token is not None and (sex := HONORIFIC_SEX.get(token.lower_.rstrip("."))) is not None:
            return sex
    return None


def given_sex(name: str, table: dict[str, str] = GIVEN_NAMES) -> str | None:
    """'m' or 'f' for a full name whose first word is in a table of given names: by default the strongly
    gendered ones ("Tim Lohmar"); LEANING_NAMES for names that only lean one way ("Bernie Sanders")."""
    words = name.split()
    return table.get(words[0].casefold()) if len(words) > 1 else None


def _lends(owner: Person, words: frozenset[str]) -> bool:
    """Whether a longer name may stand for a shorter one's words: yes, unless its mention is loose."""
    return not owner.loose or bare_word(owner.who.name.split()[-1].casefold()) in words


def entity_at(entities: list[Entity] | MentionIndex, start: int, end: int) -> Who | None:
    """The entities-stage entity with a mention overlapping these offsets."""
    if isinstance(entities, MentionIndex):
        return entities.at(start, end)
    for entity in entities:
        if any(m.start < end and start < m.end for m in entity.mentions):
            return Who(entity.name, entity.label)
    return None


def _titles(ent: Span) -> frozenset[str]:
    """Lower-cased words introducing a person: compounds and modifiers before the name, appositions after."""
    root = ent.root
    before = [t for t in root.doc[root.left_edge.i : ent.start] if t.pos_ in {"NOUN", "ADJ", "PROPN"}]
    after = [t for c in root.children if c.dep_ == "appos" for t in _phrase(c) if t.pos_ in {"NOUN", "ADJ"}]
    return frozenset(t.lower_ for t in before + after + _described(ent))


def _phrase(token: Token) -> Iterator[Token]:
    """A noun and the words of its phrase that describe it: "business manager", not "the union's" before
    it nor "which represents the groups" after it (those are not her role)."""
    yield token
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            yield from _phrase(child)


def _described(ent: Span) -> list[Token]:
    """The role noun a name is apposed to ("the minister, Jane Doe"): one person's role, not a count."""
    role = ent.root.head
    if ent.root.dep_ != "appos" or role.tag_ != "NN" or any(c.dep_ == "nummod" for c in role.children):
        return []
    return [role]


def _signed(ent: Span) -> bool:
    """Whether a name signs an embedded post: "— Jane Doe (@janedoe) December 18, 2018"."""
    doc, end = ent.doc, ent.end
    return end + 1 < len(doc) and doc[end].text == "(" and doc[end + 1].text.startswith("@")


def _rank(ent: Span) -> int:
    """0 when a mention is (part of) the main verb's subject, 1 another clause's subject, else 2."""
    if _signed(ent):
        return 2
    if ent.root.dep_ == "ROOT":
        return 0  # a sentence that is only a name and its description: "Toronto retiree Jane Doe, 73."
    outer = [t for t in ent if not ent.start <= t.head.i < ent.end]  # a split name: "Smith - Raybould"
    for token in (*outer, ent.root.head):
        if token.dep_ in {"nsubj", "nsubjpass"}:
            return 0 if token.head.dep_ == "ROOT" else 1
    return 2
