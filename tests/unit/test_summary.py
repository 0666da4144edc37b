"""The summary stage: story sentences only, readable openings, whole quotes, settings, exact offsets."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from worker.evaluation.summary import Scored, bootstrap, half_margins, margin_line
from worker.models import Summary
from worker.stages.base import ParsedArticle
from worker.stages.summary import STAGE, centrality, opens_dependent, summarize, units
from worker.stages.summary.units import quote_open

Parse = Callable[..., ParsedArticle]
EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval"

BRIDGE = (
    "A city council voted on Monday to close the old harbour bridge to all traffic. "
    "The bridge has carried cars across the river for more than ninety years. "
    "Engineers found deep cracks in two of its steel supports last month. "
    "Repairs are expected to cost the city about four million dollars."
)


def sentences(parse_text: Parse, text: str, title: str | None = None, **options: object) -> list[str]:
    """The texts of the summary's sentences for `text`."""
    return [s.text for s in summarize(parse_text(text, title, **options), {}).sentences]


def test_bylines_datelines_and_links_are_left_out(parse_text: Parse) -> None:
    """Byline fragments, PUBLISHED/UPDATED stamps and READ MORE links never reach the summary."""
    text = (
        "By . Jane Doe . PUBLISHED: . 11:19 EST, 3 May 2013 . | . UPDATED: . 11:19 EST, 3 May 2013 . "
        "A city council voted on Monday to close the old harbour bridge to all traffic. "
        "READ MORE: Why old bridges fail and what cities can do about it. "
        "The bridge has carried cars across the river for more than ninety years."
    )
    assert sentences(parse_text, text) == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "The bridge has carried cars across the river for more than ninety years.",
    ]


def test_dateline_is_trimmed_from_the_first_sentence(parse_text: Parse) -> None:
    """A "PLACE (Agency) -" dateline is cut off the first sentence, offsets moved past it."""
    text = "LONDON (Reuters) - A city council voted on Monday to close the old harbour bridge to all traffic."
    summary = summarize(parse_text(text), {})
    assert [(s.start, s.end) for s in summary.sentences] == [(19, len(text))]
    assert summary.text == text[19:]


def test_a_title_case_line_is_a_headline_and_a_paragraphs_dash_dateline_is_trimmed(parse_text: Parse) -> None:
    """A title with a full stop ("Why The Old Harbour Bridge Must Close.") is no story sentence, and the
    "PLACE —" dateline of the paragraph after it is cut off, offsets moved past it."""
    text = "Why The Old Harbour Bridge Must Close For Good.\n\nRIVERTON — " + BRIDGE
    found = summarize(parse_text(text), {}).sentences
    assert found[0].text == BRIDGE.split(". ")[0] + "."
    assert found[0].start == text.index("A city council")


@pytest.mark.parametrize(
    "opening",
    [
        "Harbour bridge to close\n\nBy Jane Doe / The Riverton Ledger\n\nRIVERTON — ",
        "Harbour bridge to close\n\nPhoto: Jane Doe / Riverton Ledger\n\nRIVERTON — ",
    ],
)
def test_a_dash_dateline_after_a_headline_or_byline_is_trimmed(parse_text: Parse, opening: str) -> None:
    """A "PLACE —" dateline is cut off a paragraph's first sentence anywhere in the text, also when the
    parser makes the place a sentence of its own: no summary opens on the dateline or its dash."""
    story = "City" + BRIDGE.removeprefix("A city")  # "RIVERTON —" then becomes a sentence of its own
    text = opening + story
    found = summarize(parse_text(text), {}).sentences
    assert found[0].text == story.split(". ")[0] + "."
    assert found[0].start == text.index("City council")
    assert units.DATELINE.match(text, text.index("RIVERTON")).end() == found[0].start  # not only at 0


def test_a_dateline_the_parser_ends_with_a_full_stop_is_no_sentence(parse_text: Parse) -> None:
    """'SAINTE-MARTHE-SUR-LE-LAC, Que. — ...' split after "Que." or after the dash: the place (and its
    dash) is no story sentence."""
    text = "Town cleans up after flood\n\nSAINTE-MARTHE-SUR-LE-LAC, Que. — " + BRIDGE
    assert sentences(parse_text, text)[0] == BRIDGE.split(". ")[0] + "."


