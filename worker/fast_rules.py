"""A faster, exactly equivalent stand-in for spaCy's attribute_ruler, compiled from the stock ruler's own patterns.

The stock ruler runs a Matcher over every token for ~180 patterns; almost all of them are one token keyed on its
tag and/or lowercase form. Here each one-token pattern is filed under the tag and lowercase values it requires
(IN lists expanded), so a token only has its few candidates fully checked; multi-token patterns keep a small
Matcher. As in the stock ruler, every match is found first, then all are applied in pattern order (later wins).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs  # type: ignore[import-not-found]

FAST_RULES = "fast_attribute_ruler"
STOCK_RULES = "attribute_ruler"

# Pattern keys the compiler handles: string attributes by their Token property, and the flags below.
STRING_KEYS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "ORTH": "text", "TEXT": "text", "NORM": "norm_"}
FLAG_KEYS = {"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM"}

Check = Callable[[Token], bool]


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
        (op, value), = spec.items()
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
                if len(pattern) == 1 and entry.get("index", 0) not in (0, -1):
                    return False
    except (ValueError, TypeError):
        return False
    return True


class FastAttributeRuler:
    """The attribute_ruler's patterns, matched by dictionary look-ups and applied in the stock order."""

    def __init__(self, nlp: Language, name: str, patterns: list[dict[str, Any]]) -> None:
        """Compile `patterns` (the stock ruler's `.patterns`); the attributes are normalised as the stock ruler does."""
        stock = AttributeRuler(nlp.vocab, name)
        stock.add_patterns(patterns)
        self.attrs, self.indices = stock.attrs, stock.indices
        self.keyed: dict[tuple[str, ...], list[tuple[int, list[Check]]]] = {}
        self.general: list[tuple[int, list[Check]]] = []
        self.matcher, self.match_ids = Matcher(nlp.vocab), {}
        for attr_id, entry in enumerate(stock.patterns):
            for pattern in entry["patterns"]:
                self._add(attr_id, pattern)

    def _add(self, attr_id: int, pattern: list[dict[str, Any]]) -> None:
        """File a one-token pattern under the tag/lowercase values it requires; a longer one goes to the Matcher."""
        if len(pattern) > 1:
            key = str(attr_id)
            self.matcher.add(key, [pattern])
            self.match_ids[self.matcher.vocab.strings[key]] = attr_id
            return
        spec = pattern[0]
        candidate = (attr_id, [_check(key, value) for key, value in spec.items()])
        tags, lowers = _values(spec.get("TAG")), _values(spec.get("LOWER"))
        if tags is None and lowers is None:
            self.general.append(candidate)
            return
        for tag in tags or [""]:
            for lower in lowers or [""]:
                self.keyed.setdefault((tag, lower), []).append(candidate)

    def __call__(self, doc: Doc) -> Doc:
        """Find every match first, then set the attributes in pattern order, so later patterns win."""
        keyed, general, matches = self.keyed, self.general, []
        for token in doc:
            tag, lower = token.tag_, token.lower_
            for key in ((tag, lower), (tag, ""), ("", lower)):
                for attr_id, checks in keyed.get(key, ()):
                    if all(check(token) for check in checks):
                        matches.append((attr_id, token.i))
            for attr_id, checks in general:
                if all(check(token) for check in checks):
                    matches.append((attr_id, token.i))
        for match_id, start, end in self.matcher(doc, allow_missing=True):
            attr_id = self.match_ids[match_id]
            index = self.indices[attr_id]
            matches.append((attr_id, (start if index >= 0 else end) + index))
        matches.sort()
        for attr_id, i in matches:
            set_token_attrs(doc[i], self.attrs[attr_id])
        return doc


def make_fast_rules(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> FastAttributeRuler:
    """spaCy factory for the fast ruler."""
    return FastAttributeRuler(nlp, name, patterns)


def use_fast_rules(nlp: Language) -> None:
    """Swap the stock attribute_ruler for the fast one, unless a pattern uses what the compiler does not support."""
    if STOCK_RULES not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe(STOCK_RULES).patterns  # type: ignore[attr-defined]
    if not compilable(patterns):
        return
    if not Language.has_factory(FAST_RULES):
        Language.factory(FAST_RULES, default_config={"patterns": []}, func=make_fast_rules)
    nlp.replace_pipe(STOCK_RULES, FAST_RULES, config={"patterns": patterns})
