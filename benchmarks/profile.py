"""`python -m benchmarks.profile`: cProfile of the per-article task body on a real Redis, grouped."""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy loads, as the worker runs

import argparse
import contextlib
import cProfile
import pstats
import sys
from collections.abc import Callable, Iterator
from typing import Any

from structlog._base import BoundLoggerBase

from benchmarks.cluster import redis_server
from benchmarks.corpus import KINDS, default_kind, load_corpus
from worker import deadletter, inputs, languages, loader, metrics, pipeline, store, tasks, warmup
from worker.logs import configure_logging
from worker.pipeline import STAGES
from worker.settings import load_settings

LIBRARIES = ("spacy/", "thinc/", "numpy", "srsly", "catalogue", "confection", "~")


def entry_points() -> dict[str, Callable[..., Any]]:
    """The functions whose cumulative time splits the per-article path into parts."""
    points: dict[str, Callable[..., Any]] = {
        "validate payload (to_article)": inputs.to_article,
        "redis mark_processing (one EVALSHA)": store.Store.mark_processing,
        "language detection (route)": languages.route,
        "run_pipeline (parse, stages, result)": pipeline.run_pipeline,
        "  parse (nlp(text), our components in)": loader.parse,
    }
    points |= {f"  stage {s.name}": s.run for s in STAGES}
    points |= {
        "redis commit (JSON, sha, one trip)": store.Store.commit,
        "metrics.observe (prometheus)": metrics.observe,
        "log lines (structlog)": BoundLoggerBase._proxy_to_logger,
        "failed/other bookkeeping (fail)": deadletter.fail,
        "malloc_trim (task end)": warmup.release_memory,
    }
    return points


def cumulative(stats: pstats.Stats, function: Callable[..., Any]) -> float:
    """Cumulative seconds of one function in the profile (0 when it never ran)."""
    code = function.__code__
    key = (code.co_filename, code.co_firstlineno, code.co_name)
    entry = stats.stats.get(key)  # type: ignore[attr-defined]
    return float(entry[3]) if entry else 0.0


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send fd 2 to /dev/null (the worker's JSON log lines), restoring it afterwards."""
    saved = os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def profile(count: int, corpus: str) -> tuple[pstats.Stats, int]:
    """Run `count` articles through the task body (`worker.tasks.process`) under cProfile."""
    server = redis_server()
    try:
        settings = load_settings(
            redis_url=server.url, key_prefix="profile", queue="profile", log_format="json"
        )
        configure_logging(settings)
        payloads = [a.model_dump(mode="json") for a in load_corpus(corpus, count + 1)]
        with quiet_stderr():
            warmup.warm([settings.spacy_model], pipeline.stage_options(settings))  # as the worker's parent
            tasks.process(settings, payloads[0])  # warm-up: connections
            profiler = cProfile.Profile()
            profiler.enable()
            for payload in payloads[1:]:  # the first was the warm-up: a repeat now
                tasks.process(settings, payload)
                warmup.release_memory()  # as the task does after each article
            profiler.disable()
    finally:
        server.stop()
    return pstats.Stats(profiler), len(payloads) - 1


def report(stats: pstats.Stats, count: int, top: int) -> None:
    """Print the parts of the path and the hottest functions outside spaCy/thinc."""
    total = cumulative(stats, tasks.process)
    print(f"task body (worker.tasks.process): {1000 * total / count:.1f} ms/article over {count} articles\n")
    for name, function in entry_points().items():
        seconds = cumulative(stats, function)
        print(f"  {name:<40} {1000 * seconds / count:8.1f} ms/article  {seconds / total:6.1%}")
    rows = [
        (key, value)
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
        if not any(part in key[0] for part in LIBRARIES)
    ]
    rows.sort(key=lambda row: -row[1][2])
    print(f"\nhottest Python functions outside spaCy/thinc/numpy by own time (of {total:.2f}s profiled):")
    for (filename, line, name), (_, calls, own, cum, _) in rows[:top]:
        where = filename.split("/site-packages/")[-1].split("/work/main/")[-1]
        print(
            f"  {1000 * own / count:7.2f} ms/article own {1000 * cum / count:8.2f} cum {calls:>9} calls"
            f"  {where}:{line}({name})"
        )


def main(argv: list[str] | None = None) -> int:
    """Profile and print."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--corpus", choices=KINDS, default=default_kind())
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", help="also write the raw profile here (for snakeviz or pstats)")
    args = parser.parse_args(argv)
    stats, count = profile(args.articles, args.corpus)
    if args.dump:
        stats.dump_stats(args.dump)
    report(stats, count, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
