"""One settings class, read once from `NEWSWORKER_*` variables; the only reader of the environment."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from worker.errors import ConfigurationError
from worker.models import DEFAULT_ENTITY_LABELS, DEFAULT_MAX_TEXT_CHARS, validation_message

ENV_PREFIX = "NEWSWORKER_"


class Settings(BaseSettings):
    """Everything configurable, frozen after load and passed down explicitly."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    redis_url: str | None = Field(
        default=None, description="Redis for results; unset: an embedded Redis under DATA_DIR"
    )
    broker_url: str | None = Field(default=None, description="Celery broker; defaults to REDIS_URL")
    require_redis_url: bool = Field(
        default=False, description="a missing REDIS_URL is an error, never the embedded Redis (the image)"
    )
    key_prefix: str = Field(default="newsworker", pattern=r"^[A-Za-z0-9_.\-]+$")
    queue: str = Field(default="newsworker", pattern=r"^[A-Za-z0-9_.\-]+$")
    spacy_model: str = Field(default="en_core_web_sm", description="the English (`en`) spaCy pipeline")
    language_models: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=lambda: {"fr": "fr_core_news_sm"},
        description="other languages' spaCy pipelines, `fr=fr_core_news_sm,de=de_core_news_sm`",
    )
    language_min_confidence: float = Field(
        default=0.5, ge=0.0, le=1.0, description="a detected language below this counts as unknown"
    )
    max_text_chars: int = Field(default=DEFAULT_MAX_TEXT_CHARS, gt=0)
    result_ttl_s: int = Field(default=0, ge=0, description="expire article hashes after this; 0 keeps")
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    concurrency: int = Field(default=2, ge=1)
    data_dir: Path = Path(".newsworker")
    summary_sentences: int = Field(default=3, ge=1)
    summary_max_words: int = Field(default=0, ge=0, description="cap on summary words; 0: no cap")
    entity_labels: Annotated[tuple[str, ...], NoDecode] = DEFAULT_ENTITY_LABELS
    max_attempts: int = Field(default=3, ge=1)
    soft_time_limit_s: int = Field(default=40, gt=0, description="an article running longer fails")
    time_limit_s: int = Field(default=50, gt=0, description="hard limit: the pool child is replaced")
    visibility_timeout_s: int = Field(default=55, gt=0, description="unacked messages come back after this")
    max_articles_per_child: int = Field(
        default=5000, ge=1, description="articles before a pool process is renewed"
    )
    shutdown_window_s: int = Field(
        default=20, gt=0, description="on SIGTERM, finish the current article within this, else hand it back"
    )
    restore_interval_s: int = Field(
        default=5, gt=0, description="how often workers sweep for unacked messages"
    )
    broker_retry_budget_s: int = Field(
        default=120, gt=0, description="seconds a worker retries an unreachable broker before exiting 1"
    )
    redis_retry_budget_s: float = Field(
        default=20.0, gt=0, description="seconds a worker's Redis command rides out a lost connection"
    )
    deadletter_maxlen: int = Field(
        default=100_000, gt=0, description="entries kept in the dead-letter stream"
    )
    events_maxlen: int = Field(default=10_000, gt=0, description="entries kept in the events stream")
    heartbeat_ttl_s: int = Field(default=30, gt=0, description="a worker silent this long counts as dead")
    task_events: bool = Field(
        default=False, description="send Celery task events from the start; Flower turns them on by itself"
    )
    metrics_port: int = Field(default=9808, ge=0, le=65535, description="Prometheus /metrics port; 0: off")

    @field_validator("entity_labels", mode="before")
    @classmethod
    def _split_labels(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(label.strip().upper() for label in value.split(",") if label.strip())
        return value

    @field_validator("language_models", mode="before")
    @classmethod
    def _split_models(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = [pair.split("=", 1) for pair in value.split(",") if pair.strip()]
            if any(len(pair) != 2 for pair in pairs):
                raise ValueError(f"LANGUAGE_MODELS must look like fr=fr_core_news_sm,de=... (got {value!r})")
            return {lang.strip().lower(): model.strip() for lang, model in pairs}
        return value

    @model_validator(mode="after")
    def _limits_are_ordered(self) -> Settings:
        if not self.soft_time_limit_s < self.time_limit_s < self.visibility_timeout_s:
            raise ValueError(
                "need SOFT_TIME_LIMIT_S < TIME_LIMIT_S < VISIBILITY_TIMEOUT_S, or articles run twice "
                f"(got {self.soft_time_limit_s}, {self.time_limit_s}, {self.visibility_timeout_s})"
            )
        return self

    @property
    def pipelines(self) -> dict[str, str]:
        """The spaCy pipeline per language: `en` is SPACY_MODEL, the others LANGUAGE_MODELS."""
        return {"en": self.spacy_model, **{k: v for k, v in self.language_models.items() if k != "en"}}

    @property
    def broker(self) -> str | None:
        """The broker URL: BROKER_URL, else REDIS_URL."""
        return self.broker_url or self.redis_url


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """`NEWSWORKER_*` variables that name no setting (likely misspellings)."""
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    return sorted(k for k in environ if k.upper().startswith(ENV_PREFIX) and k.upper() not in known)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings from the environment, refusing misspelled or invalid variables."""
    unknown = unknown_variables(os.environ)
    if unknown:
        known = [ENV_PREFIX + n.upper() for n in Settings.model_fields]
        hints = [
            f"{k} (did you mean {', '.join(difflib.get_close_matches(k, known, 1)) or '?'})" for k in unknown
        ]
        raise ConfigurationError("unknown setting variable: " + "; ".join(hints))
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigurationError("invalid setting: " + validation_message(exc)) from exc
