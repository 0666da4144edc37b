"""The quotes stage: direct, mixed and indirect quotes, each with its cue and resolved speaker."""

from __future__ import annotations

import logging

from worker.models import Entity, Quote, TextSpan
from worker.stages.base import ParsedArticle, Prior, Stage
from worker.stages.quotes.attribution import Attribution
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
from worker.stages.quotes.people import Who
from worker.stages.quotes.ranker import mark_tokens, ranked_mention
from worker.stages.quotes.speakers import Resolver
from worker.stages.text import is_boilerplate, trimmed_span

log = logging.getLogger(__name__)
CONTINUATION_PARAGRAPHS = 2


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
    """Whether an unattributed quote follows a speaker's quote closely enough to be theirs."""
    if not quotes or quotes[-1].speaker is None:
        return False
    return layout.para(candidate.start) - layout.para(quotes[-1].end) <= CONTINUATION_PARAGRAPHS


def _resolve_all(layout: Layout, candidates: list[Candidate], entities: list[Entity]) -> list[Quote]:
    """Resolve speakers in article order, so pronouns and unattributed quotes see who spoke before."""
    resolver = Resolver(layout.doc, entities, quoted=[(m.start, m.end) for m in layout.marked])
    quotes: list[Quote] = []
    for candidate in candidates:
        who, mention = None, None
        try:
            att = candidate.attribution
            if att is not None and att.mention is not None:
                mention = trimmed_span(layout.text, att.mention.start_char, att.mention.end_char)
                who = resolver.resolve(att.mention, candidate.start)
            elif att is None and _continues(layout, candidate, quotes):
                who = resolver.last_speaker(candidate.start)
                mention = quotes[-1].speaker_span
        except Exception:
            log.debug("speaker_unresolved", exc_info=True)
        if who is not None:
            resolver.remember(candidate.start, who)
        quotes.append(_quote(layout.text, candidate, who, mention))
    return quotes


STAGE: Stage[list[Quote]] = Stage(name="quotes", version="15", reads=("entities",), run=extract_quotes)