def test_a_caption_whose_line_ends_with_a_photo_credit_is_skipped(parse_text: Parse) -> None:
    """'Kelly Roe holds a photo of her dog. (Submitted by Kelly Roe)' and '... (Jane Doe/CBC)' are captions."""
    for credit in ("(Submitted by Kelly Roe)", "(Jane Doe/CBC)", "(Getty Images)"):
        text = BRIDGE + "\nKelly Roe holds a photo of the bridge before the cracks appeared. " + credit + "\n"
        assert all("holds a photo" not in s for s in sentences(parse_text, text, summary_sentences=5))


def test_repeated_headline_and_photo_caption_are_skipped(parse_text: Parse) -> None:
    """A headline repeated in the body and "Pictured:" or "Label:" captions are not story sentences."""
    text = (
        "Harbour bridge to close\n"
        "A city council voted on Monday to close the old harbour bridge to all traffic.\n"
        "Pictured: the bridge at night, seen from the river bank on Sunday evening.\n"
        "Closed: the old harbour bridge will stay shut to cars, buses and bicycles until May.\n"
        "Engineers found deep cracks in two of its steel supports last month.\n"
    )
    assert sentences(parse_text, text, title="Harbour bridge to close") == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "Engineers found deep cracks in two of its steel supports last month.",
    ]


def test_a_sentence_glued_onto_a_photo_caption_is_kept_without_the_caption(parse_text: Parse) -> None:
    """ "Label: caption text A real sentence." keeps the real sentence, its offsets past the caption."""
    text = (
        "Closed: The old harbour bridge seen from the river bank on Sunday "
        "A city council voted on Monday to close the old harbour bridge to all traffic. "
        "Engineers found deep cracks in two of its steel supports last month."
    )
    summary = summarize(parse_text(text), {})
    first = summary.sentences[0]
    assert (first.start, first.end) == (text.index("A city council"), text.index(" Engineers"))
    later = (
        "Harbour bridge to close\n\nThe bridge has carried cars across the river for ninety years.\n\n" + text
    )
    assert summary.text in summarize(parse_text(later), {}).text  # a caption after the first paragraph too
    assert [s.text for s in summary.sentences] == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "Engineers found deep cracks in two of its steel supports last month.",
    ]


def test_summary_never_opens_with_a_dependent_sentence(parse_text: Parse) -> None:
    """Sentences opening on a pronoun or a connective cannot start the summary."""
    text = (
        "He said the vote had been rushed through without any warning. "
        "However, the council did not agree with the shop owners at all. "
        "The city council of Riverton voted on Monday to close the old harbour bridge."
    )
    assert sentences(parse_text, text) == [
        "The city council of Riverton voted on Monday to close the old harbour bridge."
    ]


def test_a_pronoun_subject_after_an_opening_phrase_is_dependent(parse_text: Parse) -> None:
    """ "After the vote, he said ..." leans on an earlier sentence even though it opens on a noun."""
    text = (
        "After the long vote on Monday evening, he said the bridge would close for good. "
        "The city council of Riverton voted to close the old harbour bridge to traffic."
    )
    assert sentences(parse_text, text) == [
        "The city council of Riverton voted to close the old harbour bridge to traffic."
    ]


