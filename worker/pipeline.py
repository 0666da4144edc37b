"""Runs the stages in order over one parsed article; knows nothing of Celery or Redis."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from worker.models import RESULT_SCHEMA_VERSION, Article, ArticleResult
from worker.nlp import StageOptions, parse
from worker.settings import Settings
from worker.stages import entities, quotes, summary
from worker.stages.base import Stage


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


def run_pipeline(
    nlp: Language, article: Article, options: StageOptions, stages: tuple[Stage[Any], ...] = STAGES
) -> PipelineRun:
    """Parse the article once and run every stage on the shared parse."""
    durations: dict[str, float] = {}
    outputs: dict[str, Any] = {}
    with nlp.memory_zone():
        began = time.perf_counter()
        parsed = parse(nlp, article, options)
        durations["parse"] = (time.perf_counter() - began) * 1000
        for stage in stages:
            began = time.perf_counter()
            outputs[stage.name] = stage.run(parsed, {name: outputs[name] for name in stage.reads})
            durations[stage.name] = (time.perf_counter() - began) * 1000
    result = ArticleResult(
        id=article.id,
        title=article.title,
        status="done",
        pipeline_version=pipeline_version(stages),
        **outputs,
    )
    return PipelineRun(result=result, durations_ms=durations)
