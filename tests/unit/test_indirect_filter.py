"""The learned filter over reported speech: clear reported speech is kept, the model is the shipped one."""

from __future__ import annotations

from collections.abc import Callable

from worker.stages.base import ParsedArticle
from worker.stages.quotes.candidates import Layout, indirect_candidates
from worker.stages.quotes.indirect_filter import is_quote, model, quote_probability

Parse = Callable[..., ParsedArticle]


def _candidates(parsed: ParsedArticle) -> list[tuple[str, bool]]:
    """Each indirect candidate's text and whether the filter keeps it."""
    text = parsed.article.text
    layout = Layout(parsed.doc, text, [(0, len(text))], [])
    return [
        (text[c.start : c.end], is_quote(parsed.doc, c.start, c.end, c.attribution))
        for c in indirect_candidates(layout)
    ]


def test_plain_reported_speech_is_kept(parse_text: Parse) -> None:
    """'The mayor said the bridge would reopen in May' is a quote the filter keeps."""
    parsed = parse_text("The mayor said the bridge would reopen in May after months of repairs.")
    assert _candidates(parsed) == [("the bridge would reopen in May after months of repairs", True)]


def test_model_is_read_once_with_its_threshold() -> None:
    """The shipped weights give a probability between 0 and 1 and carry the threshold chosen on train."""
    _, bias, threshold = model()
    assert len(bias) == 2
    assert 0.0 < threshold < 1.0
    assert 0.0 < quote_probability(["lemma=say", "tag=VBD", "first=the"]) < 1.0
    assert model() is model()


def test_candidate_without_a_cue_is_kept(parse_text: Parse) -> None:
    """With no attribution there is nothing to judge: the candidate stays."""
    parsed = parse_text("Rain is expected.")
    assert is_quote(parsed.doc, 0, 4, None) is True
