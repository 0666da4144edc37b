"""What the quotes stage needs per language: its quotation marks and its reporting verbs.

A language is in QUOTE_LANGUAGES only when both are written down; for any other language the quotes
stage does not run and the result says so (`quotes: null`, a `skipped` entry) rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Token

from worker.stages.lexicon import FRENCH_SAY_VERBS, words


@dataclass(frozen=True)
class QuoteMarks:
    """The characters that open and close double and single quotations in a language's typography."""

    double_open: str
    double_close: str
    single_open: str
    single_close: str
    pairs: tuple[str, ...] = ()  # an opening mark + the mark that closes it though it opens elsewhere
    spaced: str = ""  # single marks that are never apostrophes and may have a space inside (‹ ›)


# English: curly and straight marks; « » and „ also open (quotes from other typographies inside English).
ENGLISH_MARKS = QuoteMarks("“«„", "”»", "‘‹", "’›")
# French: « » (with a no-break space inside, or a plain space, or none), “ ” for quotes inside them,
# and the rarer ‹ › ; „ “ appears in texts quoting German or Polish sources.
FRENCH_MARKS = QuoteMarks("«“„", "»”", "‹‘", "›’", ("„“", "‚‘"), "‹›")
# German: „ “ and » «, single ‚ ‘ and › ‹: the English opening “ closes here.
GERMAN_MARKS = QuoteMarks("„»", "“«", "‚›", "‘‹", ("„“", "‚‘"), "›‹")
MARKS: dict[str, QuoteMarks] = {"en": ENGLISH_MARKS, "fr": FRENCH_MARKS, "de": GERMAN_MARKS}

# Verbs that report speech only with a clause ("il pense que ...").
FRENCH_INDIRECT_ONLY = words("penser croire espérer craindre savoir estimer juger considérer")
# Words that open a source attribution before a noun phrase: "selon X", "d'après X".
FRENCH_SOURCE_WORDS = frozenset({"selon", "d'après"})
INDIRECT_ONLY_BY_LANGUAGE: dict[str, frozenset[str]] = {"fr": FRENCH_SAY_VERBS | FRENCH_INDIRECT_ONLY}
SOURCE_WORDS: dict[str, frozenset[str]] = {"fr": FRENCH_SOURCE_WORDS}
# Subject pronouns as the speaker resolver knows them ("a-t-il ajouté": "-il" is "he").
FRENCH_PRONOUNS = {"il": "he", "elle": "she", "ils": "they", "elles": "they", "je": "i", "nous": "we"}
PRONOUNS_BY_LANGUAGE: dict[str, dict[str, str]] = {"fr": FRENCH_PRONOUNS}

QUOTE_LANGUAGES = frozenset({"en", "fr"})


def opens_source(token: Token) -> bool:
    """Whether a token opens a source phrase in its language: French 'selon' or the 'après' of 'd'après'."""
    words = SOURCE_WORDS.get(token.lang_)
    if not words:
        return False
    before = token.doc[token.i - 1].lower_ if token.i else ""
    return token.lower_ in words or before + token.lower_ in words


def source_word_ids(language: str) -> frozenset[int]:
    """The string ids of the (last) words of a language's source phrases, to find them in bulk."""
    return frozenset(get_string_id(word.split("'")[-1]) for word in SOURCE_WORDS.get(language, ()))


def english_pronoun(word: str, language: str) -> str:
    """A subject pronoun as its English equivalent (`-il` -> `he`); other words unchanged."""
    table = PRONOUNS_BY_LANGUAGE.get(language)
    return table.get(word.lstrip("-"), word) if table else word


def marks_for(language: str) -> QuoteMarks:
    """The quotation marks of a language (English's when it has none of its own)."""
    return MARKS.get(language, ENGLISH_MARKS)
