"""The quotes stage on short texts, one attribution pattern each, and on the seed article."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from tests.conftest import EVAL_DIR
from worker.evaluation.quote_scoring import normalise
from worker.models import Quote
from worker.stages import entities, quotes
from worker.stages.base import ParsedArticle
from worker.stages.quotes.genders import genders
from worker.stages.quotes.marks import is_title
from worker.stages.quotes.people import MentionIndex, index_people
from worker.stages.quotes.speakers import Resolver

Parse = Callable[[str], ParsedArticle]
Row = tuple[str, str, str | None, str | None, str | None]


def run(parse_text: Parse, text: str) -> list[Quote]:
    """The quotes stage after the entities stage, as the pipeline runs them."""
    parsed = parse_text(text)
    return quotes.STAGE.run(parsed, {"entities": entities.STAGE.run(parsed, {})})


def rows(parse_text: Parse, text: str) -> list[Row]:
    """Each quote as (text, type, speaker, speaker mention, cue)."""
    return [
        (
            q.text,
            q.type,
            q.speaker,
            q.speaker_span.text if q.speaker_span else None,
            q.cue.text if q.cue else None,
        )
        for q in run(parse_text, text)
    ]


def test_quote_then_said_name_is_direct_with_the_name(parse_text: Parse) -> None:
    """'"...," said X' gives a direct quote, marks included, spoken by X."""
    text = '"We will not back down," said Maria Lopez.'
    assert rows(parse_text, text) == [
        ('"We will not back down,"', "direct", "Maria Lopez", "Maria Lopez", "said")
    ]


def test_colon_after_the_speaker_introduces_a_direct_quote(parse_text: Parse) -> None:
    """'X said: "..."' attributes the quote to X."""
    text = 'Maria Lopez said: "We will not back down."'
    assert rows(parse_text, text) == [
        ('"We will not back down."', "direct", "Maria Lopez", "Maria Lopez", "said")
    ]


def test_quote_offsets_cover_the_marks(parse_text: Parse) -> None:
    """start and end index the quoted words with their marks in the article text."""
    text = 'Maria Lopez said: "We will not back down."'
    quote = run(parse_text, text)[0]
    assert (quote.start, quote.end, text[quote.start : quote.end]) == (18, 42, '"We will not back down."')


def test_pronoun_speaker_resolves_to_the_person_named_before(parse_text: Parse) -> None:
    """'she said' is the woman named in the sentence before."""
    text = 'Maria Lopez met the board on Monday.\n"We will not back down," she said.'
    assert rows(parse_text, text) == [('"We will not back down,"', "direct", "Maria Lopez", "she", "said")]


def test_partial_name_resolves_to_the_full_name(parse_text: Parse) -> None:
    """'Lopez said' is Maria Lopez."""
    text = 'Maria Lopez met the board on Monday.\n"We will not back down," Lopez said.'
    assert rows(parse_text, text) == [('"We will not back down,"', "direct", "Maria Lopez", "Lopez", "said")]


def test_role_noun_resolves_to_the_person_introduced_with_that_role(parse_text: Parse) -> None:
    """'the minister said' is the person introduced as Foreign Minister."""
    text = 'Foreign Minister Maria Lopez arrived on Monday.\n"Nothing is agreed," the minister said.'
    assert rows(parse_text, text) == [
        ('"Nothing is agreed,"', "direct", "Maria Lopez", "the minister", "said")
    ]


def test_of_two_people_with_the_role_the_one_named_nearest_speaks(parse_text: Parse) -> None:
    """Two coaches: 'the coach said' is the one the sentence before named, not the one introduced last."""
    text = (
        "Head coach Dana Whitlock praised her young team.\n"
        "Visiting coach Ruth Ambrose was blunt about the loss.\n"
        "Later, Whitlock said she would keep the same line-up on Friday.\n"
        '"They earned it," the coach said.'
    )
    assert [q.speaker for q in run(parse_text, text) if q.type == "direct"] == ["Dana Whitlock"]


def test_a_noun_in_a_clause_of_a_description_is_not_the_persons_role(parse_text: Parse) -> None:
    """'a lawyer with Fairhome, which represents the groups' does not make her the 'groups' who argue."""
    text = (
        "Tenant groups filed the suit in court on Tuesday, arguing the city broke the law.\n"
        '"The city cannot ignore its own bylaw," said Dana Pruitt, a lawyer with Fairhome, which represents '
        "the groups."
    )
    found = run(parse_text, text)
    assert [(q.type, q.speaker) for q in found] == [
        ("indirect", "Tenant groups"),
        ("direct", "Dana Pruitt"),
    ]


def test_the_owner_in_a_persons_description_is_not_the_persons_role(parse_text: Parse) -> None:
    """'Dana Pruitt, the union's business manager' does not make her 'the union' that speaks."""
    text = (
        "The union representing bus drivers, Transit Workers Local 113, says buses were late 400 times.\n"
        '"We see this every day," said Dana Pruitt, the union\'s business manager.\n'
        "The union said it would file a grievance."
    )
    body = "Transit Workers Local"
    assert [q.speaker for q in run(parse_text, text)] == [body, "Dana Pruitt", body]


