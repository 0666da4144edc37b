"""The summary stage: an extractive summary of whole sentences, in article order."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span as SpacySpan

from worker.models import Span, Summary
from worker.nlp import ParsedArticle
from worker.stages.base import Prior, Stage
from worker.stages.text import is_boilerplate, span_of

DEPENDENT_OPENERS = frozenset(
    "however but and also yet so still meanwhile instead then he she they it this that these those his her "
    "their its him them".split()
)
MIN_WORDS = 6


def _candidates(parsed: ParsedArticle) -> list[SpacySpan]:
    """Sentences that belong to the story: no boilerplate lines, no repeated headline, no fragments."""
    text = parsed.doc.text
    title = (parsed.article.title or "").strip()
    kept = []
    for sent in parsed.doc.sents:
        words = [t for t in sent if t.is_alpha]
        if len(words) < MIN_WORDS or is_boilerplate(text, sent.start_char):
            continue
        if title and sent.text.strip() == title:
            continue
        kept.append(sent)
    return kept


def _is_dependent(sent: SpacySpan) -> bool:
    """Whether a sentence leans on something before it (opens with a pronoun or connective)."""
    first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
    return first is not None and first.lower_ in DEPENDENT_OPENERS


def _scores(sents: list[SpacySpan]) -> list[float]:
    """Position-weighted centrality: early sentences sharing the article's frequent content words win."""
    freq: Counter[str] = Counter(
        t.lemma_.lower() for s in sents for t in s if t.is_alpha and not t.is_stop
    )
    top = max(freq.values(), default=1)
    scores = []
    for i, sent in enumerate(sents):
        words = [t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop]
        centrality = sum(freq[w] for w in set(words)) / (top * max(len(set(words)), 1))
        scores.append(1.0 / (1 + i) + 0.5 * centrality)
    return scores


def summarize(parsed: ParsedArticle, prior: Prior) -> Summary:
    """Pick the best-scoring story sentences, never opening on a dependent one."""
    sents = _candidates(parsed)
    while sents and _is_dependent(sents[0]):
        sents.pop(0)
    if not sents:
        return Summary(text="", sentences=[])
    scores = _scores(sents)
    ranked = sorted(range(len(sents)), key=lambda i: (-scores[i], i))
    chosen = sorted([0, *[i for i in ranked if i != 0]][: parsed.options.summary_sentences])
    spans = [span_of(sents[i]) for i in chosen]
    if parsed.options.summary_max_words:
        spans = _cap_words(spans, parsed.options.summary_max_words)
    return Summary(text=" ".join(s.text for s in spans), sentences=spans)


def _cap_words(spans: list[Span], limit: int) -> list[Span]:
    """Keep sentences in order while they fit in `limit` words (always at least one)."""
    kept: list[Span] = []
    words = 0
    for span in spans:
        words += len(re.findall(r"\w+", span.text))
        if kept and words > limit:
            break
        kept.append(span)
    return kept


STAGE: Stage[Summary] = Stage(name="summary", version="1", reads=(), run=summarize)
