"""The limit and the library path without a queue: raw `nlp.pipe` and `run_pipeline`, forked processes."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from benchmarks import cpu
from benchmarks.corpus import ROOT, words
from worker.loader import load_nlp
from worker.models import Article
from worker.pipeline import run_pipeline, stage_options
from worker.settings import load_settings

T = TypeVar("T")


@dataclass(frozen=True)
class Pass:
    """One timed pass over a set of articles."""

    name: str
    processes: int
    articles: int
    words: int
    seconds: float
    cpu_s: float = 0.0
    other_cores: float = 0.0
    durations: list[dict[str, float]] = field(default_factory=list, repr=False)

    @property
    def articles_per_s(self) -> float:
        """Articles finished per second of wall time."""
        return self.articles / self.seconds

    @property
    def words_per_s(self) -> float:
        """Words finished per second of wall time."""
        return self.words / self.seconds

    @property
    def words_per_cpu_s(self) -> float:
        """Words per CPU second of our processes: efficiency, unaffected by other load on the machine."""
        return self.words / self.cpu_s if self.cpu_s else 0.0


def shares(articles: list[Article], count: int) -> list[list[Article]]:
    """Split articles into `count` lists of about equal words (longest first, into the lightest list)."""
    bins: list[list[Article]] = [[] for _ in range(count)]
    loads = [0] * count
    for article in sorted(articles, key=lambda a: -len(a.text)):
        lightest = loads.index(min(loads))
        bins[lightest].append(article)
        loads[lightest] += len(article.text.split())
    return bins


def _pipe(articles: list[Article]) -> list[dict[str, float]]:
    """Parse the texts with `nlp.pipe` (spaCy's batched path, stock attribute_ruler), discarding the docs."""
    nlp = load_nlp(load_settings().spacy_model, fast_rules=False)
    for _ in nlp.pipe(a.text for a in articles):
        pass
    return []


def _pipeline(articles: list[Article]) -> list[dict[str, float]]:
    """Run the newsworker pipeline on each article; returns each run's durations_ms."""
    settings = load_settings()
    nlp, options = load_nlp(settings.spacy_model), stage_options(settings)
    return [run_pipeline(nlp, a, options).durations_ms for a in articles]


def _forked(work: Callable[[list[Article]], list[T]], parts: list[list[Article]]) -> list[T]:
    """Run `work` on each part in its own forked process (the model is inherited, as in the prefork pool)."""
    if len(parts) == 1:
        return work(parts[0])
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(parts), mp_context=context) as pool:
        return [item for result in pool.map(work, parts) for item in result]


def timed(
    name: str,
    work: Callable[[list[Article]], list[dict[str, float]]],
    articles: list[Article],
    processes: int,
) -> Pass:
    """Time `work` over the articles split across `processes` processes."""
    parts = shares(articles, processes)
    before, began = cpu.reading(), time.perf_counter()
    durations = _forked(work, parts)
    seconds = time.perf_counter() - began
    used, others = cpu.usage(before, cpu.reading(), seconds)
    return Pass(name, processes, len(articles), words(articles), seconds, used, others, durations)


def warm_up(articles: list[Article]) -> None:
    """Load both pipelines (raw's: stock ruler) and run a few articles through each: no first-use costs."""
    _pipeline(articles[:3])
    _pipe(articles[:3])


def pipeline_ms(article: Article) -> dict[str, float]:
    """Run one article through `run_pipeline` here; its durations_ms (parse and each stage)."""
    return _pipeline([article])[0]


def component_ms(articles: list[Article]) -> dict[str, float]:
    """Milliseconds per article spent in the tokenizer and each pipeline component (one doc at a time)."""
    nlp = load_nlp(load_settings().spacy_model)
    spent = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    with nlp.memory_zone():
        for article in articles:
            began = time.perf_counter()
            doc = nlp.make_doc(article.text)
            spent["tokenizer"] += time.perf_counter() - began
            for name, component in nlp.pipeline:
                began = time.perf_counter()
                doc = component(doc)
                spent[name] += time.perf_counter() - began
    return {name: 1000 * seconds / len(articles) for name, seconds in spent.items()}


def raw_pipe(articles: list[Article], processes: int) -> Pass:
    """The limit: `nlp.pipe` over the texts in `processes` processes."""
    return timed("raw nlp.pipe", _pipe, articles, processes)


def library(articles: list[Article], processes: int) -> Pass:
    """`run_pipeline` (parse + stages, as `newsworker process` runs it) in `processes` processes."""
    return timed("run_pipeline (no queue)", _pipeline, articles, processes)


def cli_process(articles: list[Article], blas_threads: str | None) -> Pass:
    """`newsworker process FILE` as a user runs it (imports and model load included)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    if blas_threads is not None:
        env["OMP_NUM_THREADS"] = blas_threads
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "articles.jsonl"
        source.write_text("".join(a.model_dump_json() + "\n" for a in articles), encoding="utf-8")
        command = [
            sys.executable,
            "-m",
            "worker",
            "process",
            str(source),
            "-o",
            str(Path(folder) / "out.jsonl"),
        ]
        before, began = cpu.reading(), time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - began
    used, others = cpu.usage(before, cpu.reading(), seconds)
    label = f"CLI process, OMP_NUM_THREADS={blas_threads or 'unset'}"
    return Pass(label, 1, len(articles), words(articles), seconds, used, others)
