"""A person's canonical name: titles and leading role nouns dropped, possessives with any apostrophe."""

from __future__ import annotations

import pytest
import spacy

from worker.models import Entity, TextSpan
from worker.stages.names import could_be_person, names_a_body, strip_name
from worker.stages.quotes.people import Person, Who, clean_name, full_name, headline_free, honorific_sex


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Speaker Dana Whitfield", "Dana Whitfield"),
        ("Organizer Priya Raman", "Priya Raman"),
        ("Rookie Quarterback Tomas Ekberg", "Tomas Ekberg"),
        ("Sen. Harold Ames", "Harold Ames"),
        ("Son Min-jae", "Son Min-jae"),
        ("Coach Lindqvist", "Lindqvist"),
        ("Reeve Tom Hendry", "Tom Hendry"),
        ("Elder Mary Stevenson", "Mary Stevenson"),
        ("Trustee Rachel Chernos Lin", "Rachel Chernos Lin"),
        ("Bassist Kim Tran", "Kim Tran"),
    ],
)
def test_titles_and_leading_role_nouns_leave_the_name(mention: str, name: str) -> None:
    """Titles go whenever a word is left; a role noun only when two words are left after it."""
    assert clean_name(mention) == name


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ", "′"])
def test_possessive_is_dropped_whatever_the_apostrophe(apostrophe: str) -> None:
    """'Nadia Karimʼs' names Nadia Karim with a straight, curly, modifier or prime apostrophe."""
    assert strip_name(f"Nadia Karim{apostrophe}s") == "Nadia Karim"
    assert clean_name(f"Nadia Karim{apostrophe}s") == "Nadia Karim"
    assert not could_be_person(f"Karim{apostrophe}s office")


def test_person_named_after_a_run_on_headline_mention_takes_its_plain_name() -> None:
    """A person entity named "Nadia Karim Endorses" (a headline's run-on) is renamed "Nadia Karim"."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Nadia Karim Endorses Peter Walsh For Mayor Again. Then Nadia Karim spoke to us."
    doc = nlp(text)
    spans = [
        TextSpan(text=name, start=text.index(name, at), end=text.index(name, at) + len(name))
        for name, at in (("Nadia Karim Endorses", 0), ("Nadia Karim", 30))
    ]
    entity = Entity(name="Nadia Karim Endorses", label="PERSON", count=2, salience=0.5, mentions=spans)
    assert [e.name for e in headline_free(doc, [entity])] == ["Nadia Karim"]


@pytest.mark.parametrize("name", ["P.W. Botha", "K.T. Thomas", "W.N.F. Chandraratne", "F.W. de Klerk"])
def test_a_name_after_initials_can_be_a_person(name: str) -> None:
    """Initials with dots ("P.W.") are a person's, not an acronym that makes the name a body's."""
    assert could_be_person(name)


def test_an_acronym_in_a_name_still_makes_it_a_body() -> None:
    """ "NDP Leader" and "CBC News" are not people's names; an all-capital "JANE ROE" still can be."""
    assert not could_be_person("NDP Leader")
    assert not could_be_person("CBC News")
    assert could_be_person("JANE ROE")


def _person(start: int, name: str) -> Person:
    """A subject mention of `name` at `start`, with no titles."""
    return Person(start, Who(name, "PERSON"), frozenset(), 0)


def test_mrs_surname_is_the_woman_of_that_name_not_the_man_introduced_first() -> None:
    """'Mrs. Hale' passes over Robert Hale for Mary Hale; a bare 'Hale' stays the first introduced."""
    people = [_person(0, "Robert Hale"), _person(40, "Mary Hale")]
    assert full_name(people, "Hale", 90, "f") == Who("Mary Hale", "PERSON")
    assert full_name(people, "Hale", 90, "m") == Who("Robert Hale", "PERSON")
    assert full_name(people, "Hale", 90) == Who("Robert Hale", "PERSON")


def test_honorific_before_or_in_a_name_gives_its_sex() -> None:
    """'Mrs.' before the name says f, 'Mr.' says m, a name with none says nothing."""
    doc = spacy.blank("en")("Mrs. Hale met Mr. Hale and Hale .")
    assert [honorific_sex(doc[i : i + 1]) for i in (1, 4, 6)] == ["f", "m", None]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Shared Health", True),
        ("Public Health Ontario", True),
        ("Hockey Canada", True),
        ("Manitoba Hydro", True),
        ("Juno Award", True),
        ("Health Minister Sylvia Jones", False),
        ("Nova Scotia", False),
        ("Malivai Washington", False),
    ],
)
def test_a_body_word_or_a_place_at_the_end_names_a_body(name: str, body: bool) -> None:
    """Body words count outside a leading title ("Health Minister" is an office); a name ending with a
    province or Canada is a body's, a place alone is not."""
    assert names_a_body(name) is body
