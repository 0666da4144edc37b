"""Texts that speak for their authors: whose words a report, statement, post or set of figures carries."""

from __future__ import annotations

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token

from worker.stages.columns import columns
from worker.stages.lexicon import SAY_VERBS, words
from worker.stages.names import NAME_LABELS
from worker.stages.quotes.attribution import object_of, subject_of

# Nouns for texts that speak for their authors: "the report said", "according to the figures".
DOCUMENTS = words(
    "report statement study assessment survey document release letter email memo filing ruling "
    "analysis poll paper complaint lawsuit review post tweet notice website site data decision blog "
    "article order database number figure statistic estimate"
)
# Verbs that make their subject the author of a text ("she published a statement", "X wrote in a report").
AUTHOR_VERBS = SAY_VERBS | words("publish release issue send file produce prepare commission conduct put")
OWNER_PREPOSITIONS = frozenset({"for", "of", "by", "from", "at"})
MAKER_PREPOSITIONS = frozenset({"by", "from"})
HOLDER_PREPOSITIONS = frozenset({"for", "of", "at"})
NOUN = POS_IDS["NOUN"]


def owner(head: Token, prepositions: frozenset[str] = OWNER_PREPOSITIONS) -> Span | None:
    """The object of a 'for', 'of', 'by', 'from' or 'at' after a noun ("a spokesperson for X")."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in prepositions and (obj := object_of(prep)) is not None:
            return _subtree(obj)
    return None


def author(head: Token) -> Span | None:
    """The author of a document noun: who made it, else who it belongs to or was made for.

    "a report by X", "a statement e-mailed by X", "X wrote in a report for Y", "X's database",
    "the Sensei website", "a report for Y".
    """
    return _maker(head) or _writer(head) or _holder(head) or owner(head, HOLDER_PREPOSITIONS)


def _maker(head: Token) -> Span | None:
    """Who a document says made it: "a report by X", "figures from X", "a statement e-mailed by X"."""
    found = owner(head, MAKER_PREPOSITIONS)
    if found is not None:
        return found
    for clause in (c for c in head.children if c.dep_ in {"acl", "relcl"}):
        for agent in (c for c in clause.children if c.dep_ == "agent"):
            if (obj := object_of(agent)) is not None:
                return _subtree(obj)
    return None


def _holder(head: Token) -> Span | None:
    """A possessive or a name before a document noun: "X's database", "the Sensei website"."""
    for child in head.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_ in NAME_LABELS):
            return head.doc[child.left_edge.i : child.i + 1]
    return None


def _writer(head: Token) -> Span | None:
    """Who the sentence says produced a document: "Cross wrote in a report", "she issued a statement"."""
    verb = head.head
    if head.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if head.dep_ in {"dobj", "pobj"} and verb.pos_ == "VERB" and verb.lemma_.lower() in AUTHOR_VERBS:
        return subject_of(verb)
    return None


def document_mentions(doc: Doc) -> dict[str, list[int]]:
    """Token indices of document nouns, by lemma, in order (for 'the report' to find its introduction)."""
    found: dict[str, list[int]] = {}
    strings = doc.vocab.strings
    poses, lemmas = columns(doc, POS, LEMMA)
    for i, (pos, lemma) in enumerate(zip(poses, lemmas, strict=True)):
        if pos == NOUN and (text := strings[lemma].lower()) in DOCUMENTS:
            found.setdefault(text, []).append(i)
    return found


def _subtree(token: Token) -> Span:
    """A token's whole phrase."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]
