"""What a stage is: a name, a version, what it reads, and a pure function over the parsed article."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from worker.nlp import ParsedArticle

T = TypeVar("T")
Prior = Mapping[str, Any]


@dataclass(frozen=True)
class Stage(Generic[T]):
    """One processing step: `run(parsed, prior)` sees the parse and the outputs of the stages it reads."""

    name: str
    version: str
    reads: tuple[str, ...]
    run: Callable[[ParsedArticle, Prior], T]
