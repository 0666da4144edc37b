"""The learned speaker ranker: the subject of the cue is kept, the model is the shipped one."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from worker.stages.base import ParsedArticle
from worker.stages.quotes import find_candidates
from worker.stages.quotes.attribution import Attribution
from worker.stages.quotes.ranker import choices, dep_path, mark_tokens, model, ranked_mention, score

Parse = Callable[..., ParsedArticle]
RankerInputs = tuple[Doc, int, int, str, Attribution, list[int]]


def _ranker_inputs(parse_text: Parse, text: str) -> RankerInputs:
    """What the ranker reads for the one quote of a text: doc, quote bounds, type, attribution, marks."""
    parsed = parse_text(text)
    (candidate,) = find_candidates(parsed)[1]
    assert candidate.attribution is not None
    doc = parsed.doc
    return doc, candidate.start, candidate.end, candidate.type, candidate.attribution, mark_tokens(doc)


def test_subject_of_the_cue_is_the_speaker(parse_text: Parse) -> None:
    """In '"...," Jane Doe, a professor at the University of Ottawa, said', the ranker keeps Jane Doe."""
    text = (
        '"The bridge will reopen in May," Jane Doe, a professor at the University of Ottawa, said on Monday.'
    )
    mention = ranked_mention(*_ranker_inputs(parse_text, text))
    assert mention is not None and mention.root.text == "Doe"


def test_candidates_lie_outside_the_quote(parse_text: Parse) -> None:
    """No word of the quote itself is a candidate speaker, and the cue's subject path is nsubj."""
    found = choices(*_ranker_inputs(parse_text, '"Officials told me nothing," the mayor said.'))
    assert [c.token.text for c in found] == ["mayor"]
    assert dep_path(found[0].token, found[0].token.head) == "nsubj^"


def test_model_is_read_once_with_its_margin() -> None:
    """The shipped weights give a probability between 0 and 1 and carry the margin chosen on train."""
    _, bias, margin, fill = model()
    assert len(bias) == 2
    assert 0.0 <= margin < 1.0 and 0.0 <= fill <= 1.0
    assert 0.0 < score(["path=nsubj^", "kind=name"]) < 1.0
    assert model() is model()


def test_cross_validation_deals_articles_into_even_seeded_folds() -> None:
    """Every article lands in one fold, the folds differ in size by one at most, and a rerun deals the same."""
    from scripts.train_speaker_ranker import folds_of

    dealt = folds_of(11, 5)
    assert sorted(dealt) == [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert folds_of(11, 5) == dealt


def test_logistic_fit_learns_a_separable_feature() -> None:
    """The hand-written logistic regression gives the feature that marks the positives the higher weight."""
    from worker.evaluation.logistic import fit, predict, vocabulary

    examples = [["speaker", "near"], ["speaker"], ["other", "near"], ["other"]] * 3
    labels = [1, 1, 0, 0] * 3
    vocab = vocabulary(examples)
    w, b = fit(examples, labels, 2, vocab)
    probs = predict(w, b, [["speaker"], ["other"]], vocab)
    assert probs[0][1] > 0.9 and probs[1][1] < 0.1
