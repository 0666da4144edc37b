"""The input article and the result contract, as pydantic v2 models."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

DEFAULT_MAX_TEXT_CHARS = 200_000
# The entity labels a result keeps unless NEWSWORKER_ENTITY_LABELS says otherwise.
DEFAULT_ENTITY_LABELS = (
    "PERSON",
    "NORP",
    "FAC",
    "ORG",
    "GPE",
    "LOC",
    "PRODUCT",
    "EVENT",
    "WORK_OF_ART",
    "LAW",
    "LANGUAGE",
)
# Bump when a field of the result contract changes meaning or shape; stored with every result.
RESULT_SCHEMA_VERSION = "2"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,199}$"
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")

ArticleStatus = Literal["queued", "processing", "done", "failed"]
QuoteType = Literal["direct", "mixed", "indirect"]


def text_id(text: str) -> str:
    """A stable id for a text, so the same text enqueued twice is the same article."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Article(BaseModel):
    """One news article as a producer submits it; unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(default="", pattern=r"^$|" + ID_PATTERN)
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    language: str | None = Field(
        default=None, description="ISO 639 code (`en`, `fr`, `fr-FR`); absent: detected", examples=["fr"]
    )

    @field_validator("language")
    @classmethod
    def _primary_subtag(cls, language: str | None) -> str | None:
        """`fr-FR`, `FR` and `fr_CA` all mean `fr`: the pipelines are per language, not per region."""
        if not language:
            return None
        if not LANGUAGE_TAG.match(language):
            raise ValueError(f"language must be an ISO 639 code such as en, fr or fr-FR (got {language!r})")
        return language.replace("_", "-").split("-")[0].lower()

    @field_validator("text")
    @classmethod
    def _text_is_usable(cls, text: str, info: ValidationInfo) -> str:
        if not text.strip():
            raise ValueError("article text is empty or whitespace")
        limit = (info.context or {}).get("max_text_chars", DEFAULT_MAX_TEXT_CHARS)
        if len(text) > limit:
            raise ValueError(f"article text has {len(text)} characters, over the limit of {limit}")
        return text

    @model_validator(mode="after")
    def _default_id(self) -> Article:
        if not self.id:
            self.id = text_id(self.text)
        return self


class TextSpan(BaseModel):
    """A piece of the article text with its offsets (Python str indices, end-exclusive)."""

    text: str
    start: int
    end: int


class Summary(BaseModel):
    """An extractive summary: whole sentences of the article, in article order."""

    text: str
    sentences: list[TextSpan]


class Entity(BaseModel):
    """One real-world thing the article names, with all its mentions."""

    name: str
    label: str
    count: int
    salience: float = Field(ge=0.0, le=1.0)
    mentions: list[TextSpan]


class Quote(BaseModel):
    """Reported speech: what was said, how, and by whom."""

    text: str
    start: int
    end: int
    type: QuoteType
    speaker: str | None
    speaker_label: str | None
    speaker_span: TextSpan | None
    cue: TextSpan | None


class ErrorInfo(BaseModel):
    """Why an article failed: an error type and a one-line message."""

    type: str
    message: str


class LanguageDetection(BaseModel):
    """What the language detector said, and whether it disagrees with the producer's `language`."""

    detected: str | None
    confidence: float = Field(ge=0.0, le=1.0)
    given: str | None
    disagrees: bool


class SkippedStage(BaseModel):
    """A stage that did not run for this article's language, and why (its field is null)."""

    stage: str
    reason: str


class ArticleResult(BaseModel):
    """The result contract: the same JSON object in Redis and on the CLI."""

    id: str
    title: str | None
    status: Literal["done", "failed"]
    pipeline_version: str
    language: str | None = None
    language_detection: LanguageDetection | None = None
    summary: Summary | None = None
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] | None = Field(default_factory=list)
    skipped: list[SkippedStage] = Field(default_factory=list)
    error: ErrorInfo | None = None


def validation_message(exc: Any) -> str:
    """One line out of a pydantic ValidationError: field and problem for each error."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())) or "article"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    return "; ".join(parts)
