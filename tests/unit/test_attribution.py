"""Attribution helpers on hand-built parses: the odd parses a small model makes of news text."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from worker.stages.quotes.attribution import speaker_before, subject_of


def test_dateline_parsed_as_the_subject_gives_way_to_the_name_after_it(nlp: Language) -> None:
    """'BOSTON -- Mayor Jane Doe, speaking Monday, said ...' parsed with BOSTON as the subject of 'said'."""
    doc = Doc(
        nlp.vocab,
        words=["BOSTON", "--", "Mayor", "Jane", "Doe", ",", "speaking", "Monday", ",", "said", "it", "works"],
        pos=["PROPN", "PUNCT", "PROPN", "PROPN", "PROPN", "PUNCT", "VERB", "PROPN", "PUNCT", "VERB", "PRON", "VERB"],
        deps=["nsubj", "punct", "compound", "compound", "appos", "punct", "advcl", "npadvmod", "punct", "ROOT",
              "nsubj", "ccomp"],
        heads=[9, 0, 4, 4, 0, 9, 9, 6, 9, 9, 11, 9],
        ents=["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-DATE", "O", "O", "O", "O"],
    )  # fmt: skip
    subject = subject_of(doc[9])
    assert subject is not None and subject.text == "Mayor Jane Doe"


def test_name_before_an_appositive_speaks_when_the_parse_hangs_it_elsewhere(nlp: Language) -> None:
    """'..., " Doe, a senior adviser, said' with Doe parsed as an appositive of a word inside the quote."""
    doc = Doc(
        nlp.vocab,
        words=["residents", ",", "”", "Doe", ",", "a", "senior", "adviser", ",", "said", "Monday"],
        pos=["NOUN", "PUNCT", "PUNCT", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "PROPN"],
        deps=["ROOT", "punct", "punct", "appos", "punct", "det", "amod", "appos", "punct", "ROOT", "npadvmod"],
        heads=[0, 0, 3, 0, 3, 7, 7, 3, 9, 9, 9],
    )  # fmt: skip
    found = speaker_before(doc[9], floor=3)
    assert found is not None and found.text == "Doe"