@pytest.mark.parametrize(
    ("sentence", "dependent"),
    [
        ("But the council disagreed with the plan.", True),
        ("“They will lose customers,” she said on Monday.", True),
        ("In addition, the council will review two more bridges.", True),
        ("This week the council voted to close the bridge.", False),
        ("The council voted to close the bridge.", False),
        ("Shop owners said they would lose customers.", False),
        ("The former city engineer inspected the bridge.", False),
        ("The former said the bridge was safe.", True),
        ("Both the mayor and the engineer agreed.", False),
        ("Both were fined and banned.", True),
        ("and then the council voted a second time.", True),
        ("I think the old bridge is still perfectly safe.", True),
        ('"I think the old bridge is safe," the mayor said.', True),
        ('"Nobody expected the cracks," the mayor said.', False),
        ("It's the oldest bridge still standing in the city.", True),
        ("The 42-year-old engineer found the cracks.", True),
        ("The couple crossed the bridge every morning.", True),
        ('"We were lucky," she admitted to reporters.', True),
        ("“We were lucky.” He sighed and walked away.", True),
        ("eBay sold the old bridge lamps at auction.", False),
        ("The move comes after weeks of talks.", True),
        ("The move to close the bridge angered shop owners.", False),
        ("The two were fined on Monday.", True),
        ("The two engineers were fined on Monday.", False),
        ("Now, engineers say the bridge is safe.", True),
        ("Elsewhere, the council voted to close a road.", True),
        ("At the time, the bridge was the longest in Europe.", True),
        ("The firm, which built the bridge in 1902, has closed.", True),
        ("The old engineer, 81, still walks across it.", True),
        ("The Duke of Riverton, who opened the bridge, died.", False),
    ],
)
def test_opens_dependent_knows_connectives_pronouns_and_pronoun_speakers(
    sentence: str, dependent: bool
) -> None:
    """Connectives, referring pronouns and "she said" attributions mark a dependent sentence."""
    assert opens_dependent(sentence) is dependent


def test_centrality_is_the_mean_recurrence_of_content_words_not_the_sum() -> None:
    """A sentence's centrality averages how often its words recur, so length alone earns nothing."""
    counts = Counter(bridge=4, cracks=2, river=1, ferries=1, choir=1, sailors=1)
    assert centrality(frozenset({"bridge", "cracks"}), counts) == 2.0
    assert centrality(frozenset({"bridge", "river", "ferries", "choir", "sailors"}), counts) == 0.6
    assert centrality(frozenset(), counts) == 0.0


def test_an_aside_sharing_no_words_with_the_story_is_passed_over(parse_text: Parse) -> None:
    """A long second sentence about something else loses to later sentences about the story."""
    text = (
        "The city council of Riverton voted on Monday to close the old harbour bridge to traffic. "
        "Local historians, retired sailors and a travelling choir gathered at the maritime museum to sing "
        "shanties about steam ferries, lighthouse keepers and the fishing fleets of a century ago. "
        "Engineers found deep cracks in the bridge supports during a routine inspection. "
        "The council said the bridge would stay closed to traffic until the cracks are repaired."
    )
    assert sentences(parse_text, text) == [
        "The city council of Riverton voted on Monday to close the old harbour bridge to traffic.",
        "Engineers found deep cracks in the bridge supports during a routine inspection.",
        "The council said the bridge would stay closed to traffic until the cracks are repaired.",
    ]


def test_the_margin_line_gives_mean_standard_error_interval_and_wins() -> None:
    """The evaluation's margin: mean ± standard error, a seeded bootstrap interval, wins / losses."""
    assert bootstrap([1.5, 1.5, 1.5]) == (1.5, 1.5)
    assert (
        margin_line("cnndm", [2.0, 2.0, -1.0, 1.0]) == "cnndm          +1.00 ± 0.71  [-0.25, +2.00]    3 / 1"
    )


def test_split_halves_hold_half_of_each_set() -> None:
    """Each random half takes half of every set's articles, so a half's margin mixes both sets."""
    cnn = Scored("cnndm", ours=[[2.0] * 3] * 4, lead=[[1.0] * 3] * 4)
    bbc = Scored("bbc", ours=[[0.0] * 3] * 2, lead=[[3.0] * 3] * 2)
    margins = half_margins([cnn, bbc], draws=5)
    assert len(margins) == 10
    assert all(m == [(1.0 + 1.0 - 3.0) / 3] * 3 for m in margins)


def test_a_quote_split_by_the_parser_is_kept_whole(parse_text: Parse) -> None:
    """Sentences inside one quotation are joined back into a single summary sentence."""
    text = (
        "The mayor spoke to reporters outside the town hall on Monday morning. "
        '"We had no choice. The cracks are too deep for us to wait any longer," the mayor said after the vote. '
        "Engineers will inspect the other two bridges in the city next week."
    )
    assert sentences(parse_text, text)[1] == (
        '"We had no choice. The cracks are too deep for us to wait any longer," the mayor said after the vote.'
    )


