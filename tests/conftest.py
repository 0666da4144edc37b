"""Fixtures every tier shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from worker.loader import load_nlp
from worker.models import DEFAULT_ENTITY_LABELS, Article
from worker.pipeline import parse_article
from worker.stages.base import ParsedArticle, StageOptions

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_b00b66132fac24a3.txt"
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The worker's spaCy pipeline, loaded once for the whole test session."""
    return load_nlp()


@pytest.fixture(scope="session")
def parse_text(nlp: Language):  # type: ignore[no-untyped-def]
    """Parse a short text the way the worker does; returns a ParsedArticle."""

    def _parse(text: str, title: str | None = None, **options: object) -> ParsedArticle:
        opts = StageOptions(entity_labels=DEFAULT_ENTITY_LABELS, **options)  # type: ignore[arg-type]
        return parse_article(nlp, Article(text=text, title=title), opts)

    return _parse


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article, read exactly as stored (UTF-8, no normalisation)."""
    return SEED.read_text(encoding="utf-8")