def test_a_body_noun_speaks_for_the_body_not_for_a_person_titled_with_it(parse_text: Parse) -> None:
    """'police say' is the police, not the 'police spokesperson' named later."""
    text = (
        "A man has been charged with murder after his roommate was found dead, police say.\n"
        "Police spokesperson Carolyn Brandt said investigators are not looking for other suspects."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["police", "Carolyn Brandt"]


def test_an_unnamed_speaker_described_with_of_keeps_the_whole_description(parse_text: Parse) -> None:
    """'one veteran of the road crews' is that person, not 'the bridge projects'; 'most of them' is
    a group of them, not nobody; 'a spokesperson for the Acme Corporation' still speaks for the firm."""
    text = (
        "The work is behind schedule, said one veteran of the road crews.\n"
        "Most of the residents said they would stay.\n"
        "A spokesperson for the Acme Corporation said the plant will close in May."
    )
    assert [q.speaker for q in run(parse_text, text)] == [
        "one veteran of the road crews",
        "Most of the residents",
        "Acme Corporation",
    ]


def test_she_bound_to_the_one_woman_named_in_her_sentence_carries_her_name_on(parse_text: Parse) -> None:
    """'As for Dana Whitlock, she said ...': that she is Whitlock, and so is the next she, not the woman
    who spoke before; a name that only owns something ("after Doe's speech, she said") binds nothing."""
    text = (
        "Ruth Ambrose, a nurse, said the cuts were unfair.\n"
        'As for Dana Whitlock, she said she would keep fighting. "We are not done," she said.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Ruth Ambrose", "Dana Whitlock", "Dana Whitlock"]
    owner = (
        "Ruth Ambrose, a nurse, said the cuts were unfair.\n"
        'After Dana Whitlock\'s speech, she said she would keep fighting. "We are not done," she said.'
    )
    assert [q.speaker for q in run(parse_text, owner)] == ["Ruth Ambrose", "Ruth Ambrose", "Ruth Ambrose"]


def test_the_judge_is_the_person_introduced_as_justice(parse_text: Parse) -> None:
    """'the judge said' after 'Justice Maureen Forestell' is Forestell, not the last speaker."""
    text = (
        "Justice Maureen Forestell of the Superior Court said the attack was senseless.\n"
        '"He never got to meet his grandson," the victim\'s daughter, Sandra Pike, wrote.\n'
        "The judge said the illness was a factor but did not excuse the crime."
    )
    assert [q.speaker for q in run(parse_text, text)] == [
        "Maureen Forestell",
        "Sandra Pike",
        "Maureen Forestell",
    ]


def test_she_after_an_unnamed_woman_described_as_one_is_her(parse_text: Parse) -> None:
    """'One victim, an 81-year-old widow, wrote ... "I have nothing left," she wrote': the widow, not the
    prosecutor named before her."""
    text = (
        'Crown prosecutor Ashley Dickson said the accused "targeted seniors."\n'
        "One victim, an 81-year-old widow, wrote in her statement that she had to sell her house. "
        '"I have nothing left," she wrote.'
    )
    assert [q.speaker for q in run(parse_text, text)][-1] == "One victim"


def test_a_quote_with_no_cue_after_a_sentence_about_a_person_is_theirs(parse_text: Parse) -> None:
    """'Mayor Dawn Arnold was blunt. "..."' is Arnold's; so is a later one after 'Arnold did not back
    down.', not the councillor's who spoke in between."""
    text = (
        'Mayor Dawn Arnold was blunt. "This is unacceptable. Families deserve clean water."\n'
        'Councillor Paulette Theriault disagreed with the call. "An inquiry will take years," she said.\n'
        'Arnold did not back down. "We need answers, not excuses."'
    )
    found = [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)]
    assert found == [
        ("Dawn Arnold", "Mayor Dawn Arnold"),
        ("Paulette Theriault", "she"),
        ("Dawn Arnold", "Arnold"),
    ]


def test_a_story_sentence_the_parser_hangs_on_a_quotes_verb_is_no_indirect_quote(parse_text: Parse) -> None:
    """'Her husband drove her at 5 a.m. "He never complains," she said': the parser makes "drove" the
    complement of "said" across the quote, but only the quote is what she said."""
    text = 'Her husband, Glen, drove her to the hospital at 5 a.m. "He never complains," she said.'
    assert [q.type for q in run(parse_text, text)] == ["direct"]


def test_someone_elses_relative_speaks_as_described_not_as_the_last_speaker(parse_text: Parse) -> None:
    """'The boy's father told the Herald ...', then '"...," the father said': the boy's father both times,
    not the association president who spoke before."""
    text = (
        'Hockey Canada president Tom Renney said: "Our thoughts are with the player."\n'
        "The boy's father told the Calgary Herald that his son is recovering in hospital. "
        '"He can move his legs," the father said.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Tom Renney", "boy's father", "boy's father"]


def test_they_after_a_plural_subject_is_that_group_not_the_last_speaker(parse_text: Parse) -> None:
    """'Public health officials are trying to reach passengers. They say ...': the officials, not the
    doctor who spoke before."""
    text = (
        '"Measles is very contagious," Dr. Robert Strang told reporters.\n'
        "Public health officials are trying to reach passengers who sat near the person. "
        "They say symptoms can take up to 21 days to appear."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Robert Strang", "Public health officials"]


def test_she_is_never_a_man_whose_given_name_says_he(parse_text: Parse) -> None:
    """With no woman named, 'she said' is left unknown rather than given to 'the poet Steven Price'."""
    text = (
        "The novelist won the prize for her third book.\n"
        'Her husband, the poet Steven Price, reads her drafts. "He is my toughest critic," she said.'
    )
    assert [q.speaker for q in run(parse_text, text) if q.type == "direct"] == [None]


def test_words_quoted_as_what_someone_called_something_are_a_mixed_quote(parse_text: Parse) -> None:
    """'Kenney called the plan "a desperate attempt"': a mixed quote of Kenney's, like one after 'said'."""
    text = (
        'Opposition Leader Dana Kenney called the plan "a desperate attempt to distract from her failures."'
    )
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [("mixed", "Dana Kenney")]


def test_the_prime_minister_tagged_as_a_proper_noun_is_the_person_with_that_title(parse_text: Parse) -> None:
    """'the prime minister' in lower case is a role, even where the tagger calls it a proper noun."""
    text = (
        "She said she had been pressured by Prime Minister Dana Whitlock's principal secretary.\n"
        '"I and my staff always acted appropriately and professionally," the prime minister said.'
    )
    assert [q.speaker for q in run(parse_text, text) if q.type == "direct"] == ["Dana Whitlock"]


def test_the_city_speaks_for_itself_not_for_the_mayor_before_it(parse_text: Parse) -> None:
    """'according to the city' is the city, not the mayor who spoke in the sentence before."""
    text = (
        "Mayor Dana Whitlock unveiled a plan to plant trees on Thursday.\n"
        "The plan will cost about $450 million over ten years, according to the city."
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        ("city", "the city")
    ]


def test_she_after_an_unnamed_woman_is_never_a_man_named_before(parse_text: Parse) -> None:
    """No named woman: 'she' is the unnamed woman who spoke ('A woman', not 'A woman who'), not the
    sergeant named before her."""
    text = (
        '"There is no risk to the public," Staff Sgt. Martin Reyes told reporters.\n'
        "A woman who lives on the street said she heard yelling before police arrived. "
        '"It was really loud, and then it just stopped," she said.'
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        ("Martin Reyes", "Staff Sgt. Martin Reyes"),
        ("A woman", "A woman"),
        ("A woman", "she"),
    ]


def test_spokesperson_for_an_organisation_resolves_to_the_organisation(parse_text: Parse) -> None:
    """'a spokesperson for X said that ...' is an indirect quote from X when no person has that role."""
    text = "A spokesperson for the Acme Corporation said the plant will close in May."
    found = run(parse_text, text)
    assert [(q.text, q.type, q.speaker, q.speaker_label) for q in found] == [
        ("the plant will close in May", "indirect", "Acme Corporation", "ORG")
    ]


def test_according_to_gives_an_indirect_quote(parse_text: Parse) -> None:
    """'According to X, ...' reports X's words without marks."""
    text = "According to Maria Lopez, the talks will resume next week."
    assert rows(parse_text, text) == [
        ("the talks will resume next week", "indirect", "Maria Lopez", "Maria Lopez", "According to")
    ]


def test_said_that_gives_an_indirect_quote(parse_text: Parse) -> None:
    """'X said that ...' is indirect speech: the reported clause is the quote."""
    text = "Maria Lopez said that the talks will resume next week."
    assert rows(parse_text, text) == [
        ("that the talks will resume next week", "indirect", "Maria Lopez", "Maria Lopez", "said")
    ]


def test_dash_attribution_names_the_speaker(parse_text: Parse) -> None:
    """'"..." — X' attributes the quote to X with the dash as cue."""
    text = '"We will not back down." — Maria Lopez'
    assert rows(parse_text, text) == [
        ('"We will not back down."', "direct", "Maria Lopez", "Maria Lopez", "—")
    ]


def test_fragment_inside_reported_speech_is_mixed_and_apostrophes_do_not_break_it(parse_text: Parse) -> None:
    """A quoted fragment with apostrophes inside 'X said ...' is one mixed quote over its reported clause."""
    text = "Maria Lopez said the union's plan \"isn't finished yet, and we won't stop,\" and left."
    assert rows(parse_text, text) == [
        (
            "the union's plan \"isn't finished yet, and we won't stop,\"",
            "mixed",
            "Maria Lopez",
            "Maria Lopez",
            "said",
        )
    ]


def test_two_fragments_in_one_reported_clause_are_one_mixed_quote(parse_text: Parse) -> None:
    """Two marked fragments of one reported clause make one mixed quote: the clause, marks included."""
    text = 'Maria Lopez said the plan was "too late" and "far too costly" for the town.'
    found = run(parse_text, text)
    assert [(q.text, q.start, q.end, q.type, q.speaker) for q in found] == [
        ('the plan was "too late" and "far too costly" for the town', 17, 74, "mixed", "Maria Lopez"),
    ]


def test_a_fragment_beside_according_to_spans_its_sentence_without_the_phrase(parse_text: Parse) -> None:
    """'According to X, ... "fragment" ...' is a mixed quote over the sentence, less the phrase and full stop."""
    text = 'According to the report, the plan was "too late" for the town.'
    assert [(q.text, q.type) for q in run(parse_text, text)] == [
        ('the plan was "too late" for the town', "mixed")
    ]


def test_a_mixed_quotes_clause_stops_at_a_direct_quote_beside_it(parse_text: Parse) -> None:
    """'X said it was "dead," adding: "..."': the mixed clause ends where the direct quote begins."""
    text = 'Maria Lopez said the plan was "dead," adding: "We will not go back."'
    found = run(parse_text, text)
    assert [(q.text, q.type) for q in found] == [
        ('the plan was "dead,"', "mixed"),
        ('"We will not go back."', "direct"),
    ]


def test_single_marks_nested_in_double_marks_stay_inside_the_quote(parse_text: Parse) -> None:
    """'never again' in single marks is part of the outer double-marked quote."""
    text = "\"He told me 'never again' and walked out,\" said Maria Lopez."
    assert rows(parse_text, text) == [
        ("\"He told me 'never again' and walked out,\"", "direct", "Maria Lopez", "Maria Lopez", "said")
    ]


def test_curly_marks_are_quotes_too(parse_text: Parse) -> None:
    """Curly marks work like straight ones, the curly apostrophe in a word included."""
    text = "“We won’t back down,” said Maria Lopez."
    assert rows(parse_text, text) == [
        ("“We won’t back down,”", "direct", "Maria Lopez", "Maria Lopez", "said")
    ]


def test_quote_over_two_paragraphs_shares_the_closing_attribution(parse_text: Parse) -> None:
    """A paragraph opening a mark it never closes continues into the next quoted paragraph, same speaker."""
    text = 'Maria Lopez spoke first.\n"The plan is late.\n"It will cost more," she said.'
    assert rows(parse_text, text) == [
        ('"The plan is late.', "direct", "Maria Lopez", "she", "said"),
        ('"It will cost more,"', "direct", "Maria Lopez", "she", "said"),
    ]


def test_unattributed_quote_after_a_speakers_quote_is_theirs(parse_text: Parse) -> None:
    """A quote with no attribution right after X's quote is X's, with X's mention and no cue."""
    text = '"We will not back down," Maria Lopez said.\n"Nobody asked us."'
    assert rows(parse_text, text) == [
        ('"We will not back down,"', "direct", "Maria Lopez", "Maria Lopez", "said"),
        ('"Nobody asked us."', "direct", "Maria Lopez", "Maria Lopez", None),
    ]


def test_unclosed_final_quote_runs_to_the_end_of_its_paragraph(parse_text: Parse) -> None:
    """A mark never closed degrades to a quote up to the paragraph's end; the article still goes through."""
    text = 'Tom Baker arrived late.\n"The vote was rigged, Baker said.\nThe count resumed on Friday.'
    assert rows(parse_text, text) == [('"The vote was rigged, Baker said.', "direct", None, None, None)]


def test_read_more_lines_are_not_quotes(parse_text: Parse) -> None:
    """A 'READ MORE:' link to another story is not this article's speech."""
    assert rows(parse_text, 'READ MORE: Lopez says "no deal" on talks\nThe talks ended.') == []


def test_scare_quotes_without_a_reporting_verb_are_not_quotes(parse_text: Parse) -> None:
    """A marked word in narration, with nobody reported as saying it, is left out."""
    assert rows(parse_text, 'The so-called "waves" in the jet stream push warm air north.') == []


def test_a_title_named_in_reported_speech_is_not_a_mixed_quote(parse_text: Parse) -> None:
    """A show's title in marks beside a reporting verb is a name, not speech; the fragment after it is a quote."""
    text = 'Maria Lopez told "Fox and Friends" the plan was "far too late" for the town.'
    assert rows(parse_text, text) == [
        ('the plan was "far too late" for the town', "mixed", "Maria Lopez", "Maria Lopez", "told")
    ]


@pytest.mark.parametrize(
    ("passage", "title"),
    [
        ("Meet the Press,", True),
        ("Make America Great Again", True),
        ("Sanity.", True),
        ("Disgraceful!", False),
        ("very exciting,", False),
        ("the Apprentice", False),
        ("$5 billion.", False),
    ],
)
def test_a_passage_is_a_title_when_every_word_but_small_ones_is_capitalised(
    passage: str, title: bool
) -> None:
    """Title case without '!' or '?' marks a title or a name; speech has lower-case words or exclaims."""
    assert is_title(passage) is title


@pytest.mark.parametrize(
    "text", ['"', "'", '"""', "“”", "It's 'odd", 'He said "', '— "x" —', "said.", '"a\n\n"b" said she']
)
def test_odd_marks_never_raise(parse_text: Parse, text: str) -> None:
    """Stray marks and apostrophes degrade per quote, never abort the article."""
    assert isinstance(run(parse_text, text), list)


def test_seed_article_quotes_are_all_found_with_acceptable_speakers(
    parse_text: Parse, seed_text: str
) -> None:
    """Every hand-made gold quote of the seed is inside a predicted quote whose speaker is acceptable."""
    gold_path = EVAL_DIR / "seed_gold.json"
    if not gold_path.is_file():
        pytest.skip(f"no seed gold at {gold_path}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    found = run(parse_text, seed_text)
    for q in gold["quotes"]:
        covering = [p for p in found if p.start <= q["start"] and q["end"] <= p.end]
        assert len(covering) == 1, q["quote"]
        assert normalise(covering[0].speaker) in {normalise(s) for s in q["speaker_accept"]}, q["quote"]
    assert not [p for p in found if "READ MORE" in seed_text[max(0, p.start - 60) : p.start]]


def test_transcript_line_names_its_speaker_by_the_capitalised_label(parse_text: Parse) -> None:
    """A quoted transcript line opening with 'LOPEZ:' is spoken by the Lopez named in the article."""
    text = 'Maria Lopez spoke to the host on Sunday.\n"LOPEZ: We will not back down."'
    assert rows(parse_text, text) == [
        ('"LOPEZ: We will not back down."', "direct", "Maria Lopez", "LOPEZ", ":")
    ]


def test_relative_pronoun_is_the_mention_and_its_noun_the_speaker(parse_text: Parse) -> None:
    """In 'X, who said ...' the mention is 'who' and the speaker is X."""
    text = "The plan was backed by Maria Lopez, who said the talks will resume next week."
    assert rows(parse_text, text) == [
        ("the talks will resume next week", "indirect", "Maria Lopez", "who", "said")
    ]


def test_definite_role_noun_refers_to_the_recent_subject(parse_text: Parse) -> None:
    """'The 26-year-old forward said' is the person who was the subject just before."""
    text = (
        '"We played well," Maria Lopez said.\n'
        "Sam Novak has four goals this week. The 26-year-old forward said the team is improving."
    )
    assert [(q.text, q.speaker) for q in run(parse_text, text)] == [
        ('"We played well,"', "Maria Lopez"),
        ("the team is improving", "Sam Novak"),
    ]


def test_definite_role_noun_refers_to_its_indefinite_introduction(parse_text: Parse) -> None:
    """'the official' after 'a justice official said' is that unnamed official, named by the first phrase."""
    text = (
        '"Most requests succeed," a justice official said on Monday.\n"They take months," the official said.'
    )
    assert [(q.text, q.speaker) for q in run(parse_text, text)] == [
        ('"Most requests succeed,"', "a justice official"),
        ('"They take months,"', "a justice official"),
    ]


def test_pronoun_group_with_words_is_spoken_by_the_phrase(parse_text: Parse) -> None:
    """'Some in the village say ...' is spoken by the group the phrase names."""
    text = "Some in the village say the road has been closed for months."
    assert [(q.type, q.speaker, q.speaker_label) for q in run(parse_text, text)] == [
        ("indirect", "Some in the village", None)
    ]


def test_two_people_named_as_one_subject_speak_together(parse_text: Parse) -> None:
    """In 'Jane and John Doe said ...' the speaker is both names, not the first alone."""
    text = "Maria Lopez and Daniel Chen said the bridge will reopen in March."
    assert rows(parse_text, text) == [
        (
            "the bridge will reopen in March",
            "indirect",
            "Maria Lopez and Daniel Chen",
            "Maria Lopez and Daniel Chen",
            "said",
        )
    ]


def test_speaker_after_a_run_on_quote_is_the_subject_nearest_the_verb(parse_text: Parse) -> None:
    """A long quote the parser splits hangs a second subject on 'said': the name beside the verb speaks."""
    text = (
        "Support grew.\n\n"
        '"She would be a fine judge. Not good, great. One of the sharpest minds of the whole bench," '
        "Rep. Jane Q. Doe (D-Ore.) said in an interview."
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        ("Jane Q. Doe", "Rep. Jane Q. Doe")
    ]


def test_speaker_mention_does_not_start_with_the_closing_mark(parse_text: Parse) -> None:
    """The closing mark the parser attaches to the name after a quote is not part of the mention."""
    text = (
        "Not everyone agreed.\n\n"
        '"Really dislike this framing of the vote (for the council) that puts the blame on young folks," '
        "Paul R. Smith II, a writer for The Review, said online."
    )
    found = run(parse_text, text)
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in found] == [
        ("Paul R. Smith II", "Paul R. Smith II")
    ]


def test_colon_quote_after_and_said_clause_is_spoken_by_the_sentence_subject(parse_text: Parse) -> None:
    """'X praised "..." and said she has ...: "..."' — the subject of the clause after 'said' is not the speaker."""
    text = (
        'Maria Lopez praised the "Harbour Plan" backed by the council and said she has the key '
        'quality for the job: "Patience, and a lot of it."'
    )
    speakers = {q.text: q.speaker for q in run(parse_text, text)}
    assert speakers['"Patience, and a lot of it."'] == "Maria Lopez"


def test_verb_without_a_subject_takes_the_subject_of_the_verb_it_hangs_on(parse_text: Parse) -> None:
    """'X said ..., going on to say "...": the fragment is X's."""
    text = 'Maria Lopez said the plan works, going on to say the town "needs it more than ever."'
    assert [(q.type, q.speaker) for q in run(parse_text, text)][-1] == ("mixed", "Maria Lopez")


def test_surname_spacy_labels_an_organisation_is_still_the_person_for_pronouns(parse_text: Parse) -> None:
    """spaCy calls the second 'Smith-Raybould' an ORG; as the entities stage's person she is who 'she' is."""
    text = (
        "Jody Smith-Raybould resigned. In March, she was moved to another ministry. "
        "Mark Doe, a retired tax lawyer, now holds the post.\n\n"
        "After Smith-Raybould was moved, she said the office had pressed her.\n\n"
        '"Courts must stay independent of politics," she said.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Jody Smith-Raybould", "Jody Smith-Raybould"]


def test_statement_sent_by_a_person_speaks_for_them_and_he_is_them_after(parse_text: Parse) -> None:
    """'A statement e-mailed by X said "..."' is X's; a following 'he replied' is X too."""
    text = (
        "Judge Sean Doe criticised the board on Friday.\n\n"
        "A statement sent to reporters by Reagan Smith, a board member since May, said "
        '"the radio station accepts the ruling." Asked about the judge, he replied the board '
        'would "comment again on Monday."'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Reagan Smith", "Reagan Smith"]


def test_the_report_speaks_for_who_wrote_it_earlier(parse_text: Parse) -> None:
    """'X wrote in a report for Y ... the report said' is X's: the writer, not who the report was for."""
    text = (
        '"Road budgets have not delivered the growth promised," economist Philip Doe wrote in a new report '
        "for the Example Institute.\n\n"
        "Over five years, bridge repairs rose by only 3 per cent a year, the report said."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Philip Doe", "Philip Doe"]


@pytest.mark.parametrize(
    "opening",
    [
        "According to Statistics Canada’s public database,",
        "According to the latest numbers from Statistics Canada,",
    ],
)
def test_figures_speak_for_the_body_they_come_from(parse_text: Parse, opening: str) -> None:
    """A database or figures attributed with a possessive or 'from X' are the body's."""
    text = f"{opening} the town's population grew by four per cent last year."
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [("indirect", "Statistics Canada")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            'Maria Lopez said she recalled telling herself, "Nobody in this room is listening to me at all."',
            "direct",
        ),
        ('Maria Lopez said she noted that the plan was "far too late for the town."', "mixed"),
    ],
)
def test_quote_under_x_said_she_recalled_is_attributed_to_the_named_outer_subject(
    parse_text: Parse, text: str, kind: str
) -> None:
    """'X said she recalled ...': the mention is X, not the pronoun of the inner verb."""
    assert [
        (q.type, q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)
    ][-1] == (kind, "Maria Lopez", "Maria Lopez")


def test_name_signing_an_embedded_post_is_not_who_a_pronoun_means(parse_text: Parse) -> None:
    """ "— Jane Roe (@JaneRoe) March 3, 2021" signs a tweet; 'he said' after it is the earlier speaker."""
    text = (
        "Andrew Doe said the party had learned from its mistakes.\n\n"
        "Whenever you show up to argue, you are rude. Try it, but you won’t. Coward. "
        "https://t.co/xY7abQ12 — Laura Brennan (@LauraBrennan) March 3, 2021\n\n"
        "“When we’re the targets of rude words and attacks it’s naturally going to bring a reply,” he said."
    )
    assert [q.speaker for q in run(parse_text, text)][-1] == "Andrew Doe"


def test_dateline_parsed_as_subject_is_not_the_speaker(parse_text: Parse) -> None:
    """'BOSTON -- Mayor Jane Doe, opening the bridge on Monday, said ...': the mayor speaks, not the city."""
    text = (
        "Doe Says New Bridge Will Ease Traffic\n\n"
        "BOSTON -- Mayor Jane Doe, opening the harbour bridge on Monday, said it would cut commutes by a "
        "third for the whole region."
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)][
        -1
    ] == (
        "Jane Doe",
        "Mayor Jane Doe",
    )


def test_named_speaker_with_an_appositive_and_a_day_after_the_verb(parse_text: Parse) -> None:
    """'"...," Doe, a senior adviser, said Monday on "Morning Show."': Doe speaks, also in the next quote."""
    text = (
        "Jane Doe praised the plan.\n\n"
        '"It is the right call. There is a real gap between the council and frankly the residents," '
        'Doe, a senior adviser, said Monday morning on Radio One’s "Morning Show." '
        '"I mean, people are tired of waiting."'
    )
    assert {q.speaker for q in run(parse_text, text) if q.type == "direct"} == {"Jane Doe"}


def test_fragment_keeps_its_reporting_verb_over_a_plain_verb_after_it(parse_text: Parse) -> None:
    """'X told the panel he was "firmly against the plan" because it hurt ...': X, not 'it'."""
    text = 'Maria Lopez told the panel she was "firmly against the new tower" because it blocked the view.'
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [("mixed", "Maria Lopez")]


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (
            "Trail Riders Canada, the group that organised Sunday's ride, opposes the plan.",
            "Trail Riders Canada",
        ),
        ("Analysts at software firm Northwind Systems studied the outage.", "Northwind Systems"),
    ],
)
def test_definite_body_noun_speaks_for_the_organisation_introduced_with_it(
    parse_text: Parse, opening: str, body: str
) -> None:
    """'X, the group that ...' then 'the group says': the group is X."""
    noun = "group" if "group" in opening else "firm"
    text = f"{opening}\n\nThe {noun} says hikers and cyclists were never asked about the new road."
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [("indirect", body)]


def test_strongly_gendered_given_name_outweighs_a_stray_pronoun(parse_text: Parse) -> None:
    """'She' after 'Lowry said' is the victim; Tim Lowry is still who 'he said' means."""
    text = (
        "Prosecutor Tim Lowry said the suspect, Dan Ross, fled in a truck.\n\n"
        "The woman was found in the kitchen, Lowry said. She was taken to hospital, where she died.\n\n"
        "“This looks like a very serious case,” he said."
    )
    assert [q.speaker for q in run(parse_text, text)][-1] == "Tim Lowry"


def test_phrase_before_said_is_not_its_subject(parse_text: Parse) -> None:
    """'X called it "wrong" and in a short written reply said ...': the reply is how, X is who."""
    text = "Jane Doe called the claim “wrong” on Monday and in a carefully phrased reply said she never gave orders."
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [
        ("mixed", "Jane Doe"),
        ("indirect", "Jane Doe"),
    ]


def test_participle_after_x_said_takes_x_and_never_its_object(parse_text: Parse) -> None:
    """'"...," Lopez said, suggesting a few questions, including, "..."': Lopez, not 'a few questions'."""
    text = (
        '"The voters do not agree with the mayor," Lopez said, suggesting a few questions, including, '
        '"Mr. Mayor, do you really think that the town needs a new stadium? What is your basis for that?"'
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        ("Lopez", "Lopez"),
        ("Lopez", "Lopez"),
    ]


def test_paragraph_ending_in_a_colon_after_a_named_maker_introduces_the_quote(parse_text: Parse) -> None:
    """'On May 2, Lopez made the following remark:' then a quoted paragraph: Lopez speaks."""
    text = (
        "Two statements on youth jobs were judged very differently.\n\n"
        "On May 2, 2019, Maria Lopez made the following remark:\n\n"
        "“For young people who left school early, the jobless rate is 33 percent. For graduates it is 9 percent.”"
    )
    assert [(q.type, q.speaker) for q in run(parse_text, text)] == [("direct", "Maria Lopez")]


def test_names_described_by_a_role_noun_speak_not_the_role(parse_text: Parse) -> None:
    """'actors and spouses Jane Roe and John Doe ... tell stories about "firsts"': the two named people."""
    text = (
        "So how about we have actors and spouses Jane Roe and John Doe greet the guests at the theatre "
        "and tell stories about the first time John “fell in love”?"
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Jane Roe and John Doe"]


def test_role_noun_a_name_was_apposed_to_resolves_to_that_person(parse_text: Parse) -> None:
    """'the coach, X' introduces X by the role; a later 'the coach said' is X, not the last person named."""
    text = (
        "The team's new coach, Daniel Moreau, met the players on Monday. Striker Paul Brandt missed it.\n\n"
        '"We start from zero," the coach said.'
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        ("Daniel Moreau", "the coach")
    ]


def test_she_after_his_wife_and_her_first_name_is_the_wife(parse_text: Parse) -> None:
    """'his wife, Jane' makes Jane a woman (over the 'him' after her), so 'she said' is Jane, not Hale."""
    text = (
        "Senator Robert Hale spoke in Ohio on Monday. His wife, Jane, stood beside him. Hale thanked the crowd."
        '\n\n"We will keep going," she said.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Jane"]


def test_mr_and_mrs_with_one_surname_are_the_man_and_the_woman(parse_text: Parse) -> None:
    """'Mrs. Hale' is Mary Hale and 'Mr. Hale' Robert Hale, however the entities stage grouped the surname."""
    text = (
        "Robert Hale runs a farm with Mary Hale, his wife.\n\n"
        '"The rain came late," Mrs. Hale said. "We lost the corn," Mr. Hale said.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Mary Hale", "Robert Hale"]


def test_a_pronoun_no_subject_agrees_with_is_the_person_named_as_an_object(parse_text: Parse) -> None:
    """'Sarah Mitchell met John Alvarez ... he said' is Alvarez: agreement outranks being the subject."""
    text = 'Sarah Mitchell met John Alvarez on Monday. "The deal is fair," she said. "I disagree," he said.'
    assert [q.speaker for q in run(parse_text, text)] == ["Sarah Mitchell", "John Alvarez"]


def test_an_age_standing_for_a_person_is_the_recent_subject(parse_text: Parse) -> None:
    """'The 27-year-old said' (an adjective heading the phrase) is the person who was just the subject."""
    text = (
        "Defenceman Mikael Strand signed a three-year deal on Monday. The 27-year-old said he was thrilled."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Mikael Strand"]


def test_a_surname_tagged_as_a_noun_is_still_the_person_a_pronoun_follows(parse_text: Parse) -> None:
    """'Ainslie disagreed. He said ...': a known surname opening a sentence is that person's mention."""
    text = (
        "Mayor John Tory and Councillor Paul Ainslie clashed over the budget on Wednesday. Tory said the city "
        "could not afford new spending. Ainslie disagreed. He said the cuts would hurt seniors."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["John Tory", "Paul Ainslie"]


def test_a_leaning_given_name_outweighs_one_stray_pronoun_but_not_two(parse_text: Parse) -> None:
    """'Chris' leans male: one 'she' after him does not make him a woman; 'she' after each of two mentions does."""
    one = parse_text("Chris Walker arrived late on Monday. She waved from the stage.")
    two = parse_text("Chris Walker arrived late on Monday. She waved. Later Walker sat down and she smiled.")
    found = [genders(p.doc, index_people(p.doc, MentionIndex(entities.STAGE.run(p, {})))) for p in (one, two)]
    assert [f["Chris Walker"] for f in found] == ["m", "f"]


def test_a_bare_surname_after_a_particle_name_is_that_person(parse_text: Parse) -> None:
    """'Hashemi said' is Farid al-Hashemi, the person the entities stage found there."""
    text = "Farid al-Hashemi chairs the water board in Amman. Hashemi said the wells were drying up."
    assert [q.speaker for q in run(parse_text, text)] == ["Farid al-Hashemi"]


def test_a_date_parsed_as_the_subject_gives_way_to_the_person_named_in_it(nlp: Language) -> None:
    """'Saturday at the convention Sen. Dana Whitlock said': when the parser makes the date the subject
    head, the speaker is the person inside the mention, not "Saturday"."""
    words = ["Saturday", "at", "the", "convention", "Sen.", "Dana", "Whitlock", "said", "it", "."]
    heads = [7, 0, 3, 1, 6, 6, 3, 7, 7, 7]
    deps = ["nsubj", "prep", "det", "pobj", "compound", "compound", "appos", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "ADP", "DET", "NOUN", "PROPN", "PROPN", "PROPN", "VERB", "PRON", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    doc.ents = [Span(doc, 0, 1, label="DATE"), Span(doc, 5, 7, label="PERSON")]
    who = Resolver(doc, []).resolve(doc[0:7], doc[8].idx)
    assert who is not None and who.name == "Dana Whitlock"


def test_a_noun_from_a_bodys_name_is_that_body_not_the_last_speaker(parse_text: Parse) -> None:
    """'The academy said' after 'the Canadian Academy of Film' is the academy, not the organizer quoted
    before; 'The Canadian Anti-Fraud Centre said' is the centre, not the nationality inside its name."""
    text = (
        "The Canadian Academy of Film runs the awards. Organizer Sheila Gauthier said tickets go on sale "
        "Friday. The academy said more than 3,000 films were submitted.\n"
        "The Canadian Anti-Fraud Centre said it received 8,000 reports."
    )
    assert [q.speaker for q in run(parse_text, text)] == [
        "Sheila Gauthier",
        "academy",
        "Canadian Anti-Fraud Centre",
    ]


def test_the_woman_is_an_unnamed_woman_who_spoke_before_never_a_man(parse_text: Parse) -> None:
    """After "Another victim ... said she was relieved", "the woman said" is that victim, not Robert, the
    last named speaker; "the family" speaks as the family, not as the last person quoted."""
    text = (
        'Robert Fast testified that his mother sold her home. "He took everything," Fast said.\n'
        "Another victim, who asked not to be named, said she was relieved. "
        '"I never thought I\'d see this day," the woman said.\n'
        "The family has asked that donations be made to the Youth Orchestra."
    )
    assert [q.speaker for q in run(parse_text, text)][-3:] == ["Another victim", "Another victim", "family"]


def test_he_after_a_man_introduced_with_his_age_in_the_sentence_before_is_him(parse_text: Parse) -> None:
    """A new man introduced with his age as the object of a sentence with no person as subject is the one
    a following "he says" means, not the man quoted before him."""
    text = (
        'Retiree Tom Hardy, 73, says the classes changed his life. "I sleep better now," he says.\n'
        "The same lessons also worked for Mississauga accountant Omar Haddad, 50. "
        '"I had tried everything," he says.'
    )
    assert [q.speaker for q in run(parse_text, text)][-1] == "Omar Haddad"


def test_a_shared_surname_saying_she_is_the_woman_of_that_name(parse_text: Parse) -> None:
    """Of Karim Nassar, named first, and his daughter Leila Nassar, "Nassar says she ..." is Leila; a quote
    about "she" is no sign of the speaker's sex."""
    text = (
        "The victims included Karim Nassar, 60, a university professor.\n"
        "For Leila Nassar, Friday is a day she has waited for. "
        "Nassar says she will finally be able to look to the future.\n"
        '"She was the best of us," Karim Nassar once said of his late sister.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Leila Nassar", "Karim Nassar"]


def test_a_works_title_after_its_noun_is_no_quote_and_the_band_speaks_as_the_band(parse_text: Parse) -> None:
    """'its debut album, "Long Way Home," in the spring' names an album: no direct quote of the speaker
    before it; "the band wrote" is the band, not its manager quoted before; "Bassist X" is X."""
    text = (
        "The band's manager, Lisa Okonkwo, said the group had been offered a festival spot.\n"
        'On Instagram, the band wrote: "Thank you to every single person who streamed."\n'
        'Bassist Kim Tran said the band would release its debut album, "Long Way Home," in the spring.'
    )
    assert [(q.speaker, q.type) for q in run(parse_text, text)] == [
        ("Lisa Okonkwo", "indirect"),
        ("band", "direct"),
        ("Kim Tran", "indirect"),
    ]


def test_the_company_after_its_report_is_the_company_the_report_introduced(parse_text: Parse) -> None:
    """ "Software company Lumara has raised $50 million, the company announced" is Lumara speaking: the
    body is introduced with its noun inside the reported clause, before "the company"."""
    text = (
        "Toronto-based software company Lumara has raised $50 million in new funding, the company announced."
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Lumara"]


def test_a_source_introduced_by_role_then_named_in_the_next_sentence_is_that_person(
    parse_text: Parse,
) -> None:
    """ "A spokeswoman for the mayor said ..." then '"...," said Lena Ortiz.' is Lena Ortiz; an anonymous
    "a city official" stays unnamed though a named person speaks next."""
    text = (
        "A spokeswoman for the mayor said the budget would be tabled in March.\n"
        '"We will not raise taxes this year," said Lena Ortiz.\n'
        "A city official said the vote could be delayed.\n"
        '"Nothing is decided," said Marcus Webb, the city manager.'
    )
    assert [q.speaker for q in run(parse_text, text)] == [
        "Lena Ortiz",
        "Lena Ortiz",
        "A city official",
        "Marcus Webb",
    ]


def test_a_quote_continuing_one_whose_speaker_is_unknown_keeps_its_mention(parse_text: Parse) -> None:
    """'"...," she said. "..."' with no one named before "she": the second quote has the same mention."""
    text = (
        'The crowd cheered.\n\n"I shouted before I could stop myself," she said. "It was not planned at all."'
    )
    assert [(q.speaker, q.speaker_span.text if q.speaker_span else None) for q in run(parse_text, text)] == [
        (None, "she"),
        (None, "she"),
    ]


def test_manner_of_speech_verbs_after_a_quote_attribute_it(parse_text: Parse) -> None:
    """ "...," exhorted the host; "...," scoffed Jane Doe: manner-of-speech verbs are reporting verbs."""
    text = (
        '"Get out and vote for change!" exhorted the evening\'s host, actress Mara Lind.\n'
        '"That plan will never pass," scoffed Jane Doe, a council member.'
    )
    assert [q.speaker for q in run(parse_text, text)] == ["Mara Lind", "Jane Doe"]
