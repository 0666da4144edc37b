"""Names the recogniser runs together split apart; initials and hyphenated given names kept with a surname."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from worker.stages.entities.name_trims import trim_names
from worker.stages.entities.relabel import relabel
from worker.stages.names import could_be_person, names_a_body


def _doc(nlp: Language, text: str, ents: list[tuple[int, int, str]], pos: list[str] | None = None) -> Doc:
    """A hand-built doc of space-separated words (no parse) with the given entities."""
    words = text.split(" ")
    doc = Doc(nlp.vocab, words=words, pos=pos)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_a_spaced_dash_or_slash_separates_two_names(nlp: Language) -> None:
    """'Ajax - Lena Marsh' and 'Ana Lee / Mia Kors' are two names each, both keeping the label."""
    doc = _doc(nlp, "Ajax - Lena Marsh and Ana Lee / Mia Kors won", [(0, 4, "ORG"), (5, 10, "PERSON")])
    found = [(e.text, e.label_) for e in trim_names(doc, frozenset()).ents]
    assert found == [("Ajax", "ORG"), ("Lena Marsh", "ORG"), ("Ana Lee", "PERSON"), ("Mia Kors", "PERSON")]


def test_a_bracket_ends_a_name_and_a_hyphenated_name_stays_whole(nlp: Language) -> None:
    """'Lena Marsh ( Canada )' is two names (the relabelling decides each); 'Anne-Lise Berg' stays whole."""
    words = ["Lena", "Marsh", "(", "Canada", ")", "beat", "Anne", "-", "Lise", "Berg"]
    doc = Doc(nlp.vocab, words=words, spaces=[True] * 6 + [False, False, True, False])
    doc.ents = [Span(doc, 0, 4, label="PERSON"), Span(doc, 6, 10, label="PERSON")]
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Lena Marsh", "Canada", "Anne-Lise Berg"]


def test_a_number_entity_lets_go_of_the_name_in_it(nlp: Language) -> None:
    """'3 - Lena Marsh' tagged a quantity keeps only '3': the name is left for the unlabelled-name rules."""
    doc = _doc(nlp, "3 - Lena Marsh won", [(0, 4, "QUANTITY")])
    assert [(e.text, e.label_) for e in trim_names(doc, frozenset()).ents] == [("3", "QUANTITY")]


def test_a_capitals_headline_part_of_a_person_goes(nlp: Language) -> None:
    """'MOTOR RACING - Lena Marsh' as one person leaves only Lena Marsh."""
    doc = _doc(nlp, "MOTOR RACING - Lena Marsh wins", [(0, 5, "PERSON")])
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Lena Marsh"]


def test_initials_then_a_proper_noun_are_a_person(nlp: Language) -> None:
    """'D. Corrigan' with no entity, and 'K.' tagged alone before 'Barnaby', are people's names."""
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "VERB", "PUNCT"]
    doc = _doc(nlp, "D. Corrigan scored K. Barnaby bowled .", [(3, 4, "PERSON")], pos)
    found = [(e.text, e.label_) for e in relabel(doc).ents]
    assert found == [("D. Corrigan", "PERSON"), ("K. Barnaby", "PERSON")]


def test_the_first_half_of_a_hyphenated_given_name_joins_the_person(nlp: Language) -> None:
    """'Heinz-' before a person tagged 'Harald Frentzel' is part of the name."""
    words = ["Heinz", "-", "Harald", "Frentzel", "won", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[False, False, True, True, False, False])
    doc.ents = [Span(doc, 2, 4, label="PERSON")]
    assert [e.text for e in relabel(doc).ents] == ["Heinz-Harald Frentzel"]


def test_football_club_and_newsroom_words_name_a_body() -> None:
    """'F.C. Valletta', 'Stadler FC' and 'Oslo Newsroom' are bodies; 'P.W. Botha' is a person after initials."""
    assert names_a_body("F.C. Valletta") and names_a_body("Stadler FC") and names_a_body("Oslo Newsroom")
    assert could_be_person("P.W. Botha")


def test_an_ing_verb_starting_a_sentence_is_cut_off_a_person(nlp: Language) -> None:
    """'Joining Marsh in the final' names Marsh: a verb's -ing form is not part of a person's name."""
    words = str.split("Joining Marsh in the final was Anton Lee .")
    tags = ["VBG", "NNP", "IN", "DT", "NN", "VBD", "NNP", "NNP", "."]
    doc = Doc(nlp.vocab, words=words, tags=tags)
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 6, 8, label="PERSON")]
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Marsh", "Anton Lee"]
