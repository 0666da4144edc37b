"""What every evaluation shares: finding the gold data, reading it, parsing texts through the pipeline.

Parses are cached on disk (a spaCy DocBin per text under `.newsworker/parses/`, keyed by the model, the
spaCy version, our parse steps' source and the text), so rerunning an evaluation after a stage change
costs the stages' time, not the parser's.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import inspect
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin

import worker
from worker import fast_rules, loader
from worker import nlp as nlp_module
from worker.loader import load_nlp
from worker.models import Article
from worker.pipeline import parse_article
from worker.stages.base import ParsedArticle, StageOptions
from worker.stages.entities import name_spans
from worker.stages.entities.name_trims import NAME_TRIMS, trim_names
from worker.stages.entities.relabel import RELABEL, relabel
from worker.stages.lexicon import SAY_VERBS

SPLITS = ("train", "dev", "all")
CACHE_DIR = Path(".newsworker") / "parses"
PARSE_SECONDS = "newsworker_parse_seconds"  # doc.user_data key, only inside a cached file
# Our code that shapes a cached parse: a change to it makes every cached parse stale. (The name-span
# step also reads word lists in stages/names.py; after changing those, delete the cache folder: keying on
# them would make every stage change cost a full reparse. The reporting verbs it reads are keyed.)
PARSE_SOURCES = (
    nlp_module._newline_sentences,
    nlp_module.chunks,
    nlp_module.keep_abbreviations,
    loader.parse,
    name_spans,
    fast_rules,
)
# Cheap steps after the parse that change often (a retrained model): run on every load, never cached.
UNCACHED = (NAME_TRIMS, RELABEL)


def default_eval_dir() -> Path:
    """`../shared/eval` beside the checkout holding this package, else beside the current directory."""
    beside_checkout = Path(worker.__file__).resolve().parents[2] / "shared" / "eval"
    return beside_checkout if beside_checkout.is_dir() else Path.cwd().parent / "shared" / "eval"


def splits_of(split: str) -> tuple[str, ...]:
    """The splits a `--split` value names, in print order (`all` is train then dev)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}")
    return ("train", "dev") if split == "all" else (split,)


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


def parse_key(nlp: Language, model: str) -> str:
    """What a cached parse depends on besides its text: model, versions, pipes and our parse code."""
    pipes = [name for name in nlp.pipe_names if name not in UNCACHED]
    versions = f"{model}|{importlib.metadata.version('spacy')}|{nlp.meta.get('version')}|{pipes}"
    digest = hashlib.sha256(versions.encode())
    for source in PARSE_SOURCES:
        digest.update(inspect.getsource(source).encode())
    digest.update(" ".join(nlp_module.ABBREVIATIONS).encode())  # the tokenizer's special cases
    digest.update(" ".join(sorted(SAY_VERBS)).encode())  # the name-span step cuts a headline's say verb
    return digest.hexdigest()[:16]


def _cached_doc(nlp: Language, path: Path) -> tuple[Doc, float] | None:
    """The cached parse at `path` and the seconds the parse first took; None when absent or unreadable."""
    try:
        doc = next(iter(DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab)))
    except (OSError, ValueError, StopIteration):
        return None
    return doc, float(doc.user_data.pop(PARSE_SECONDS, 0.0))


def _parse_cached(
    nlp: Language, text: str, opts: StageOptions, folder: Path | None
) -> tuple[ParsedArticle, float]:
    """The article parsed the way the worker parses it up to the uncached steps, and the parse's seconds."""
    article = Article(text=text)
    path = folder / (hashlib.sha256(text.encode()).hexdigest()[:24] + ".spacy") if folder else None
    cached = _cached_doc(nlp, path) if path is not None else None
    if cached is not None and cached[0].text == text:
        return ParsedArticle(article=article, doc=cached[0], options=opts), cached[1]
    began = time.perf_counter()
    with nlp.select_pipes(disable=list(UNCACHED)):
        parsed = parse_article(nlp, article, opts)
    seconds = time.perf_counter() - began
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        parsed.doc.user_data[PARSE_SECONDS] = seconds
        path.write_bytes(DocBin(store_user_data=True, docs=[parsed.doc]).to_bytes())
        del parsed.doc.user_data[PARSE_SECONDS]
    return parsed, seconds


def parsed_articles(
    texts: list[str],
    timing: dict[str, float] | None = None,
    model: str = "en_core_web_sm",
    options: StageOptions | None = None,
    cache: Path | None = CACHE_DIR,
    relabelled: bool = True,
) -> Iterator[ParsedArticle]:
    """Parse gold texts the way the worker does, one at a time, cached; `timing["parse"]` sums parse seconds.

    The seconds are those of the real parse, also when the doc comes from the cache, so a stage's cost
    can still be stated as a share of the parse time; the uncached steps' seconds go to `timing["steps"]`.
    `relabelled=False` leaves the recogniser's names as they are (the relabelling model's training data).
    """
    nlp = load_nlp(model)
    opts = options or StageOptions()
    folder = cache / parse_key(nlp, model) if cache is not None else None
    for text in texts:
        with nlp.memory_zone():
            parsed, seconds = _parse_cached(nlp, text, opts, folder)
            began = time.perf_counter()
            if relabelled:
                relabel(trim_names(parsed.doc))
            if timing is not None:
                timing["parse"] = timing.get("parse", 0.0) + seconds
                timing["steps"] = timing.get("steps", 0.0) + time.perf_counter() - began
            yield parsed
