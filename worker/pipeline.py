"""Runs the stages in order over one parsed article; knows nothing of Celery or Redis."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from worker.errors import UnsupportedLanguageError
from worker.languages import route
from worker.loader import parse
from worker.models import (
    RESULT_SCHEMA_VERSION,
    Article,
    ArticleResult,
    ErrorInfo,
    LanguageDetection,
    SkippedStage,
)
from worker.settings import Settings
from worker.stages import entities, quotes, summary
from worker.stages.base import ParsedArticle, Stage, StageOptions
from worker.stages.quotes.languages import QUOTE_LANGUAGES

# Stages that run only for some languages (the others run for every language with a pipeline).
LANGUAGES: dict[str, frozenset[str]] = {"quotes": QUOTE_LANGUAGES}


def stage_options(settings: Settings) -> StageOptions:
    """The part of the settings the stages read."""
    return StageOptions(
        summary_sentences=settings.summary_sentences,
        summary_max_words=settings.summary_max_words,
        entity_labels=settings.entity_labels,
    )


STAGES: tuple[Stage[Any], ...] = (summary.STAGE, entities.STAGE, quotes.STAGE)


def pipeline_version(stages: tuple[Stage[Any], ...] = STAGES) -> str:
    """The result schema version and every stage's version, e.g. `1/summary.1,entities.1,quotes.1`."""
    return RESULT_SCHEMA_VERSION + "/" + ",".join(f"{s.name}.{s.version}" for s in stages)


@dataclass
class PipelineRun:
    """A finished run: the result and how long the parse and each stage took."""

    result: ArticleResult
    durations_ms: dict[str, float] = field(default_factory=dict)


def skipped_for(language: str, stages: tuple[Stage[Any], ...] = STAGES) -> list[SkippedStage]:
    """The stages that cannot run for a language, each with the reason (their output is null)."""
    return [
        SkippedStage(stage=s.name, reason=f"no {s.name} method for language {language!r}")
        for s in stages
        if s.name in LANGUAGES and language not in LANGUAGES[s.name]
    ]


def parse_article(nlp: Language, article: Article, options: StageOptions) -> ParsedArticle:
    """The article with its one parse and the options its stages read."""
    return ParsedArticle(
        article=article, doc=parse(nlp, article.text), options=options, language=str(nlp.lang)
    )


def run_pipeline(
    nlp: Language,
    article: Article,
    options: StageOptions,
    stages: tuple[Stage[Any], ...] = STAGES,
    detection: LanguageDetection | None = None,
) -> PipelineRun:
    """Parse the article once and run every stage that can run for its language on the shared parse."""
    durations: dict[str, float] = {}
    outputs: dict[str, Any] = {}
    skipped = skipped_for(str(nlp.lang), stages)
    with nlp.memory_zone():
        began = time.perf_counter()
        parsed = parse_article(nlp, article, options)
        durations["parse"] = (time.perf_counter() - began) * 1000
        for stage in stages:
            if any(s.stage == stage.name for s in skipped):
                outputs[stage.name] = None
                continue
            began = time.perf_counter()
            outputs[stage.name] = stage.run(parsed, {name: outputs[name] or [] for name in stage.reads})
            durations[stage.name] = (time.perf_counter() - began) * 1000
    result = ArticleResult(
        id=article.id,
        title=article.title,
        status="done",
        pipeline_version=pipeline_version(stages),
        language=str(nlp.lang),
        language_detection=detection,
        skipped=skipped,
        **outputs,
    )
    return PipelineRun(result=result, durations_ms=durations)


def routed_result(article: Article, settings: Settings) -> ArticleResult:
    """Detect the language, run its pipeline; an unsupported language is a failed result, never a guess."""
    try:
        nlp, detection = route(article, settings.pipelines, settings.language_min_confidence)
    except UnsupportedLanguageError as exc:
        return ArticleResult(
            id=article.id,
            title=article.title,
            status="failed",
            pipeline_version=pipeline_version(),
            language=exc.language,
            language_detection=exc.detection,
            error=ErrorInfo(type="UnsupportedLanguage", message=str(exc)),
        )
    return run_pipeline(nlp, article, stage_options(settings), detection=detection).result
