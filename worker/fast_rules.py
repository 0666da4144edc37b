"""Faster, exactly equivalent stand-ins for spaCy's attribute_ruler and rule lemmatizer.

The attribute ruler is compiled from the stock patterns.
The stock ruler runs a Matcher over every token for ~180 patterns; almost all of them are one token keyed on
its tag and/or lowercase form. Here each pattern is filed under the tag and lowercase values its first token
requires (IN lists expanded), so a token only has its few candidates checked; a multi-token pattern (fixed
length: the compiler takes no OP) has its later tokens checked in place. As in the stock ruler, every match is
found first, then all are applied in pattern order (later wins).

The rule lemmatizer spends most of its time per token in Python: a Token object, and for every base form its
morphology parsed into a dict, a result it never caches. Whether a token is a base form (lemma: the lowercase
word), a proper noun without rules (the word as written) or goes through the rules depends only on its POS and
morphology, so the fast one remembers that per (POS, morphology), reads the word's columns in one pass, and
for the rest answers from the stock lemmatizer's own (bounded) cache, asking the stock lemmatizer on a miss.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, cast

from spacy.attrs import LEMMA, LOWER, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

FAST_RULES = "fast_attribute_ruler"
STOCK_RULES = "attribute_ruler"
FAST_LEMMAS = "fast_lemmatizer"
STOCK_LEMMAS = "lemmatizer"
LOWERED, AS_WRITTEN, RULES, ASK = range(4)  # the fast lemmatizer's ways to a lemma
SET_ASIDE = "stock_lemmatizer"  # the stock lemmatizer's name while the fast one is built around it

# Pattern keys the compiler handles: string attributes by their Token property, and the flags below.
STRING_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "ORTH": "text", "TEXT": "text"}
FLAG_KEYS = {"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM"}
# Words whose unkeyed checks are remembered; small, so a pool child stays within its memory target
# (the most frequent words come back within a few articles after the memo is cleared).
WORD_MEMO_LIMIT = 2_000
LEXICAL_KEYS = {"LOWER", "ORTH", "TEXT"} | FLAG_KEYS  # fixed by the word itself (its lexeme)

Check = Callable[[Token], bool]
# (pattern id, target token's offset, first token's remaining checks, later tokens' checks)
Candidate = tuple[int, int, list[Check], list[list[Check]]]


def _check(key: str, spec: Any) -> Check:
    """One pattern key's test on a token; ValueError for what the compiler does not support."""
    if key in FLAG_KEYS and isinstance(spec, bool):
        prop = key.lower()
        return lambda token: bool(getattr(token, prop)) == spec
    if key not in STRING_KEYS:
        raise ValueError(key)
    prop = STRING_KEYS[key]
    if isinstance(spec, str):
        return lambda token: bool(getattr(token, prop) == spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, value),) = spec.items()
        if op == "IN" and isinstance(value, list):
            values = frozenset(value)
            return lambda token: getattr(token, prop) in values
        if op == "NOT_IN" and isinstance(value, list):
            values = frozenset(value)
            return lambda token: getattr(token, prop) not in values
        if op == "REGEX" and isinstance(value, str):
            regex = re.compile(value)
            return lambda token: regex.search(getattr(token, prop)) is not None
    raise ValueError(f"{key}: {spec!r}")


