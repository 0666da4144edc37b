"""`python -m benchmarks.throughput`: the worker against the parser in throughput, latency and memory."""

from __future__ import annotations

import os

# Before numpy loads: one BLAS thread per process, as `newsworker worker` runs (see docs/benchmarks.md).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import functools
import sys
import time
from collections.abc import Callable

from benchmarks import cpu, inprocess
from benchmarks.cluster import Worker, redis_server, renamed
from benchmarks.corpus import KINDS, default_kind, load_corpus, soak_articles, words
from benchmarks.inprocess import Pass
from benchmarks.memory import snapshot
from benchmarks.results import Results, print_report, print_targets, targets
from worker.embedded import RedisServer
from worker.models import Article

MIN_ARTICLES = 150  # below this, one pass's ratio moved by +-0.2 between runs (docs/benchmarks.md)


def say(text: str) -> None:
    """Progress on stderr, so stdout is just the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def fastest(make: Callable[[], Pass], repeat: int) -> Pass:
    """The fastest of `repeat` runs of a pass: the least disturbed by other load on a shared machine."""
    return min((make() for _ in range(max(repeat, 1))), key=lambda p: p.seconds)


def measure_inprocess(corpus: list[Article], results: Results, cli_articles: int, repeat: int) -> None:
    """Raw nlp.pipe and run_pipeline in 1 and 2 processes, then the `newsworker process` CLI."""
    inprocess.warm_up(corpus)
    for processes in (1, 2):
        say(f"raw nlp.pipe, {processes} process(es), best of {repeat}")
        results.raw[processes] = fastest(functools.partial(inprocess.raw_pipe, corpus, processes), repeat)
        results.passes.append(results.raw[processes])
    for processes in (1, 2):
        say(f"run_pipeline, {processes} process(es)")
        run = inprocess.library(corpus, processes)
        results.passes.append(run)
        if processes == 1:
            results.durations = run.durations
    results.components = inprocess.component_ms(corpus)
    for threads in (None, "1") if cli_articles else ():
        say(f"newsworker process CLI on {cli_articles} articles, OMP_NUM_THREADS={threads or 'unset'}")
        results.passes.append(inprocess.cli_process(corpus[:cli_articles], threads))


def queued_pass(worker: Worker, server: RedisServer, corpus: list[Article], results: Results) -> Pass:
    """All the corpus through Redis and Celery at once, timed to the last `finished_at`."""
    assert server.process is not None
    pids = [worker.pid, server.process.pid]
    before, split = cpu.reading(pids), cpu.split_seconds(*pids)
    seconds = worker.run_batch(renamed(corpus, f"tp{time.monotonic_ns()}"))
    used, others = cpu.usage(before, cpu.reading(pids), seconds)
    after = cpu.split_seconds(*pids)
    results.cpu_split[worker.concurrency] = {k: 1000 * (after[k] - split[k]) / len(corpus) for k in after}
    name = f"end-to-end Redis+Celery, --concurrency {worker.concurrency}"
    return Pass(name, worker.concurrency, len(corpus), words(corpus), seconds, used, others)


def measure_single(server: RedisServer, corpus: list[Article], results: Results, repeat: int) -> None:
    """End-to-end throughput with one pool process."""
    say(f"end-to-end, worker --concurrency 1, best of {repeat}")
    with Worker(server.url, 1, "bench1") as worker:
        worker.run_batch(renamed(corpus[:2], "warm"))
        results.queued[1] = fastest(lambda: queued_pass(worker, server, corpus, results), repeat)
        results.failed += worker.failed()
    results.passes.append(results.queued[1])


def measure_pair(
    server: RedisServer, corpus: list[Article], results: Results, args: argparse.Namespace
) -> None:
    """With two pool processes: memory after 1 article, light-load latency, throughput, then the soak."""
    latency, soak, repeat = args.latency, args.soak, args.repeat
    with Worker(server.url, 2, "bench2") as worker:
        worker.run_batch(renamed(corpus[:1], "first"))
        results.memory.append(snapshot(worker.pid, 1))
        say(f"latency at light load, {latency} articles one at a time")
        sample = renamed(corpus[: max(latency, 0)], "lat")
        for article in sample:  # parse here, then through the idle worker: same conditions for both
            results.latency_runs.append(inprocess.pipeline_ms(article))
            results.latencies.append(worker.latency_ms(article))
        say(f"end-to-end, worker --concurrency 2, best of {repeat}")
        results.queued[2] = fastest(lambda: queued_pass(worker, server, corpus, results), repeat)
        results.passes.append(results.queued[2])
        done = 1 + len(sample) + len(corpus) * max(repeat, 1)
        if soak > done:
            soak_memory(worker, soak_articles(args.corpus, soak - done, len(corpus)), done, results)
        results.failed += worker.failed()


def soak_memory(worker: Worker, soak: list[Article], done: int, results: Results) -> None:
    """Feed more articles, none from the timed corpus, in chunks, measuring memory after each chunk."""
    count = len(soak)
    step = -(-count // 8)  # eight chunks, rounded up
    say(f"soak: {count} more articles, memory every {step}")
    articles = renamed(soak, "soak")
    for start in range(0, count, step):
        worker.run_batch(articles[start : start + step])
        results.memory.append(snapshot(worker.pid, done + min(start + step, count)))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="about 3 minutes: one pass of each, no CLI passes, short soak"
    )
    parser.add_argument("--articles", type=int, help="corpus size (default 170, quick 150)")
    parser.add_argument(
        "--corpus",
        choices=KINDS,
        default=default_kind(),
        help="news (default when ../shared/eval is there): seeds/ + CNN/DM dev + PolNeAR train articles;"
        " synthetic: seeds/ + generated articles; eval: seeds/ + CNN/DM dev only",
    )
    parser.add_argument(
        "--soak", type=int, help="articles through the 2-process worker in all (default 2000, quick 300)"
    )
    parser.add_argument("--latency", type=int, help="articles timed one at a time (default 30, quick 10)")
    parser.add_argument(
        "--cli", type=int, help="articles for the CLI passes, 0 skips them (default 20, quick 0)"
    )
    parser.add_argument(
        "--repeat", type=int, help="runs of each raw and end-to-end pass, fastest kept (default 2, quick 1)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print the report; exit 1 when a target is missed."""
    args = parse_args(argv)

    def pick(given: int | None, full: int, quick: int) -> int:
        return given if given is not None else (quick if args.quick else full)

    corpus = load_corpus(args.corpus, pick(args.articles, 170, 150))
    if len(corpus) < MIN_ARTICLES:
        say(f"WARNING: {len(corpus)} articles per pass; ratios below {MIN_ARTICLES} swing between runs")
    results = Results()
    began = time.perf_counter()
    args.repeat = pick(args.repeat, 2, 1)
    args.latency, args.soak = pick(args.latency, 30, 10), pick(args.soak, 2000, 300)
    measure_inprocess(corpus, results, pick(args.cli, 20, 0), args.repeat)
    server = redis_server()
    try:
        measure_single(server, corpus, results, args.repeat)
        measure_pair(server, corpus, results, args)
    finally:
        server.stop()
    say(f"finished in {time.perf_counter() - began:.0f}s")
    print_report(results, corpus, args.corpus, args.repeat)
    print_targets(results)
    return 0 if all(t.passed for t in targets(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
