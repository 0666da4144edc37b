"""Pronouns beyond the quotes: he and she bound in their own sentence to the person named before them, the
groups a "they" may mean, and the sex a given name or an unnamed person's description says. Read by
speakers.py."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from worker.stages.lexicon import LEANING_NAMES, SUBJECT_DEPS
from worker.stages.quotes.attribution import mention_phrase
from worker.stages.quotes.genders import role_gender
from worker.stages.quotes.mention_spans import noun_phrase
from worker.stages.quotes.people import Person, Who, given_sex

PRONOUN_SEX = {"he": "m", "she": "f"}


def bound_pronouns(
    doc: Doc, people: list[Person], quoted: Callable[[int], bool], sentence_of: Callable[[int], int]
) -> list[Person]:
    """Main-clause he/she bound to the one person of that sex named before them in their sentence ("As for
    Jane Doe, she said"): mentions of that person for later pronouns. `quoted` tells whether an offset is
    inside a quotation, `sentence_of` the (1-based) index of the sentence holding an offset."""
    named: dict[int, list[Person]] = {}
    for person in people:
        if not quoted(person.start + 1) and not _possessive(doc, person.start):
            named.setdefault(sentence_of(person.start), []).append(person)
    sentences = list(doc.sents)
    found = []
    for index, persons in named.items():
        for token in sentences[index - 1]:
            main = token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ROOT"
            if token.lower_ not in {"he", "she"} or not main or quoted(token.idx):
                continue
            sex = "m" if token.lower_ == "he" else "f"
            who = {p.who for p in persons if p.start < token.idx and named_sex(p.who.name) == sex}
            if len(who) == 1:
                found.append(Person(token.idx, who.pop(), frozenset(), 0))
    return found


def plural_subjects(
    doc: Doc, starts: list[int], at: int, quoted: Callable[[int], bool]
) -> list[tuple[int, Who]]:
    """Plural nouns that are main-clause subjects in the sentence of `at` or the one before it (`starts`:
    where the doc's sentences start), outside quotes: what a later "they" most often means ("Public health
    officials are calling ... They say")."""
    first = starts[max(0, bisect.bisect_right(starts, at) - 2)]
    found = []
    for token in doc.char_span(first, at, alignment_mode="contract") or ():
        main = token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ROOT"  # not "for Republicans to resist"
        if main and token.tag_ in {"NNS", "NNPS"} and not quoted(token.idx):
            mention = mention_phrase(token)
            found.append((mention.start_char, Who(noun_phrase(mention), None)))
    return found


def named_sex(name: str) -> str | None:
    """The sex a person's given name says, strongly or leaning ("Jane", "Hillary"); None for a name that
    says none (a surname alone, a thing taken for a person)."""
    return given_sex(name) or given_sex(name, LEANING_NAMES)


def description_sex(mention: Span) -> str | None:
    """'m' or 'f' when a word of an unnamed person's description or its apposition says so ("a mother of
    three", "One victim, an 81-year-old widow,")."""
    apposed = [t for c in mention.root.children if c.dep_ == "appos" for t in c.subtree]
    return role_gender({t.lower_ for t in [*mention, *apposed]})


def said_sex(mention: Span) -> str | None:
    """'m' or 'f' from what an unnamed speaker says of themselves ("Another victim said she was relieved",
    "a teenager, who said he had queued all night"), else from the description."""
    return own_sex(mention.root) or description_sex(mention)


def own_sex(head: Token) -> str | None:
    """'m' or 'f' when the clause a speaker reports has he or she as its subject ("Doe says she will"):
    the speaker speaking of themselves. Not after "ask" ("asked Sanders how he is": he is Sanders), nor in
    a quotation ("'She lied to me,' Doe said")."""
    verbs = [head.head] if head.dep_ in SUBJECT_DEPS else []
    verbs += [c for c in head.children if c.dep_ == "relcl"]
    for verb in (v for v in verbs if v.lemma_ != "ask"):
        for clause in (c for c in verb.children if c.dep_ == "ccomp" and _reported(verb, c)):
            subjects = [t for t in clause.children if t.dep_ in SUBJECT_DEPS]
            words = {t.lower_ for s in subjects for t in (s, *s.conjuncts)}
            sexes = {PRONOUN_SEX[w] for w in words if w in PRONOUN_SEX}
            if len(sexes) == 1:
                return sexes.pop()
    return None


def _reported(verb: Token, clause: Token) -> bool:
    """Whether a clause is reported speech after its verb, not a quotation ("'She lied,' Doe said")."""
    first = clause.left_edge
    return first.i > verb.i and not first.is_quote and not first.nbor(-1).is_quote


def _possessive(doc: Doc, start: int) -> bool:
    """Whether the name starting at `start` owns something ("after Mr. Doe's introduction, he said"):
    such a name is seldom what a later pronoun in its sentence means."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    while token.i + 1 < len(doc) and doc[token.i + 1].ent_iob_ == "I":
        token = doc[token.i + 1]
    after = doc[token.i + 1] if token.i + 1 < len(doc) else token
    return token.dep_ == "poss" or token.tag_ == "POS" or after.tag_ == "POS"
