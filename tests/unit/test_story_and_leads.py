"""Photo credits and author notes left out of the story; describing words cut off the front of names."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from worker.stages.entities.clusters import cluster
from worker.stages.entities.mentions import Mention, mention_of
from worker.stages.entities.name_trims import trim_names, without_lead
from worker.stages.entities.story import StoryMap


def test_caption_opening_on_its_photo_credit_is_not_story() -> None:
    """A line starting 'The Canadian Press Jane Roe attends ...' is a caption; 'The Canadian Press reported' is not."""
    text = "Lead line.\nThe Canadian Press Jane Roe attends a ceremony.\nThe Canadian Press reported it."
    story = StoryMap(text)
    assert not story.is_story(text.index("Jane"))
    assert story.is_story(text.index("reported"))


def test_closing_author_note_after_a_link_is_not_story() -> None:
    """'https://x.org/a/ Jane Roe is a writer ...' at the end of the text is an author note."""
    text = "Body text here. Buyers can see https://x.org/a/ Jane Roe is a Toronto-based writer."
    assert not StoryMap(text).is_story(text.index("Jane"))


def test_nationality_and_position_words_are_cut_off_a_full_name(nlp: Language) -> None:
    """'Spaniard Luis Mora' and 'Reliever Mark Acre' name Luis Mora and Mark Acre; 'Belgian Mora' keeps two words."""
    words = str.split("Spaniard Luis Mora beat Reliever Mark Acre and Belgian Mora .")
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label="PERSON") for s, e in ((0, 3), (4, 7), (8, 10))]
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Luis Mora", "Mark Acre", "Belgian Mora"]


def _mention_labels(nlp: Language, text: str, people: list[tuple[int, int]]) -> list[str]:
    """The labels the mentions step gives to these token ranges, each handed to it as a PERSON."""
    doc = nlp(text)
    doc.ents = [Span(doc, start, end, label="PERSON") for start, end in people]
    return [m.label for e in doc.ents if (m := mention_of(e, text)) is not None]


def test_a_person_named_right_after_the_is_a_body_unless_it_leads_a_case(nlp: Language) -> None:
    """'the Kinder Morgan pipeline' names a body; 'the Marc Roe case' still names a person."""
    text = "They opposed the Kinder Morgan pipeline over the Marc Roe case ."
    assert _mention_labels(nlp, text, [(3, 5), (8, 10)]) == ["ORG", "PERSON"]


def test_a_person_named_right_after_a_body_noun_is_a_body(nlp: Language) -> None:
    """'the Dutch club Ajax Amsterdam' names a body; 'Jamaican rival Merlene Ottey' still names a person."""
    text = "He joined the Dutch club Ajax Amsterdam , beating his rival Merlene Ottey ."
    assert _mention_labels(nlp, text, [(5, 7), (11, 13)]) == ["ORG", "PERSON"]


def test_bylines_and_credit_lines_in_their_common_forms_are_not_story() -> None:
    """'Story by', 'Name — Outlet', 'Name | Outlet', 'Name for the Star' and 'Credit: Name' are not story."""
    lines = [
        "Story by Jane Roe",
        "Jane Roe — The Canadian Press",
        "Jane Roe | Reuters",
        "Jane Roe for the Star",
        "Jane Roe | CBC News | Posted: May 3, 2019",
        "Sandbags line a street on Thursday. THE CANADIAN PRESS/Jane Roe",
    ]
    for line in [*lines, "Credit: Jane Roe"]:
        text = f"Lead story text here.\n{line}\nMore story."
        assert not StoryMap(text).is_story(text.index("Jane"))
    text = "Lead story text here.\nJane Roe, who said it was fine, left.\nMore story."
    assert StoryMap(text).is_story(text.index("Jane"))


def test_a_person_whose_name_starts_a_body_name_in_the_article_is_that_body() -> None:
    """'Niugini Mining' beside 'Niugini Mining Ltd' joins the company; a speaking 'Jane Roe' stays a person."""
    firm = [Mention(0, 14, "Niugini Mining", "Niugini Mining", "PERSON")]
    body = [Mention(20, 38, "Niugini Mining Ltd", "Niugini Mining Ltd", "ORG")]
    roe = [Mention(40, 48, "Jane Roe", "Jane Roe", "PERSON", speaks=True)]
    roe_body = [Mention(50, 71, "Jane Roe Foundation", "Jane Roe Foundation", "ORG")]
    found = {c.name: c.label for c in cluster(firm + body + roe + roe_body)}
    assert "Niugini Mining" not in found
    assert found["Niugini Mining Ltd"] == "ORG"
    assert found["Jane Roe"] == "PERSON"


def test_names_in_a_team_result_row_are_bodies_but_their_scorers_are_people(nlp: Language) -> None:
    """In 'Ajax Amsterdam 1 ( Frank Roe 30th ) Sparta Rotterdam 0' the teams are bodies, the scorer a person."""
    text = "Ajax Amsterdam 1 ( Frank Roe 30th ) Sparta Rotterdam 0"
    doc = nlp(text)
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 4, 6, label="PERSON"),
        Span(doc, 8, 10, label="PERSON"),
    ]
    labels = [m.label for e in doc.ents if (m := mention_of(e, text)) is not None]
    assert labels == ["ORG", "PERSON", "ORG"]


def test_without_lead_drops_a_leading_role_or_nationality_of_a_full_name() -> None:
    """'Spokesman Glyn Davies' -> 'Glyn Davies'; 'American Dennis Roe' -> 'Dennis Roe'; 'Cook Hana' stays."""
    assert without_lead("Spokesman Glyn Davies") == "Glyn Davies"
    assert without_lead("American Dennis Roe") == "Dennis Roe"
    assert without_lead("Cook Hana") == "Cook Hana"


def test_a_person_described_near_the_end_with_more_story_after_is_story() -> None:
    """'Roe is the third player to withdraw' followed by more story lines is not a closing author note."""
    text = "Lead line here.\nRoe is the third player to withdraw.\nQueen Mara Lind will not play either."
    story = StoryMap(text)
    assert story.is_story(text.index("Roe"))
    assert story.is_story(text.index("Mara"))


def test_an_office_before_a_lone_name_marks_a_person(nlp: Language) -> None:
    """'Queen Aishra' and 'Prince Olaf' are people named once; 'private Ihlas agency' gives no cue."""
    text = "Queen Aishra met Prince Olaf near the private Ihlas agency ."
    doc = nlp(text)
    doc.ents = [Span(doc, s, s + 1, label="PERSON") for s in (1, 4, 8)]
    cues = [m.person_cue for e in doc.ents if (m := mention_of(e, text)) is not None]
    assert cues == [True, True, False]
