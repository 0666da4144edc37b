"""Quote scoring: precision over every prediction, and quotes grouped into PolNeAR's statements."""

from __future__ import annotations

from worker.evaluation.quote_scoring import Gold, Pred, Tally, chars, prf, statements, to_preds
from worker.models import Quote, TextSpan

TEXT = '"We will rebuild," Ana Ruiz said. "It takes two years."\nShe said the town pays. "Nobody else will," she said.'


def _quote(passage: str, cue: str | None, speaker: str, near: int = 0) -> Quote:
    """A quotes-stage result for `passage` in TEXT, its cue after it, its speaker mention from `near` on."""
    start = TEXT.index(passage)
    mention = TEXT.index(speaker, near)
    cue_span = (
        TextSpan(text=cue, start=TEXT.index(cue, start), end=TEXT.index(cue, start) + len(cue))
        if cue
        else None
    )
    return Quote(
        text=passage,
        start=start,
        end=start + len(passage),
        type="direct",
        speaker="Ana Ruiz",
        speaker_label="PERSON",
        speaker_span=TextSpan(text=speaker, start=mention, end=mention + len(speaker)),
        cue=cue_span,
    )


def test_piece_with_no_cue_joins_the_quote_it_continues() -> None:
    """'"X," she said. "Y."' is one statement; a quote in the next paragraph with its own cue is another."""
    first = _quote('"We will rebuild,"', "said", "Ana Ruiz")
    second = _quote('"It takes two years."', None, "Ana Ruiz")
    third = _quote('"Nobody else will,"', "said", "she", near=TEXT.index("Nobody"))
    assert statements([first, second, third], TEXT) == [[first, second], [third]]
    joined = to_preds([first, second, third], TEXT, joined=True)
    assert joined[0].chars == chars([(first.start, first.end), (second.start, second.end)])
    assert len(to_preds([first, second, third], TEXT, joined=False)) == 3


def test_precision_counts_every_prediction_whatever_its_kind() -> None:
    """A direct gold found and an indirect prediction matching nothing: direct P is 50, or 100 by own kind."""
    gold = [Gold(chars([(0, 10)]), "direct", None, frozenset())]
    preds = [
        Pred(chars([(0, 10)]), "direct", None, frozenset()),
        Pred(chars([(20, 30)]), "indirect", None, frozenset()),
    ]
    tally = Tally(gold=gold, preds=preds, docs=[(gold, preds)])
    assert prf(tally, ("direct",), 0.3) == (50.0, 100.0, 2 * 50.0 * 100.0 / 150.0)
    assert prf(tally, ("direct",), 0.3, every_prediction=False) == (100.0, 100.0, 100.0)