def _values(spec: Any) -> list[str] | None:
    """The values a key requires (exact or IN), or None when it does not pin the value down."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and list(spec) == ["IN"]:
        return list(spec["IN"])
    return None


def compilable(patterns: Iterable[dict[str, Any]]) -> bool:
    """Whether every attribute-ruler pattern uses only what this compiler supports."""
    try:
        for entry in patterns:
            for pattern in entry["patterns"]:
                for token_spec in pattern:
                    [_check(key, spec) for key, spec in token_spec.items()]
                if not -len(pattern) <= entry.get("index", 0) < len(pattern):
                    return False
    except (ValueError, TypeError):
        return False
    return True


class FastAttributeRuler:
    """The attribute_ruler's patterns, matched by dictionary look-ups and applied in the stock order."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict[str, Any]]) -> None:
        """Compile `patterns` (the stock ruler's `.patterns`), attributes normalised as the stock does."""
        stock = AttributeRuler(nlp.vocab, name)
        stock.add_patterns(patterns)
        self.attrs, self.indices, self.strings = stock.attrs, stock.indices, nlp.vocab.strings
        self.keyed: dict[tuple[int, int], list[Candidate]] = {}
        self.by_dep: dict[int, list[Candidate]] = {}  # the rest, when they pin the arc label down
        self.general: list[tuple[Candidate, list[Check]]] = []  # with the checks on the word itself
        self.by_word: dict[int, list[Candidate]] = {}  # general candidates whose word checks pass, by orth id
        for attr_id, entry in enumerate(patterns):  # add_patterns numbers them in this order
            for pattern in entry["patterns"]:
                self._add(attr_id, pattern)

    def _add(self, attr_id: int, pattern: list[dict[str, Any]]) -> None:
        """File a pattern under the tag/lowercase (else arc) values its first token needs (checks dropped)."""
        first, index = pattern[0], self.indices[attr_id]
        tags, lowers = _values(first.get("TAG")), _values(first.get("LOWER"))
        settled = {key for key, values in (("TAG", tags), ("LOWER", lowers)) if values is not None}
        later = [[_check(key, spec) for key, spec in token.items()] for token in pattern[1:]]
        target = index if index >= 0 else len(pattern) + index
        deps = _values(first.get("DEP"))
        if tags is None and lowers is None and deps is not None:  # filed under the arc label instead
            checks = [_check(key, spec) for key, spec in first.items() if key != "DEP"]
            for dep in deps:
                self.by_dep.setdefault(self._hash(dep), []).append((attr_id, target, checks, later))
            return
        if tags is None and lowers is None:
            lexical = [_check(key, spec) for key, spec in first.items() if key in LEXICAL_KEYS]
            contextual = [_check(key, spec) for key, spec in first.items() if key not in LEXICAL_KEYS]
            self.general.append(((attr_id, target, contextual, later), lexical))
            return
        first_checks = [_check(key, spec) for key, spec in first.items() if key not in settled]
        candidate = (attr_id, target, first_checks, later)
        anything: list[str | None] = [None]
        for tag in tags or anything:
            for lower in lowers or anything:
                self.keyed.setdefault((self._hash(tag), self._hash(lower)), []).append(candidate)

    def _hash(self, value: str | None) -> int:
        """A string's id in the vocabulary, -1 for 'any value'."""
        return -1 if value is None else int(self.strings.add(value))

    def _general_for(self, token: Token) -> list[Candidate]:
        """The unkeyed candidates whose checks on the word itself (not its tag or arc) pass for this word."""
        return [candidate for candidate, lexical in self.general if all(check(token) for check in lexical)]

    def __call__(self, doc: Doc) -> Doc:
        """Find every match first, then set the attributes in pattern order, so later patterns win."""
        keyed, by_dep = self.keyed, self.by_dep
        matches: list[tuple[int, int]] = []
        for token in doc:
            tag, lower = token.tag, token.lower
            for key in ((tag, lower), (tag, -1), (-1, lower)):
                if key in keyed:
                    _collect(doc, token, keyed[key], matches)
            if token.dep in by_dep:
                _collect(doc, token, by_dep[token.dep], matches)
            general = self.by_word.get(token.orth)
            if general is None:
                if len(self.by_word) >= WORD_MEMO_LIMIT:  # bounded in a long-running worker
                    self.by_word.clear()
                general = self.by_word[token.orth] = self._general_for(token)
            _collect(doc, token, general, matches)
        matches.sort()
        for attr_id, i in matches:
            set_token_attrs(doc[i], self.attrs[attr_id])
        return doc


def _collect(doc: Doc, token: Token, candidates: list[Candidate], matches: list[tuple[int, int]]) -> None:
    """Add (pattern, target token) for each candidate pattern that matches starting at `token`."""
    for attr_id, target, first_checks, later in candidates:
        if first_checks and not all(check(token) for check in first_checks):
            continue
        if later and not _later_hold(doc, token.i + 1, later):
            continue
        matches.append((attr_id, token.i + target))


def _later_hold(doc: Doc, start: int, later: list[list[Check]]) -> bool:
    """Whether the tokens from `start` on pass a multi-token pattern's remaining checks."""
    if start + len(later) > len(doc):
        return False
    return all(check(doc[start + offset]) for offset, checks in enumerate(later) for check in checks)


