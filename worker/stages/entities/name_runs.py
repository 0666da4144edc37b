"""Where people's names are beyond the recogniser's spans: runs of name words it left unlabelled ("Josh
Leivo and ...", "Xi Jinping, the Chinese president"), and the given names, initials and particles at the edges
of a person's name ("Marina" Volkova, "D." Cox, "Abdul-Karim" al-Kabariti). Read by the relabelling step."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from worker.stages import names
from worker.stages.lexicon import GIVEN_NAMES, SUBJECT_DEPS, is_given_name

MAX_RUN = 3  # words in an unlabelled person's name
WHO = frozenset({"who", "whom", "whose"})
SPEAK_VERBS = frozenset({"say", "tell"})


def unlabelled_people(doc: Doc, likely: Callable[[Span], bool] = lambda _: False) -> list[Span]:
    """Runs of two or three capitalised proper nouns the recogniser left unlabelled that read as a person's
    name ("Josh Leivo and ...", "Olamide Adebayo-Okafor, who ..."): names in lists, tables and sentences
    it misses. A hyphen with no space around it joins two words into one ("Adebayo-Okafor"). A run opening
    on a name only sometimes given ("Scottie", "Zhang") must also be `likely` a person's."""
    found, k = [], 0
    while k < len(doc):
        end, count = _run(doc, k)
        # After a title the run is the rest: "Justice Doreen Sulyma" is Doreen Sulyma.
        start = k + 1 if count > 2 and names.is_title(doc[k].text) and name_word(doc[k + 1]) else k
        if 2 <= count - (start - k) <= MAX_RUN and _starts_person(doc, start, end, likely):
            found.append(Span(doc, start, end, label="PERSON"))
        k = max(end, k + 1)
    return found


def _run(doc: Doc, start: int) -> tuple[int, int]:
    """Where a run of name words from `start` ends, and how many words it holds (up to MAX_RUN + 1)."""
    end, count = start, 0
    while end < len(doc) and count <= MAX_RUN:
        if name_word(doc[end]):
            end, count = end + 1, count + 1
        elif count and _joining_hyphen(doc, end):
            end += 2  # "-Okafor": the hyphen and the rest of the same word
        elif count and _particle_word(doc, end):
            end, count = end + 3, count + 1  # "al-Turabi"
        else:
            break
    return end, count


def _joining_hyphen(doc: Doc, i: int) -> bool:
    """Whether token `i` is a hyphen joining two name words with no space ("Adebayo-Okafor")."""
    return (
        doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and i + 1 < len(doc)
        and name_word(doc[i + 1])
    )


def _particle_word(doc: Doc, i: int) -> bool:
    """Whether a name word with a particle and a hyphen starts at token `i` ("al-Turabi", "el-Sisi")."""
    return (
        i + 2 < len(doc)
        and doc[i].lower_ in names.PARTICLES
        and doc[i].ent_iob_ == "O"
        and _joining_hyphen(doc, i + 1)
    )


def name_word(token: Token) -> bool:
    """Whether a token can be part of an unlabelled person's name: a capitalised proper noun, no entity."""
    return token.ent_iob_ == "O" and token.pos_ == "PROPN" and names.name_cased(token.text) and len(token) > 1


def _starts_person(doc: Doc, start: int, end: int, likely: Callable[[Span], bool]) -> bool:
    """Whether a run of name words reads as a person's name: no title or body word, and a given name first,
    initials first, a person's name beside it, or a person's place in the sentence."""
    first, run = doc[start], doc[start:end]
    if names.is_title(first.text) or names.is_role(first.text) or names.names_a_body(run.text):
        return False
    if names.is_initials(first.text) and not names.is_initials(doc[end - 1].text):
        return True  # "D. Cox", "P.W. Botha": initials, then a name
    if first.lower_ in GIVEN_NAMES or _listed_with_person(run) or _acts_as_person(run):
        return True
    return is_given_name(first.lower_) and likely(run)


def _acts_as_person(run: Span) -> bool:
    """Whether a name says or tells something ("X said", "X told reporters"), is described with "who"
    ("X, who runs a bakery") or set beside a role ("X, the Chinese president", "the premier, X"). Other
    reporting verbs are left out: "X first reported" is often an outlet."""
    root = run.root
    if root.dep_ in SUBJECT_DEPS and root.head.pos_ == "VERB" and root.head.lemma_ in SPEAK_VERBS:
        return True
    beside = [c for c in root.children if c.dep_ == "appos"] + ([root.head] if root.dep_ == "appos" else [])
    if any(
        t.pos_ == "NOUN" and t.tag_ == "NN" and (names.is_role(t.text) or names.is_office(t.text))
        for t in beside
    ):
        return True
    return any(
        c.dep_ == "relcl" and any(g.lower_ in WHO and g.dep_ in SUBJECT_DEPS for g in c.children)
        for c in root.children
    )


