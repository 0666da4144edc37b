"""Attribution: the reporting verb (cue) of a quote and the mention of who it says spoke."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from worker.stages.lexicon import SAY_VERBS, SUBJECT_DEPS_ANY_LANGUAGE, is_say, words
from worker.stages.quotes.languages import INDIRECT_ONLY_BY_LANGUAGE, opens_source

# Verbs that report speech when they take a clause but not on their own ("she believes that ...").
INDIRECT_ONLY = words("believe think feel hope fear know expect predict worry")
# Verbs that quote a few words as what someone called something: 'called the plan "a desperate attempt"'.
NAMING_VERBS = words(
    "call describe dub label brand accuse criticize criticise praise slam blast hail condemn dismiss refer"
)
# Links through which a verb without a subject of its own takes its head's ("said, adding that ...").
INHERITS = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "i", "we"})
DOUBLE_MARKS = ('"', "“", "”")
DASH = re.compile(r"^\s*[—–―]+\s*|^\s+-{1,2}\s+")
# A transcript line opening with its speaker's name in capitals: "PENCE: Well, look, ...".
LABEL = re.compile(r"([A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s")


@dataclass(frozen=True)
class Attribution:
    """The cue of a quote (a token or a character span) and the mention of its speaker."""

    cue_start: int
    cue_end: int
    mention: Span | None


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens starting inside [start, end)."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def subject_of(verb: Token) -> Span | None:
    """The subject of a verb (or of the verb it is conjoined to), as a span over its subtree.

    Of two subjects (a run-on parse of '"One of ...," Jane Doe said'), the one nearest the verb.
    """
    head = verb
    for _ in range(4):  # up through "said, going on to say", "After saying ..., she was"
        subjects = [c for c in head.children if c.dep_ in SUBJECT_DEPS_ANY_LANGUAGE]
        if subjects:
            return mention_phrase(_past_dateline(min(subjects, key=lambda c: abs(c.i - head.i))))
        if head.dep_ not in INHERITS or head.head == head:
            return None
        head = head.head
    return None


def _past_dateline(subject: Token) -> Token:
    """For a dateline parsed as the subject ("WASHINGTON -- President Obama ... said"), the name after it."""
    if subject.ent_type_ == "GPE" and subject.text.isupper() and len(subject.text) > 2:
        named = [c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:
            return named[0]
    return subject


def antecedent(token: Token) -> Span | None:
    """For the relative pronoun subject of 'experts, who said ...', the noun phrase it stands for."""
    if token.tag_ in {"WP", "WDT"} and token.head.dep_ == "relcl":
        return mention_phrase(token.head.head)
    return None


def mention_phrase(token: Token) -> Span:
    """A noun phrase headed by `token`, cut before a comma or relative clause that follows it."""
    end = token.i + 1
    clauses = [  # a relative clause's first word ("who"), not a word inside a name ("Alliance to Reclaim")
        c.left_edge.i
        for c in token.children
        if c.dep_ in {"relcl", "acl"} and c.i > token.i and c.left_edge.ent_iob_ != "I"
    ]
    for t in token.doc[token.i + 1 : min([token.right_edge.i + 1, *clauses])]:  # not "a woman who"
        if t.is_punct or (t.dep_ in {"relcl", "acl"} and t.i > token.i and t.ent_iob_ != "I"):
            break
        end = t.i + 1
    start = token.left_edge.i
    while start < token.i and (token.doc[start].is_punct or token.doc[start].is_space):
        start += 1  # a closing mark the parser hung on the name: '..., " Jane Doe said'
    return token.doc[start:end]


def _inverted(verb: Token, limit: int) -> Span | None:
    """The speaker after the verb in 'said Jane Doe'."""
    for t in verb.doc[verb.i + 1 : limit]:
        if t.dep_ in SUBJECT_DEPS_ANY_LANGUAGE and t.head != verb:
            return None  # the subject of what was said: "... and said she has the quality"
        if t.ent_type_ in {"DATE", "TIME"}:
            continue  # "said Thursday morning on ..."
        if t.pos_ in {"PROPN", "PRON", "NOUN"}:
            if t.dep_ not in SUBJECT_DEPS_ANY_LANGUAGE and t.pos_ != "PROPN":
                return None  # an object: "suggesting a few questions", "told reporters"
            return mention_phrase(t if t.head.i >= limit or t.head == verb else t.head)
        if not (t.is_space or t.pos_ in {"DET", "ADJ", "ADV"}):
            break
    return None


def _left_subject(verb: Token, floor: int) -> Span | None:
    """The noun phrase just before a verb within the window ("..., the diplomat added")."""
    for t in reversed(verb.doc[floor : verb.i]):
        if t.dep_ == "pobj" and t.head.head.pos_ not in {"NOUN", "PROPN", "PRON", "NUM"}:
            return None  # "... and in a carefully worded response said": a phrase of a verb, not a subject
        if t.pos_ in {"PROPN", "PRON", "NOUN"}:
            head = t if t.head.i < floor or t.head.i >= verb.i else t.head
            start = max(head.left_edge.i, floor)
            return verb.doc[start : t.i + 1] if head.i < start else verb.doc[start : max(head.i, t.i) + 1]
        if not (t.is_space or t.pos_ in {"AUX", "ADV", "PART"}):
            break
    return None


def speaker_before(verb: Token, floor: int) -> Span | None:
    """The speaker just before a verb, from token `floor` on: "the diplomat added", "X, an aide, said"."""
    return _left_subject(verb, floor) or _apposed_subject(verb, floor) or _chained_subject(verb, floor)


def _chained_subject(verb: Token, floor: int) -> Span | None:
    """'X said, suggesting ...': the subject of the reporting verb just before a participle's comma."""
    if verb.i - 2 < floor or verb.doc[verb.i - 1].text != "," or not is_say(before := verb.doc[verb.i - 2]):
        return None
    subject = subject_of(before)
    return subject if subject is not None and floor <= subject.start < before.i else None


