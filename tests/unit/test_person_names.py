"""A person's canonical name: titles and leading role nouns dropped, possessives with any apostrophe."""

from __future__ import annotations

import pytest

from worker.stages.names import could_be_person, strip_name
from worker.stages.quotes.people import clean_name


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Speaker Dana Whitfield", "Dana Whitfield"),
        ("Organizer Priya Raman", "Priya Raman"),
        ("Rookie Quarterback Tomas Ekberg", "Tomas Ekberg"),
        ("Sen. Harold Ames", "Harold Ames"),
        ("Son Min-jae", "Son Min-jae"),
        ("Coach Lindqvist", "Lindqvist"),
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
