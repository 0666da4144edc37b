"""The quotes stage: direct, mixed and indirect quotes, each with its cue and resolved speaker."""

from __future__ import annotations

import logging
import re

from spacy.tokens import Span

from worker.models import Entity, Quote, TextSpan
from worker.stages.base import ParsedArticle, Prior, Stage
from worker.stages.lexicon import SUBJECT_DEPS, is_say
from worker.stages.names import is_role
from worker.stages.quotes.attribution import Attribution, mention_phrase
from worker.stages.quotes.candidates import (
    Candidate,
    Layout,
    carry_over,
    indirect_candidates,
    marked_candidate,
    one_per_clause,
)
from worker.stages.quotes.indirect_filter import is_quote
from worker.stages.quotes.marks import marked_passages, paragraphs
from worker.stages.quotes.mention_spans import INTRODUCING
from worker.stages.quotes.people import Who
from worker.stages.quotes.ranker import mark_tokens, ranked_mention
from worker.stages.quotes.speakers import Resolver
from worker.stages.text import is_boilerplate, trimmed_span

log = logging.getLogger(__name__)
CONTINUATION_PARAGRAPHS = 2
ANONYMOUS = frozenset({"official", "officials", "source", "sources", "insider", "aide", "staffer"})
DESCRIPTION_ENDS = frozenset({"for", "of", "at", "with", "from", "in", "who", "whose", "that"})


def _quote(text: str, candidate: Candidate, who: Who | None, mention: TextSpan | None) -> Quote:
    """The result model for a candidate and its resolved speaker."""
    att = candidate.attribution
    return Quote(
        text=text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        type=candidate.type,
        speaker=who.name if who else None,
        speaker_label=who.label if who else None,
        speaker_span=mention,
        cue=trimmed_span(text, att.cue_start, att.cue_end) if att else None,
    )


def extract_quotes(parsed: ParsedArticle, prior: Prior) -> list[Quote]:
    """Every direct, mixed and indirect quote of the article, each with its cue and speaker."""
    entities: list[Entity] = list(prior.get("entities", []))
    layout, candidates = find_candidates(parsed)
    if parsed.language == "en":  # the ranker was trained on English news (PolNeAR)
        marks = mark_tokens(layout.doc)
        candidates = [_reranked(layout, c, marks) for c in candidates]
    return _resolve_all(layout, candidates, entities)


def _reranked(layout: Layout, candidate: Candidate, marks: list[int]) -> Candidate:
    """A candidate with the speaker mention the learned ranker prefers to the rules' one."""
    att = candidate.attribution
    if att is None:
        return candidate
    mention = ranked_mention(layout.doc, candidate.start, candidate.end, candidate.type, att, marks)
    found = Attribution(att.cue_start, att.cue_end, mention)
    return Candidate(candidate.start, candidate.end, candidate.type, found)


def find_candidates(parsed: ParsedArticle) -> tuple[Layout, list[Candidate]]:
    """The article's quote candidates in order, each with the cue and mention the rules found."""
    doc, text = parsed.doc, parsed.article.text  # the doc's text; `doc.text` rebuilds it from the tokens
    marked = [m for m in marked_passages(text, parsed.language) if not is_boilerplate(text, m.start)]
    layout = Layout(doc, text, list(paragraphs(text)), marked)
    candidates: list[Candidate] = []
    for k in range(len(marked)):
        try:
            found = marked_candidate(layout, k)
        except Exception:  # one odd quote degrades alone, never the article
            log.debug("quote_skipped", exc_info=True)
            found = Candidate(marked[k].start, marked[k].end, "direct", None)
        if found is not None:
            candidates.append(found)
    candidates = one_per_clause(text, carry_over(layout, candidates))
    taken = [(c.start, c.end) for c in candidates]
    for c in indirect_candidates(layout):
        free = not any(s < c.end and c.start < e for s, e in taken)
        learned = parsed.language == "en"  # the filter was trained on English news (PolNeAR)
        if free and (not learned or is_quote(doc, c.start, c.end, c.attribution)):
            candidates.append(c)
    return layout, sorted(candidates, key=lambda c: c.start)


def _continues(layout: Layout, candidate: Candidate, quotes: list[Quote]) -> bool:
    """Whether an unattributed quote follows a quote with a speaker or a speaker mention closely enough to be
    theirs."""
    if not quotes or (quotes[-1].speaker is None and quotes[-1].speaker_span is None):
        return False
    return layout.para(candidate.start) - layout.para(quotes[-1].end) <= CONTINUATION_PARAGRAPHS


