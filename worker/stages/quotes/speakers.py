"""Who spoke: a speaker mention resolved to a canonical name shared with the entities stage."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from worker.models import Entity
from worker.stages.lexicon import SUBJECT_DEPS, words
from worker.stages.names import AGE_AFTER, NAME_LABELS, names_a_body
from worker.stages.quotes.attribution import antecedent
from worker.stages.quotes.bodies import BODIES, BODY_LABELS, Introduced, introduced_as, introduced_bodies
from worker.stages.quotes.documents import DOCUMENTS, author, document_mentions, owner
from worker.stages.quotes.genders import genders, role_gender
from worker.stages.quotes.languages import english_pronoun
from worker.stages.quotes.mention_spans import (
    apposed_name,
    definite,
    ents_within,
    indefinite,
    introductions,
    merged,
    noun_phrase,
    paired_name,
    phrase_of,
    proper_name,
)
from worker.stages.quotes.people import (
    ROLE_FORMS,
    MentionIndex,
    Person,
    Who,
    clean_name,
    entity_at,
    first_mentions,
    full_name,
    given_sex,
    headline_free,
    honorific_sex,
    index_people,
    name_words,
    person_at,
)
from worker.stages.quotes.pronouns import bound_pronouns, description_sex, own_sex, plural_subjects, said_sex

PRONOUNS = words("he she they i we it him her them you")
PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
POSSESSIVES = {"his": "he", "her": "she", "their": "they", "its": "it", "our": "we", "my": "i"}
TOPIC_SENTENCES = 2
OWNED = re.compile(r"\b[a-z][\w-]*['’]s? ")  # "the boy's father", not "Beijing's top diplomat" (a name's)


@dataclass
class Resolver:
    """Resolves speaker mentions in one article, remembering who has spoken so far."""

    doc: Doc
    entities: list[Entity]
    spoken: list[tuple[int, Who]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)
    quoted: list[tuple[int, int]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    firsts: list[Person] = field(default_factory=list)
    mentions: MentionIndex | None = None
    introduced: dict[str, list[int]] | None = None
    documents: dict[str, list[int]] | None = None
    bodies: list[Introduced] | None = None
    quoted_starts: list[int] = field(default_factory=list)
    quoted_ends: list[int] = field(default_factory=list)
    people_at: dict[int, Who] = field(default_factory=dict)  # each person mention's person, by offset
    bound: list[Person] = field(default_factory=list)  # he/she bound to a person named in their sentence
    unnamed: list[tuple[int, Who, str | None]] = field(default_factory=list)  # where, who, sex if said
    body_words: frozenset[str] | None = None
    sentences: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Index every person mention with its full name, the title words introducing it, and genders."""
        passages = merged(self.quoted)
        self.quoted_starts = [start + 1 for start, _ in passages]  # strictly inside: start < at < end
        self.quoted_ends = [end for _, end in passages]
        self.mentions = MentionIndex(headline_free(self.doc, self.entities))
        self.people = index_people(self.doc, self.mentions, self._quoted)
        self.firsts = first_mentions(self.people)
        self.people_at = {p.start: p.who for p in self.people}
        self.gender = genders(self.doc, self.people)
        self.sentences = list(self.doc.sents)
        self.starts = [sent.start_char for sent in self.sentences]
        self.bound = bound_pronouns(self.doc, self.people, self._quoted, self.sentence_of)

    def resolve(self, mention: Span, at: int) -> Who | None:
        """The canonical speaker for a mention attributing a quote at offset `at`; None when unknown."""
        head = mention.root
        if (described := antecedent(head)) is not None:
            return self.resolve(described, at)
        if (word := english_pronoun(head.lower_, head.lang_)) in PRONOUNS:
            return self._pronoun(word, at)
        for ent in ents_within(mention):
            if ent.label_ in NAME_LABELS and ent.start <= head.i < ent.end:
                return self._named_or_pair(ent)
        if head.ent_type_ in {"DATE", "TIME"}:  # "Saturday at the convention Sen. Jane Doe said": a misparse
            people = [e for e in ents_within(mention) if e.label_ == "PERSON"]
            if people:
                return self._named_or_pair(people[-1])
        named = apposed_name(head)  # "the director of X, Jane Doe, said"
        if named is not None:
            return self._named_or_pair(named)
        if mention.text.isupper() and len(mention.text) > 2:  # a transcript label: "PENCE:"
            return self._named(mention)
        proper = head.pos_ == "PROPN" and head.text[:1].isupper()  # not "the prime minister" tagged NNP
        if proper and head.lemma_.lower() not in DOCUMENTS:  # "The 2025 Threat Report by X"
            return self._named(proper_name(head))
        if (person := self.people_at.get(head.idx)) is not None:
            return person  # a surname the tagger called a noun ("Turabi said"), known as a person's mention
        return self._role(mention, head, at)

    def first_named(self, name: str) -> int | None:
        """Where the person of this canonical name is first mentioned, if the article names them."""
        return next((p.start for p in self.firsts if p.who.name == name), None)

    def sex_agrees(self, description: str, name: str) -> bool:
        """Whether a description's gendered words ("spokeswoman") do not contradict a person's gender."""
        said = role_gender({w.casefold() for w in description.split()})
        return said is None or self.gender.get(name, said) == said

    def remember(self, at: int, who: Who) -> None:
        """Record that `who` spoke at offset `at`, for later pronouns and unattributed quotes."""
        self.spoken.append((at, who))

    def last_speaker(self, at: int) -> Who | None:
        """Who spoke most recently before offset `at`."""
        earlier = [(pos, who) for pos, who in self.spoken if pos <= at]
        return max(earlier, key=lambda p: p[0])[1] if earlier else None

    def _named_or_pair(self, ent: Span) -> Who:
        """A named mention, or two people named as one ("Jane and John Doe said"): both speak."""
        pair = paired_name(ent)
        return Who(clean_name(pair.text), None) if pair is not None else self._named(ent)

    def _named(self, ent: Span) -> Who:
        """A named mention: a full name from the article for a partial one, else the entity's name."""
        text = clean_name(ent.text)
        exact = [p.who for p in self.firsts if p.who.name.casefold() == text.casefold()]
        sex = honorific_sex(ent) or own_sex(ent.root)  # "Mrs. Doe", "Doe says she": not her husband
        person = exact[0] if exact else full_name(self.firsts, text, ent.start_char, sex)
        if person is not None:
            return person
        mentions = self.mentions or MentionIndex(self.entities)
        if ent.label_ == "PERSON" and (own := person_at(mentions, ent)) is not None:
            return own
        found = entity_at(mentions, ent.start_char, ent.end_char)
        if ent.label_ == "PERSON" and found is not None and _absorbed(text, found):
            return Who(text, "PERSON")  # "Trump" said, not the "Trump Train" the entities stage put it in
        if not ent.label_ and found is not None and found.label != "PERSON" and _inside(found, text):
            found = None  # "The Canadian Anti-Fraud Centre" said, not the "Canadian" inside it
        if found is not None and found.label in NAME_LABELS:  # a speaking WORK_OF_ART is a mislabelled person
            return found if found.label != "PERSON" else Who(clean_name(found.name), "PERSON")
        name = text.title() if text.isupper() and len(text) > 4 else text  # "WALLACE", not "NATO"
        label = ent.label_ if ent.label_ in NAME_LABELS else "ORG" if names_a_body(text) else "PERSON"
        return Who(name, label)

    def _pronoun(self, word: str, at: int) -> Who | None:
        """A pronoun: the person (or, for it/they, the body) most recently speaking or acting as a subject."""
        if word in {"i", "we", "you"}:
            return self.last_speaker(at) if word == "we" else None
        said = [(pos, 0, who) for pos, who in self.spoken if pos < at]
        if word not in PERSON_PRONOUNS:
            bodies = [(pos, who) for pos, _, who in said if who.label != "PERSON" or word == "they"]
            if word == "they":  # "Officials are ... They say"
                bodies += plural_subjects(self.doc, self.starts, at, self._quoted)
            return max(bodies, key=lambda p: p[0])[1] if bodies else None
        sex = "m" if word in {"he", "him"} else "f"
        people = [(p.start, p.rank, p.who) for p in self.people + self.bound if p.start < at and p.rank < 2]
        people += self._introduced_before(at)
        pool = [c for c in people + said if c[2].label == "PERSON" and not self._quoted(c[0])]
        said_so = self._unnamed(sex, at, sure=True)  # "One victim, an 81-year-old widow,"
        agreeing = [c for c in pool if self.gender.get(c[2].name, sex) == sex] + said_so
        possible = [c for c in pool if given_sex(c[2].name) in (None, sex)]  # never "Steven" for she
        pool = agreeing or self._objects(sex, at) or self._unnamed(sex, at) or possible
        # The latest sentence with a candidate; in it, a speaker or main subject before another subject.
        known = {c[2].name for c in pool if self.gender.get(c[2].name) == sex}
        best = max(
            pool, key=lambda c: (self.sentence_of(c[0]), c[2].name in known, -c[1], c[0]), default=None
        )
        return best[2] if best else None

    def _introduced_before(self, at: int) -> list[tuple[int, int, Who]]:
        """People introduced with their age in the sentence before `at`'s, when no person is that sentence's
        subject ("... also helped accountant Jane Doe, 50. 'It works,' she says."): whom a pronoun next
        most likely means, though not a subject."""
        here = self.sentence_of(at)
        if here < 2:
            return []
        sentence = self.sentences[here - 2]
        subjects = [c for c in sentence.root.children if c.dep_ in SUBJECT_DEPS]
        personal = [
            t for t in subjects if t.lower_ in PRONOUNS or t.ent_type_ == "PERSON" or t.idx in self.people_at
        ]
        if personal or sentence.start_char >= at:
            return []
        ends = {e.start_char: e.end_char for e in sentence.ents if e.label_ == "PERSON"}
        return [
            (p.start, 1, p.who)
            for p in self.people
            if p.start in ends and p.rank == 2 and AGE_AFTER.match(self.doc.text, ends[p.start])
        ]

    def _objects(self, sex: str, at: int) -> list[tuple[int, int, Who]]:
        """People of that sex named before `at` only as objects ("Jane Doe met John Roe. He said"):
        when no subject or speaker agrees with a pronoun, agreement outranks being the subject."""
        return [
            (p.start, p.rank, p.who)
            for p in self.people
            if p.start < at and self.gender.get(p.who.name) == sex and not self._quoted(p.start)
        ]

    def _unnamed(self, sex: str, at: int, sure: bool = False) -> list[tuple[int, int, Who]]:
        """Unnamed people who spoke before `at` ("a woman who lives nearby"), none of another sex (with
        `sure`, only those whose description says that sex): the last resort for a he/she that no named
        person agrees with, and (sure) candidates beside the named people."""
        sexes = {sex} if sure else {sex, None}
        return [(pos, 0, who) for pos, who, said_sex in self.unnamed if pos < at and said_sex in sexes]

    def sentence_of(self, at: int) -> int:
        """The index (1-based) of the sentence holding offset `at`."""
        return bisect.bisect_right(self.starts, at)

    def _quoted(self, at: int) -> bool:
        """Whether offset `at` is inside a quoted passage (a name there is not who speaks it).

        A name right after the opening mark counts as outside: the stage has relied on that since its
        first version (a passage opened but never closed often starts with the story's next name), so
        callers that need it inside ask about `at + 1`."""
        i = bisect.bisect_left(self.quoted_starts, at) - 1  # the passages are sorted and merged
        return i >= 0 and at < self.quoted_ends[i]

    def _role(self, mention: Span, head: Token, at: int) -> Who | None:
        """A role noun: the person introduced with that role, else the body it speaks for, else the phrase."""
        lemma = head.lemma_.lower()
        if lemma in DOCUMENTS:
            return self._document(head, at)
        owner_of = owner(head)
        words = {t.lower_ for t in mention if t.pos_ in {"NOUN", "ADJ", "PROPN"}}
        forms = ROLE_FORMS.get(head.lower_, frozenset({head.lower_}))  # "the judge": "Justice Jane Doe"
        titled = [  # not for a body: "police said" is not "police spokesperson Jane Doe"
            (len(words & p.titles), p.who) for p in self.people if forms & p.titles and lemma not in BODIES
        ]
        if titled:  # of two coaches, the one named nearest, by any mention, not only the titled one
            return max(titled, key=lambda t: (t[0], self._nearness(t[1], at)))[1]
        if (
            lemma in BODIES
            and definite(mention)
            and (body := self._body(lemma, max(at, head.idx))) is not None
        ):
            return body  # "Rally Canada, the group that ..." then "the group says"
        if owner_of is not None and lemma not in BODIES and head.tag_ != "NNS":
            if _names_a_speaker(owner_of):
                return self._owner_who(owner_of)  # "a spokesperson for X"
            return Who(noun_phrase(mention), None)  # "one veteran of the projects", "the average of polls"
        if _age(head) and definite(mention):
            return self._referent(at, speakers=False)  # "the 27-year-old": a recent subject, if any
        # "the boy's father" is someone else's, not the story's topic person
        owned = any(c.dep_ == "poss" for c in head.children)
        if head.tag_ == "NN" and lemma not in BODIES and definite(mention) and not owned:
            if (first := self._introduction(head)) is not None:  # "a justice official said ... the official"
                return Who(noun_phrase(first), None)
            if (earlier := self._described(head, at)) is not None:  # "The boy's father said ... the father"
                return earlier
            if head.lower_ in self._body_name_words():  # "the academy": a word of a body's name, no person
                return Who(noun_phrase(mention), None)
            return self._referent(at, sex=description_sex(mention))  # "the woman": never a man
        if head.pos_ in {"NOUN", "PROPN"} or (head.pos_ in {"PRON", "NUM", "ADJ"} and len(mention) > 1):
            who = Who(noun_phrase(mention), None)  # a group: "officials", "some in the community"
            if head.tag_ == "NN" and indefinite(mention) and lemma not in BODIES:
                self.unnamed.append((at, who, said_sex(mention)))  # "a woman who lives nearby said"
            return who
        return None

    def _described(self, head: Token, at: int) -> Who | None:
        """The latest unnamed speaker before `at` described as someone's, with the same noun ("the boy's
        father" for "the father")."""
        said = [(pos, who) for pos, who in self.spoken if pos < at and who.label is None]
        owned = [(pos, who) for pos, who in said if OWNED.search(who.name)]
        same = [(pos, who) for pos, who in owned if who.name.split()[-1:] == [head.text]]
        return max(same, key=lambda p: p[0])[1] if same else None

    def _body_name_words(self) -> frozenset[str]:
        """The case-folded words of the article's organisations' names ("academy" for "Canadian Academy of
        Recording Arts and Sciences")."""
        if self.body_words is None:
            bodies = (e.name for e in self.entities if e.label == "ORG")
            self.body_words = frozenset(w.casefold() for name in bodies for w in name.split())
        return self.body_words

    def _nearness(self, who: Who, at: int) -> int:
        """Minus the distance from `at` to the person's nearest mention."""
        return max(-abs(p.start - at) for p in self.people if p.who == who)

    def _body(self, noun: str, at: int) -> Who | None:
        """The organisation the article introduced with this body noun, most recently before `at`."""
        if self.bodies is None:
            self.bodies = introduced_bodies(self.doc, self.mentions or MentionIndex(self.entities))
        return introduced_as(self.bodies, noun, at)

    def _introduction(self, head: Token) -> Span | None:
        """The latest indefinite phrase with the same noun before this sentence that introduced the role."""
        if self.introduced is None:
            self.introduced = introductions(self.doc)
        earlier = self.introduced.get(head.lemma_, [])
        i = bisect.bisect_left(earlier, head.sent.start) - 1
        return phrase_of(self.doc[earlier[i]]) if i >= 0 else None

    def _referent(self, at: int, speakers: bool = True, sex: str | None = None) -> Who | None:
        """For 'the 26-year-old forward', the later of the last person to speak and a recent sentence's
        subject; without `speakers`, only a recent subject. With a `sex` the description gives ("the
        woman"), no one known to be of the other, and unnamed speakers known to be of it ("Another victim
        said she ...")."""
        said = [(pos, who) for pos, who in self.spoken if speakers and pos < at and who.label == "PERSON"]
        here = self.sentence_of(at)
        subjects = [p for p in self.people if p.start < at and p.rank == 0 and not self._quoted(p.start)]
        near = [(p.start, p.who) for p in subjects if here - self.sentence_of(p.start) <= TOPIC_SENTENCES]
        found = said + near
        if sex is not None:
            found = [c for c in found if self.gender.get(c[1].name, sex) == sex]
            found += [(pos, who) for pos, _, who in self._unnamed(sex, at, sure=True)]
        return max(found, key=lambda c: c[0])[1] if found else None

    def _document(self, head: Token, at: int) -> Who | None:
        """A text speaking for its author: named with it, introduced with one, else the latest body."""
        source = author(head)
        if source is None:
            source = self._introduced_author(head)
        if source is None:
            return self._recent(at, lambda w: w.label in BODY_LABELS)
        if len(source) == 1 and source[0].lower_ in POSSESSIVES:
            return self._pronoun(POSSESSIVES[source[0].lower_], source.start_char)
        return self._owner_entity(source) or self.resolve(source, source.start_char)

    def _introduced_author(self, head: Token) -> Span | None:
        """For 'the report', the author given where the article last mentioned a report with one."""
        if self.documents is None:
            self.documents = document_mentions(self.doc)
        earlier = self.documents.get(head.lemma_.lower(), [])
        for i in reversed(earlier[: bisect.bisect_left(earlier, head.i)]):
            found = author(self.doc[i])
            if found is not None:
                return found
        return None

    def _owner_who(self, owner: Span) -> Who:
        """The body or author a role noun or document belongs to ("a spokesperson for X", "a report by X")."""
        return self._owner_entity(owner) or Who(noun_phrase(owner), "ORG")

    def _owner_entity(self, owner: Span) -> Who | None:
        """The named entity heading an owner phrase ("X" in "a report by X"), if one does."""
        for ent in ents_within(owner):
            if ent.label_ in NAME_LABELS and ent.root == owner.root:
                return self._named(ent)
        return None

    def _recent(self, at: int, keep: object) -> Who | None:
        """The latest speaker before `at` passing `keep`."""
        said = [(pos, who) for pos, who in self.spoken if pos < at and keep(who)]  # type: ignore[operator]
        return max(said, key=lambda p: p[0])[1] if said else None


def _names_a_speaker(owner: Span) -> bool:
    """Whether an owner phrase names someone who can speak: a name, or a body noun ("the company")."""
    root = owner.root
    return root.pos_ == "PROPN" or bool(root.ent_type_) or root.lemma_.lower() in BODIES


def _age(head: Token) -> bool:
    """Whether a mention is an age standing for a person: "the 27-year-old" (head "old", tagged ADJ)."""
    return head.lower_ == "old" and any(c.lower_ == "year" for c in head.children)


def _inside(entity: Who, name: str) -> bool:
    """Whether an entity's name is only part of a longer name (the "Canadian" of "Canadian Anti-Fraud
    Centre")."""
    return name_words(clean_name(entity.name)) < name_words(name)


def _absorbed(name: str, entity: Who) -> bool:
    """Whether a person's name was put in a non-person entity whose longer name merely contains it."""
    return entity.label != "PERSON" and bool(name) and name_words(name) < name_words(clean_name(entity.name))
