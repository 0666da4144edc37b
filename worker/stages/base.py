"""What a stage is: a name, a version, what it reads, and a pure function over the parsed article."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from spacy.tokens import Doc

from worker.models import DEFAULT_ENTITY_LABELS, Article

T = TypeVar("T")
Prior = Mapping[str, Any]


@dataclass(frozen=True)
class StageOptions:
    """The settings the stages read, so stages never see the whole Settings object."""

    summary_sentences: int = 3
    summary_max_words: int = 0
    entity_labels: tuple[str, ...] = DEFAULT_ENTITY_LABELS


@dataclass(frozen=True)
class ParsedArticle:
    """An article with its one spaCy parse, shared by every stage."""

    article: Article
    doc: Doc
    options: StageOptions
    language: str = "en"


@dataclass(frozen=True)
class Stage(Generic[T]):
    """One processing step: `run(parsed, prior)` sees the parse and the outputs of the stages it reads."""

    name: str
    version: str
    reads: tuple[str, ...]
    run: Callable[[ParsedArticle, Prior], T]