def _subject_before(layout: Layout, candidate: Candidate, people: set[int]) -> Span | None:
    """For a quote with no cue opening its sentence, the main subject of the sentence just before it in
    the same paragraph when that is a person the entities stage found, or he/she ('Mayor Jane Doe was
    blunt. "This is ..."'), or the subject of its reporting verb ('Jane Doe agreed. "..."'); never a sentence
    of a quotation. `people` holds where the article's person mentions start."""
    doc = layout.doc
    opening = doc.char_span(candidate.start, candidate.start + 1, alignment_mode="expand")
    if opening is None or opening.start == 0 or opening[0].sent.start != opening.start:
        return None
    before = doc[opening.start - 1].sent
    if layout.para(before.start_char) != layout.para(candidate.start) or any(t.is_quote for t in before):
        return None
    if any(m.start < before.end_char and before.start_char < m.end for m in layout.marked):
        return None
    speaking = [c for t in before if is_say(t) for c in t.children if c.dep_ in SUBJECT_DEPS]
    subjects = speaking or [c for c in before.root.children if c.dep_ in SUBJECT_DEPS]  # "X agreed."
    if not subjects:
        return None
    subject = subjects[-1] if speaking else subjects[0]
    mention = mention_phrase(subject)
    named = any(t.idx in people for t in mention) and subject.ent_type_ == "PERSON"
    return mention if named or subject.lower_ in {"he", "she"} else None


def _lead_in(layout: Layout, candidate: Candidate, people: set[int], quotes: list[Quote]) -> Span | None:
    """The lead-in mention of a direct quote with no cue; a he/she only when the quote does not continue
    the last speaker's (who is what "..., he said. "..."" means)."""
    lead = _subject_before(layout, candidate, people) if candidate.type == "direct" else None
    if lead is None or (lead.root.pos_ == "PRON" and _continues(layout, candidate, quotes)):
        return None
    return lead


def _resolve_all(layout: Layout, candidates: list[Candidate], entities: list[Entity]) -> list[Quote]:
    """Resolve speakers in article order, so pronouns and unattributed quotes see who spoke before."""
    resolver = Resolver(layout.doc, entities, quoted=[(m.start, m.end) for m in layout.marked])
    people = {m.start for e in entities if e.label == "PERSON" for m in e.mentions}
    quotes: list[Quote] = []
    for candidate in candidates:
        who, mention = None, None
        try:
            att = candidate.attribution
            if att is not None and att.mention is not None:
                mention = trimmed_span(layout.text, att.mention.start_char, att.mention.end_char)
                who = resolver.resolve(att.mention, candidate.start)
            elif att is None and (lead := _lead_in(layout, candidate, people, quotes)) is not None:
                mention = trimmed_span(layout.text, lead.start_char, lead.end_char)
                who = resolver.resolve(lead, candidate.start)
            elif att is None and _continues(layout, candidate, quotes):
                # the last quote's speaker, also when only its mention is known ("she" with no one before)
                who = resolver.last_speaker(candidate.start) if quotes[-1].speaker is not None else None
                mention = quotes[-1].speaker_span
        except Exception:
            log.debug("speaker_unresolved", exc_info=True)
        if who is not None:
            resolver.remember(candidate.start, who)
        quotes.append(_quote(layout.text, candidate, who, mention))
    return _named_next(quotes, resolver)


def _introduces(description: str) -> bool:
    """Whether a short indefinite description's head noun is a role a source is named by soon after
    ("spokeswoman" in "A spokeswoman for the premier", "One former director"), not one that keeps a source
    anonymous ("a campaign official")."""
    words = re.split(r"[\s,]+", description.strip())
    if words[0].casefold() not in INTRODUCING:
        return False
    cut = next((k for k, w in enumerate(words) if w.casefold() in DESCRIPTION_ENDS), len(words))
    head = words[cut - 1] if cut else ""
    return is_role(head) and head.casefold() not in ANONYMOUS


def _named_next(quotes: list[Quote], resolver: Resolver) -> list[Quote]:
    """An unnamed speaker introduced by a role ("A spokeswoman for the premier said ...", "One former
    director indicated ...") whose next quote, in the next sentence, comes from a person named there for
    the first time ("..., said Jane Doe.") is that person: news introduces a source by role, then by name."""
    found = list(quotes)
    for k, quote in enumerate(quotes):
        span = quote.speaker_span
        if span is None or not _introduces(span.text):
            continue
        if quote.speaker_label == "PERSON" and quote.speaker and quote.speaker.split()[-1] not in span.text:
            continue  # named already: "A lawyer for the outlets, Jane Doe, said"
        named = next(
            (q for q in quotes[k + 1 :] if q.speaker_span is not None and q.speaker_span != span), None
        )
        if (
            named is None
            or named.speaker_label != "PERSON"
            or named.speaker is None
            or named.speaker_span is None
        ):
            continue
        first = resolver.first_named(named.speaker)
        near = resolver.sentence_of(named.speaker_span.start) - resolver.sentence_of(span.start) == 1
        agrees = resolver.sex_agrees(span.text, named.speaker)
        if near and agrees and first is not None and first >= named.speaker_span.start:
            found[k] = quote.model_copy(update={"speaker": named.speaker, "speaker_label": "PERSON"})
    return found


STAGE: Stage[list[Quote]] = Stage(name="quotes", version="16", reads=("entities",), run=extract_quotes)