def _apposed_subject(verb: Token, floor: int) -> Span | None:
    """'..., Jane Doe, a top adviser, said': the name an appositive set off by commas describes."""
    if verb.i - 1 < floor or verb.doc[verb.i - 1].text != ",":
        return None
    for t in reversed(verb.doc[floor : verb.i - 1]):
        if t.dep_ == "appos" and t.pos_ in {"NOUN", "PROPN"}:
            while t.dep_ == "appos" and floor <= t.head.i < t.i:
                t = t.head
            phrase = mention_phrase(t)
            return verb.doc[max(phrase.start, floor) : phrase.end]
    return None


def _outside_marks(text: str, subject: Span, verb: Token) -> bool:
    """Whether a subject before its verb, in the same sentence, stands outside any quoted passage."""
    if subject.end_char > verb.idx or subject.sent != verb.sent:
        return False
    between = text[subject.end_char : verb.idx]
    return sum(between.count(mark) for mark in DOUBLE_MARKS) % 2 == 0


def according_to(tokens: list[Token]) -> Attribution | None:
    """An 'according to X' phrase among the tokens (in French, 'selon X' or 'd'après X')."""
    for t in tokens:
        if t.dep_ == "case" and t.head.i > t.i and opens_source(t):
            phrase = mention_phrase(t.head)
            return Attribution(t.idx, t.idx + len(t.text), t.doc[max(phrase.start, t.i + 1) : phrase.end])
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to":
            to = t.nbor()
            obj = object_of(to)
            return Attribution(t.idx, to.idx + len(to.text), mention_phrase(obj) if obj is not None else None)
    return None


def object_of(preposition: Token) -> Token | None:
    """The object of a preposition (or a passive agent's 'by'), if the parse gives it one."""
    return next((c for c in preposition.children if c.dep_ == "pobj"), None)


def cue_in(doc: Doc, text: str, start: int, end: int, after: bool) -> Attribution | None:
    """The attribution in a stretch of text beside a quote: a reporting verb, a dash or 'according to'."""
    tokens = [t for t in tokens_in(doc, start, end) if not t.is_space]
    if not tokens:
        return None
    dash = DASH.match(text[start:end]) if after else None
    if dash is not None:
        mention = doc.char_span(start + dash.end(), end, alignment_mode="contract")
        if mention is not None and len(mention) and mention[0].pos_ == "PROPN":
            cut = next((t.i for t in mention if t.text in {",", "(", ";"}), mention.end)
            return Attribution(start + dash.start(), start + dash.end(), doc[mention.start : cut])
    verbs = [t for t in tokens if is_say(t)]
    if not verbs and after and len(tokens) <= 8:
        verbs = [t for t in tokens if t.pos_ == "VERB" and subject_of(t) is not None]
    for verb in verbs if after else reversed(verbs):
        if (outer := outer_speaker_verb(verb)).idx >= start:
            verb = outer
        subject = mention = subject_of(verb)
        if mention is None or mention.start_char < start or mention.end_char > end:
            mention = speaker_before(verb, tokens[0].i) or _inverted(verb, tokens[-1].i + 1)
        if mention is None and subject is not None and _outside_marks(text, subject, verb):
            mention = subject  # "X stressed "..." and said ...": the subject before an earlier passage
        return Attribution(verb.idx, verb.idx + len(verb.text), mention)
    return according_to(tokens)


def transcript_label(doc: Doc, text: str, start: int) -> Attribution | None:
    """The speaker label opening a quoted transcript line ('"WALLACE: ...'), as cue and mention."""
    label = LABEL.match(text, start + 1)
    mention = doc.char_span(*label.span(1), alignment_mode="contract") if label else None
    if label is None or mention is None or not len(mention):
        return None
    return Attribution(label.end(1), label.end(1) + 1, mention)


def colon_intro(tokens: list[Token]) -> Attribution | None:
    """For a colon introducing a quote ("Sanders made this comment:"), the last verb with a subject."""
    for verb in reversed([t for t in tokens if t.pos_ == "VERB"]):
        mention = subject_of(verb)
        if mention is not None and mention.start >= tokens[0].i:
            return Attribution(verb.idx, verb.idx + len(verb.text), mention)
    return None


def governing_cue(tokens: list[Token]) -> tuple[Token, Token] | None:
    """The reporting verb above a quoted fragment in the parse, and its child on the path down."""
    if not tokens:
        return None
    node = tokens[0]
    for _ in range(40):
        if node.head == node:
            return None
        child, node = node, node.head
        clausal = child.dep_ in {"ccomp", "acl", "relcl", "advcl"}
        indirect = INDIRECT_ONLY_BY_LANGUAGE.get(node.lang_, SAY_VERBS | INDIRECT_ONLY)
        naming = node.lang_ == "en" and node.pos_ == "VERB" and node.lemma_.lower() in NAMING_VERBS
        if is_say(node) or naming or (node.lemma_.lower() in indirect and clausal):
            return node, child
    return None


def outer_speaker_verb(verb: Token) -> Token:
    """For 'Lynch said she recalled ...', the outer 'said': a pronoun subject below names no one new."""
    for _ in range(3):
        subject = subject_of(verb)
        if subject is None or subject.root.lower_ not in SUBJECT_PRONOUNS:
            break
        clause = subject.root.head  # the verb the pronoun is the subject of ("recalled telling")
        outer = clause.head
        if clause.dep_ != "ccomp" or not is_say(outer) or subject_of(outer) is None:
            break
        verb = outer
    return verb
