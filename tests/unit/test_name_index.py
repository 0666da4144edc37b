"""The partial-name index: members written with a result and how a query's matches are ranked."""

from __future__ import annotations

from worker.keys import Keys
from worker.models import ArticleResult, Entity, Quote, TextSpan
from worker.name_index import NameMatch, lex_range, matches, name_members, tokens


def test_names_key_is_prefix_names() -> None:
    """The name index lives at {prefix}:names."""
    assert Keys("news").names == "news:names"


def test_tokens_are_the_name_key_and_its_word_suffixes() -> None:
    """`Émilie Côté-Dubois` is findable by any of its words as a start."""
    assert tokens("Émilie Côté-Dubois") == ["emilie-cote-dubois", "cote-dubois", "dubois"]
    assert tokens("…") == []


def test_a_result_indexes_entity_names_their_mentions_and_speakers() -> None:
    """An entity by its name and each mention (an alias), a speaker by name, each pointing to its index."""
    entity = Entity(
        name="United States", label="GPE", count=2, salience=0.5,
        mentions=[TextSpan(text="US", start=0, end=2), TextSpan(text="United States", start=10, end=23)],
    )  # fmt: skip
    quote = Quote(
        text="x", start=0, end=1, type="direct", speaker="Wang Yi", speaker_label="PERSON",
        speaker_span=None, cue=None,
    )  # fmt: skip
    result = ArticleResult(
        id="a", title=None, status="done", pipeline_version="1/x", entities=[entity], quotes=[quote]
    )
    assert name_members(result) == {
        "united-states|entity:GPE:united-states|United States",
        "states|entity:GPE:united-states|United States",
        "us|entity:GPE:united-states|United States",
        "wang-yi|speaker:wang-yi|Wang Yi",
        "yi|speaker:wang-yi|Wang Yi",
    }


def test_lex_range_covers_every_member_starting_with_the_query_key() -> None:
    """`Wang` -> [wang, [wang\\xff (bytes, so that any continuation sorts inside); blank -> None."""
    assert lex_range(" Wang ") == (b"[wang", b"[wang\xff")
    assert lex_range("!!") is None


def test_matches_rank_whole_names_then_whole_words_then_prefixes() -> None:
    """For `wang`: an index named exactly so, then a name with the word Wang, then Wangari; one per index."""
    members = [
        "wang-yi|speaker:wang-yi|Wang Yi",
        "wangari-maathai|entity:PERSON:wangari-maathai|Wangari Maathai",
        "wang|entity:PERSON:wang|Wang",
        "wang|entity:PERSON:wang-yi|Wang Yi",
        "wang-yi|entity:PERSON:wang-yi|Wang Yi",
    ]
    assert matches("Wang", members) == [
        NameMatch("entity:PERSON:wang", "Wang"),
        NameMatch("entity:PERSON:wang-yi", "Wang Yi"),
        NameMatch("speaker:wang-yi", "Wang Yi"),
        NameMatch("entity:PERSON:wangari-maathai", "Wangari Maathai"),
    ]


def test_a_match_knows_its_kind_label_and_key() -> None:
    """Entity matches carry their label; speakers none."""
    entity, speaker = (
        NameMatch("entity:GPE:united-states", "United States"),
        NameMatch("speaker:wang-yi", "W"),
    )
    assert (entity.kind, entity.label, entity.key) == ("entity", "GPE", "united-states")
    assert (speaker.kind, speaker.label, speaker.key) == ("speaker", None, "wang-yi")
