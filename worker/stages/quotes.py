"""The quotes stage: text in quotation marks, with who said it taken from the reporting verb."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from worker.models import Entity, Quote, Span
from worker.nlp import ParsedArticle
from worker.stages.base import Prior, Stage
from worker.stages.text import is_boilerplate, trimmed_span

QUOTED = re.compile(r"“[^“”]+”|\"[^\"\n]+\"")
SAY_VERBS = frozenset(
    "say tell add claim stress insist argue explain note state announce warn write declare report "
    "suggest acknowledge admit reply respond ask urge describe conclude continue recall agree "
    "believe think assert emphasize emphasise reiterate confirm deny predict caution".split()
)
PRONOUNS = frozenset("he she they i we it".split())
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Offsets of every quotation-marked passage outside boilerplate lines."""
    for match in QUOTED.finditer(text):
        if not is_boilerplate(text, match.start()):
            yield match.start(), match.end()


def _cue(doc: Doc, start: int, end: int) -> Token | None:
    """The reporting verb (or the 'to' of 'according to') in the sentences around a quote."""
    first = doc.char_span(start, start + 1, alignment_mode="expand")
    last = doc.char_span(end - 1, end, alignment_mode="expand")
    if first is None or last is None:
        return None
    sents = {first[0].sent, last[-1].sent}
    for sent in sorted(sents, key=lambda s: s.start):
        for token in sent:
            if start <= token.idx < end:
                continue
            if token.lemma_.lower() in SAY_VERBS and token.pos_ in {"VERB", "AUX"}:
                return token
            if token.lower_ == "to" and token.i > 0 and doc[token.i - 1].lower_ == "according":
                return token
    return None


def _speaker_tokens(cue: Token) -> SpacySpan | None:
    """The mention that attributes the quote: the cue's subject, or the object of 'according to'."""
    if cue.lower_ == "to":
        objects = [c for c in cue.children if c.dep_ == "pobj"]
        return cue.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1] if objects else None
    subjects = [c for c in cue.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None
    subject = subjects[0]
    return cue.doc[subject.left_edge.i : subject.right_edge.i + 1]


def _resolve(mention: SpacySpan, entities: list[Entity], before: int) -> tuple[str | None, str | None]:
    """The canonical name and label for a speaker mention, via the entities stage."""
    for entity in entities:
        if entity.label == "PERSON" and any(
            m.start < mention.end_char and mention.start_char < m.end for m in entity.mentions
        ):
            return entity.name, entity.label
    people = [
        (m.start, e) for e in entities if e.label == "PERSON" for m in e.mentions if m.start < before
    ]
    if mention.root.pos_ in {"PRON", "NOUN"} and people:
        return max(people, key=lambda p: p[0])[1].name, "PERSON"
    for entity in entities:
        if any(m.start < mention.end_char and mention.start_char < m.end for m in entity.mentions):
            return entity.name, entity.label
    return None, None


def _type(doc: Doc, start: int, end: int) -> str:
    """Direct when the marks open the sentence (or follow a colon); mixed when they sit inside it."""
    head = doc.char_span(start, start + 1, alignment_mode="expand")
    if head is None:
        return "mixed"
    sent = head[0].sent
    before = doc.text[sent.start_char : start].strip()
    return "direct" if not before or before.endswith((":", ",")) else "mixed"


def extract_quotes(parsed: ParsedArticle, prior: Prior) -> list[Quote]:
    """Every quotation-marked passage with its type, cue and speaker."""
    doc = parsed.doc
    entities: list[Entity] = prior.get("entities", [])
    quotes = []
    for start, end in _quote_spans(doc.text):
        cue = _cue(doc, start, end)
        mention = _speaker_tokens(cue) if cue is not None else None
        speaker, label = _resolve(mention, entities, start) if mention is not None else (None, None)
        quotes.append(
            Quote(
                text=doc.text[start:end],
                start=start,
                end=end,
                type="direct" if _type(doc, start, end) == "direct" else "mixed",
                speaker=speaker,
                speaker_label=label,
                speaker_span=trimmed_span(doc.text, mention.start_char, mention.end_char) if mention else None,
                cue=Span(text=cue.text, start=cue.idx, end=cue.idx + len(cue.text)) if cue else None,
            )
        )
    return quotes


STAGE: Stage[list[Quote]] = Stage(name="quotes", version="1", reads=("entities",), run=extract_quotes)