def _listed_with_person(run: Span) -> bool:
    """Whether a run is coordinated with a PERSON entity ("Nayan Mongia, Javagal Srinath and ...")."""
    root = run.root
    if root.dep_ == "conj" and root.head.ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in root.children)


def person_end(ent: Span) -> int:
    """Where a person's name ends: initials alone take in the unlabelled name after them ("D." Cox), so does
    a lone given name whose surname the parse hangs it on ("Myron" Demkiw), and a name takes in a particle
    word after it ("Abdul-Karim" al-Kabariti)."""
    doc = ent.doc
    if ent.end < len(doc) and name_word(doc[ent.end]) and all(names.is_initials(t.text) for t in ent):
        return ent.end + 1
    if ent.end < len(doc) and name_word(doc[ent.end]) and _given_before(ent, doc[ent.end]):
        return ent.end + 1
    if _particle_word(doc, ent.end) and ent[-1].whitespace_:
        return ent.end + 3
    return ent.end


def _given_before(ent: Span, after: Token) -> bool:
    """Whether a one-word name is a given name the parse makes part of the unlabelled name after it."""
    first = ent[0]
    return (
        len(ent) == 1
        and first.dep_ == "compound"
        and first.head.i == after.i
        and is_given_name(first.lower_)
        and not names.names_a_body(after.text)
    )


def given_name_start(ent: Span) -> int:
    """Where a person's name starts once an unlabelled given name just before it joins ("Marina" Volkova),
    or the first half of a hyphenated given name ("Heinz-" Harald Frentzen), or initials ("D." Cox), or the
    words the parse makes part of a lone surname ("Harjit" Sandhu, "Rachel Chernos" Lin)."""
    if ent.start == 0 or len(ent) > 2:
        return ent.start
    doc, before = ent.doc, ent.doc[ent.start - 1]
    if before.ent_iob_ == "O" and (names.is_initials(before.text) or _bare_initials(before, ent)):
        return ent.start - 1
    if _hyphenated_given(doc, ent.start):
        return ent.start - 2
    if len(ent) == 1 and (start := _compound_start(ent)) < ent.start:
        return start
    if before.ent_iob_ != "O" or not (names.name_cased(before.text) and before.is_alpha):
        return ent.start
    if names.is_title(before.text) or names.is_role(before.text) or before.lower_ not in GIVEN_NAMES:
        return ent.start
    if ent.start < 2:
        return ent.start - 1
    earlier = ent.doc[ent.start - 2]  # a capitalised word before: a longer name, unless a title
    named_before = earlier.text[:1].isupper() and earlier.is_alpha and not names.is_title(earlier.text)
    return ent.start if named_before else ent.start - 1


def _bare_initials(token: Token, ent: Span) -> bool:
    """Whether a token is two initials written without dots that the parse makes part of a one-word name
    ("RJ" Barrett, "PK" Subban), not a title or a known place ("MP", "US")."""
    return (
        len(ent) == 1
        and len(token.text) == 2
        and token.text.isalpha()
        and token.text.isupper()
        and token.dep_ == "compound"
        and token.head.i == ent.start
        and not names.is_title(token.text)
        and names.alias(token.text) is None
    )


def _compound_start(ent: Span) -> int:
    """Where a lone surname's name starts with the unlabelled name words the parse makes part of it, back
    to a given name at most and never past a title, or a word capitalised only because it opens a
    sentence ("Frenchman" Pioline)."""
    start = ent.start
    while start > 0 and ent.end - start < MAX_RUN:
        before = ent.doc[start - 1]
        part = name_word(before) and before.is_alpha and before.dep_ == "compound"
        if not (part and start <= before.head.i < ent.end) or names.is_title(before.text):
            break
        given = is_given_name(before.lower_)
        if names.is_role(before.text) or (_sentence_start(before) and not given):
            break
        start -= 1
        if given:
            break
    return start


def _sentence_start(token: Token) -> bool:
    """Whether a token opens a sentence or a line, where any word is capitalised."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.is_sent_start or before is None or before.is_space or before.text in {".", "!", "?", ":"}


def _hyphenated_given(doc: Doc, start: int) -> bool:
    """Whether the name at `start` continues a given name joined by a hyphen, no spaces ("Anne-" Marie)."""
    if start < 2 or doc[start - 1].text != "-" or doc[start - 1].whitespace_ or doc[start - 2].whitespace_:
        return False
    first = doc[start - 2]
    return (
        first.ent_iob_ == "O"
        and first.is_alpha
        and names.name_cased(first.text)
        and first.lower_ in GIVEN_NAMES
    )