def test_a_quote_left_open_at_the_paragraph_end_is_skipped(parse_text: Parse) -> None:
    """A quotation that does not close in its paragraph is never cut: its sentences are left out."""
    text = (
        "The city council of Riverton voted on Monday to close the old harbour bridge.\n"
        "The mayor told reporters: “We had no choice in the end. The cracks are far too deep.\n"
        "Engineers will inspect the other two bridges in the city next week."
    )
    assert sentences(parse_text, text) == [
        "The city council of Riverton voted on Monday to close the old harbour bridge.",
        "Engineers will inspect the other two bridges in the city next week.",
    ]


def test_quote_open_counts_straight_curly_and_single_marks() -> None:
    """Odd straight quotes, unmatched curly quotes and an unclosed single quote all leave a quote open."""
    assert [
        quote_open(t) for t in ('He said "no.', "“No.", "She said: 'No more.", "The players' union met.")
    ] == [
        True,
        True,
        True,
        False,
    ]


def test_near_duplicate_sentences_are_not_both_chosen(parse_text: Parse) -> None:
    """A sentence repeating the content words of a chosen one is skipped."""
    text = (
        "A city council voted on Monday to close the old harbour bridge to all traffic. "
        "On Monday the city council voted to close the old harbour bridge to traffic. "
        "Engineers found deep cracks in two of its steel supports last month."
    )
    assert sentences(parse_text, text) == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "Engineers found deep cracks in two of its steel supports last month.",
    ]


def test_summary_sentences_sets_the_length(parse_text: Parse) -> None:
    """`summary_sentences` is how many sentences the summary has."""
    assert sentences(parse_text, BRIDGE, summary_sentences=2) == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "The bridge has carried cars across the river for more than ninety years.",
    ]


def test_summary_max_words_caps_the_summary(parse_text: Parse) -> None:
    """`summary_max_words` keeps only the sentences that fit (always at least one)."""
    assert sentences(parse_text, BRIDGE, summary_max_words=30) == [
        "A city council voted on Monday to close the old harbour bridge to all traffic.",
        "The bridge has carried cars across the river for more than ninety years.",
    ]
    assert len(sentences(parse_text, BRIDGE, summary_max_words=5)) == 1


def test_the_same_article_gives_the_same_summary(parse_text: Parse) -> None:
    """Summarising is deterministic: two parses of one text give equal summaries."""
    assert summarize(parse_text(BRIDGE), {}) == summarize(parse_text(BRIDGE), {})


def test_offsets_index_the_text_exactly(parse_text: Parse) -> None:
    """Every span's text is text[start:end], also after non-ASCII characters."""
    text = "Café owners 😀 met in Zürich.\n" + BRIDGE
    summary = summarize(parse_text(text), {})
    assert [text[s.start : s.end] for s in summary.sentences] == [s.text for s in summary.sentences]
    assert summary.text == " ".join(s.text for s in summary.sentences)
    assert summary.sentences[0].start == text.index("A city council")


def test_an_article_with_no_story_gives_an_empty_summary(parse_text: Parse) -> None:
    """Only boilerplate in, an empty summary out."""
    assert summarize(parse_text("READ MORE: Bridges.\nSubscribe to our newsletter today."), {}) == Summary(
        text="", sentences=[]
    )


def test_the_stage_is_declared_as_summary() -> None:
    """The pipeline knows the stage by its name; it reads no other stage."""
    assert (STAGE.name, STAGE.reads) == ("summary", ())


@pytest.mark.skipif(not (EVAL_DIR / "seed_gold.json").is_file(), reason="no ../shared/eval")
def test_seed_summary_covers_the_gold_points(parse_text: Parse, seed_text: str) -> None:
    """The seed article's summary holds every point its gold says a summary should cover."""
    gold = json.loads((EVAL_DIR / "seed_gold.json").read_text(encoding="utf-8"))
    title = next(line for line in seed_text.splitlines() if line.strip())
    summary = summarize(parse_text(seed_text, title), {})
    assert [point in summary.text for point in gold["summary_should_cover"]] == [True, True, True]
    assert not opens_dependent(summary.sentences[0].text)
