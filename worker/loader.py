"""Loading the spaCy pipeline once per process with every parse step, and parsing a text with it.

The generic steps come from worker/nlp.py, the entities family's name repairs from worker/stages/entities/.
"""

from __future__ import annotations

import functools

from spacy.language import Language
from spacy.tokens import Doc

from worker.fast_rules import use_fast_lemmas, use_fast_rules
from worker.nlp import (
    CHUNK_CHARS,
    LABEL_MAP,
    LABEL_MAPS,
    NEWLINE_SENTENCES,
    OFFICIAL_MODEL,
    OPENING_MARKS,
    STEPS,
    chunks,
    keep_abbreviations,
    load_model,
    register,
)
from worker.stages.entities.name_spans import NAME_SPANS, RECOGNISED, fix_name_spans, possessive_marks
from worker.stages.entities.name_trims import NAME_TRIMS, leading_words, trim_names
from worker.stages.entities.relabel import RELABEL, relabel, weights

# The entities family's steps after the recogniser (English pipelines only).
NAME_STEPS = {NAME_SPANS: fix_name_spans, NAME_TRIMS: trim_names, RELABEL: relabel}


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
def load_nlp(model: str = OFFICIAL_MODEL, fast_rules: bool = True) -> Language:
    """The spaCy pipeline `model` with our steps, loaded once per process (see nlp.load_model).

    fast_rules: the stock attribute_ruler and rule lemmatizer swapped for their exact, faster equivalents
    (worker/fast_rules.py).
    """
    register({**STEPS, **NAME_STEPS})
    nlp = load_model(model)
    if fast_rules:
        use_fast_rules(nlp)
        use_fast_lemmas(nlp)
    keep_abbreviations(nlp)
    _add_components(nlp)
    return nlp


def parse(nlp: Language, text: str) -> Doc:
    """Parse a text once; offsets in the doc are indices into the text exactly as given.

    Long texts are parsed a chunk at a time and joined: the parser's working memory grows with the
    length of what it parses at once (a 200,000-character article peaks at ~840 MB whole, ~240 MB in chunks).
    """
    text = possessive_marks(text)
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    return _joined(list(nlp.pipe(chunks(text), batch_size=1)))


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
