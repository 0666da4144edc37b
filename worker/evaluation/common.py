"""What every evaluation shares: finding the gold data, reading it, parsing texts through the pipeline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import worker
from worker.models import Article
from worker.nlp import ParsedArticle, StageOptions, load_nlp, parse
from worker.settings import DEFAULT_ENTITY_LABELS


def default_eval_dir() -> Path:
    """`../shared/eval` beside the checkout holding this package, else beside the current directory."""
    beside_checkout = Path(worker.__file__).resolve().parents[2] / "shared" / "eval"
    return beside_checkout if beside_checkout.is_dir() else Path.cwd().parent / "shared" / "eval"


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The examples of a JSON Lines gold file (the first `limit` of them when given)."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def parsed_articles(
    texts: list[str], model: str = "en_core_web_sm", options: StageOptions | None = None
) -> Iterator[ParsedArticle]:
    """Parse gold texts the way the worker does (same model and sentence rules), one at a time."""
    nlp = load_nlp(model)
    opts = options or StageOptions(entity_labels=DEFAULT_ENTITY_LABELS)
    for text in texts:
        with nlp.memory_zone():
            yield parse(nlp, Article(text=text), opts)