def make_fast_rules(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributeRuler:
    """spaCy factory for the fast ruler."""
    return FastAttributeRuler(nlp, name, patterns)


def use_fast_rules(nlp: Language) -> None:
    """Swap the stock attribute_ruler for the fast one, unless a pattern uses what the compiler lacks."""
    if STOCK_RULES not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe(STOCK_RULES).patterns  # type: ignore[attr-defined]
    if not compilable(patterns):
        return
    if not Language.has_factory(FAST_RULES):
        Language.factory(FAST_RULES, default_config={"patterns": []}, func=make_fast_rules)
    nlp.replace_pipe(STOCK_RULES, FAST_RULES, config={"patterns": patterns})


class FastLemmatizer:
    """The stock rule lemmatizer's lemmas: by the way its POS and morphology take, else from the cache."""

    def __init__(self, stock: Lemmatizer) -> None:
        self.stock = stock
        self.ways: dict[tuple[int, int], int] = {}  # (POS, morphology) -> LOWERED, AS_WRITTEN, RULES, ASK

    @property
    def cache(self) -> dict[Any, Any]:
        """The stock lemmatizer's cache, shared (warmup.bound_caches bounds it)."""
        return self.stock.cache

    @cache.setter
    def cache(self, value: dict[Any, Any]) -> None:
        self.stock.cache = value

    def _way(self, token: Token) -> int:
        """How the stock `rule_lemmatize` treats this POS and morphology before its rules (never cached)."""
        univ_pos = token.pos_.lower()
        if univ_pos == "":
            return ASK  # the stock warns on every such token
        if univ_pos in ("eol", "space") or self.stock.is_base_form(token):
            return LOWERED
        tables = [
            self.stock.lookups.get_table(name, {}) for name in ("lemma_index", "lemma_exc", "lemma_rules")
        ]
        if not any(table.get(univ_pos) for table in tables):
            return AS_WRITTEN if univ_pos == "propn" else LOWERED
        return RULES

    def __call__(self, doc: Doc) -> Doc:
        """Set every unset lemma (every lemma when the stock overwrites), as the stock would."""
        stock, strings, ways, overwrite = self.stock, doc.vocab.strings, self.ways, self.stock.overwrite
        columns = doc.to_array([LEMMA, ORTH, LOWER, POS, MORPH])
        for i, (lemma, orth, lower, pos, morph) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            way = ways.get((pos, morph))
            if way is None:
                way = ways[pos, morph] = self._way(doc[i])
            if way == LOWERED:
                columns[i, 0] = lower
            elif way == AS_WRITTEN:
                columns[i, 0] = orth
            else:
                found = stock.cache.get((orth, pos, morph)) if way == RULES else None
                columns[i, 0] = strings.add((found or stock.lemmatize(doc[i]))[0])
        doc.from_array([LEMMA], cast(Ints2d, columns[:, :1]))
        return doc


def make_fast_lemmas(nlp: Language, name: str) -> FastLemmatizer:
    """spaCy factory for the fast lemmatizer, around the stock one `use_fast_lemmas` set aside."""
    return FastLemmatizer(nlp.get_pipe(SET_ASIDE))  # type: ignore[arg-type]


def _plain_base_forms(stock: Lemmatizer) -> bool:
    """Whether the lemmatizer decides base forms by POS and morphology alone (spaCy's own and English)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return type(stock).is_base_form in (Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form)


def use_fast_lemmas(nlp: Language) -> None:
    """Swap the stock rule lemmatizer for the fast one (same name, same tables), where its cache key is the
    stock `rule_lemmatize`'s (English; not French, whose lemmatizer has its own)."""
    stock = nlp.get_pipe(STOCK_LEMMAS) if STOCK_LEMMAS in nlp.pipe_names else None
    if not isinstance(stock, Lemmatizer) or stock.mode != "rule":
        return
    if type(stock).rule_lemmatize is not Lemmatizer.rule_lemmatize or not _plain_base_forms(stock):
        return
    if not Language.has_factory(FAST_LEMMAS):
        Language.factory(FAST_LEMMAS, func=make_fast_lemmas)
    nlp.rename_pipe(STOCK_LEMMAS, SET_ASIDE)
    nlp.add_pipe(FAST_LEMMAS, name=STOCK_LEMMAS, after=SET_ASIDE)
    nlp.remove_pipe(SET_ASIDE)
