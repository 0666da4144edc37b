"""The `newsworker` command: argument parsing only; the work is done by library functions."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from typing import IO

from worker.commands import (
    cmd_check,
    cmd_eval,
    cmd_export,
    cmd_find,
    cmd_retry,
    cmd_show,
    cmd_status,
    cmd_watch,
)
from worker.errors import NewsworkerError
from worker.inputs import Loaded, read_inputs
from worker.models import ErrorInfo
from worker.settings import Settings, load_settings


def _report(loaded: Loaded) -> None:
    """Tell the user, on one stderr line, which input was bad and why."""
    print(f"error: {loaded.origin}: {loaded.error}", file=sys.stderr)


def cmd_process(args: argparse.Namespace, settings: Settings) -> int:
    """Run the pipeline here, with no Redis and no queue; one result JSON per line."""
    os.environ.setdefault(
        "OMP_NUM_THREADS", "1"
    )  # before numpy loads: one BLAS thread per process is fastest
    from worker.nlp import load_nlp
    from worker.pipeline import pipeline_version, run_pipeline, stage_options
    from worker.store import failed_result

    nlp = load_nlp(settings.spacy_model)
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    bad = 0
    try:
        for loaded in read_inputs(args.paths, settings.max_text_chars):
            if loaded.error is not None:
                _report(loaded)
                bad += 1
                error = ErrorInfo(type="InvalidArticle", message=str(loaded.error))
                result = failed_result(loaded.error.article_id, None, pipeline_version(), error)
            else:
                assert loaded.article is not None
                result = run_pipeline(nlp, loaded.article, stage_options(settings)).result
            out.write(result.model_dump_json() + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    return 1 if bad else 0


def _enqueue_all(
    paths: Sequence[str], settings: Settings, progress: bool, force: bool = False
) -> tuple[list[str], int]:
    """Publish every good article; report bad and duplicate ones; returns (ids, number of bad inputs)."""
    from tqdm import tqdm

    from worker.local import open_producer

    producer = open_producer(settings)
    ids, bad = [], 0
    for loaded in tqdm(
        read_inputs(paths, settings.max_text_chars),
        desc="enqueued",
        unit="article",
        disable=not progress,
        file=sys.stderr,
    ):
        if loaded.article is None:
            _report(loaded)
            bad += 1
            continue
        if not producer.enqueue(loaded.article, force=force):
            print(
                f"skipped {loaded.article.id}: already queued, processing or done (--force to redo)",
                file=sys.stderr,
            )
        ids.append(loaded.article.id)
    return ids, bad


def cmd_enqueue(args: argparse.Namespace, settings: Settings) -> int:
    """Publish articles to the queue and print their ids."""
    from worker.local import with_redis

    ids, bad = _enqueue_all(args.paths, with_redis(settings), progress=sys.stderr.isatty(), force=args.force)
    for article_id in ids:
        print(article_id)
    return 1 if bad else 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Start a Celery worker consuming the article queue."""
    from worker.celery_app import make_celery
    from worker.health import remove_heartbeat
    from worker.local import with_redis
    from worker.logs import configure_logging

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # SIGTERM as a bounded soft shutdown: finish the current article within SHUTDOWN_WINDOW_S, then hand
    # back what is unfinished (billiard reads this when first imported, so before Celery loads).
    os.environ.setdefault("REMAP_SIGTERM", "SIGQUIT")
    settings = with_redis(settings)
    configure_logging(settings)
    if settings.metrics_port:
        from worker.metrics import prepare_multiprocess_dir

        prepare_multiprocess_dir(settings.data_dir)
    app = make_celery(settings)
    concurrency = args.concurrency or settings.concurrency
    hostname = f"newsworker-{os.getpid()}@{socket.gethostname()}"
    remove_heartbeat(
        settings.data_dir, hostname
    )  # a restarted container may reuse the pid: drop its stale beat
    app.worker_main(
        [
            "worker",
            "--queues",
            settings.queue,
            "--concurrency",
            str(concurrency),
            "--pool",
            args.pool,
            "--loglevel",
            settings.log_level,
            "--hostname",
            hostname,
            "--without-gossip",
            "--without-mingle",
        ]
    )
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """The main job: Redis (embedded unless configured), local workers, enqueue, wait, print the table."""
    from worker.local import (
        open_store,
        redis_cli_line,
        results_table,
        start_worker,
        stop_worker,
        wait_until_finished,
        with_redis,
    )

    settings = with_redis(settings)
    store = open_store(settings)
    process = start_worker(settings, args.concurrency or settings.concurrency)
    try:
        ids, bad = _enqueue_all(args.paths, settings, progress=True)
        pending = wait_until_finished(store, ids, args.timeout)
    finally:
        stop_worker(process)
    results = [r for r in (store.result(i) for i in ids) if r is not None]
    print(results_table(results))
    if ids:
        print(f"\nRead the results with: {redis_cli_line(settings, ids[0])}")
    if pending:
        print(
            f"error: {len(pending)} articles unfinished after {args.timeout:.0f}s: {', '.join(pending[:5])}",
            file=sys.stderr,
        )
    return 1 if bad or pending else 0


def cmd_redis(args: argparse.Namespace, settings: Settings) -> int:
    """Start, stop or locate the embedded Redis under DATA_DIR."""
    from worker.embedded import EmbeddedRedis

    embedded = EmbeddedRedis(settings.data_dir)
    if args.action == "stop":
        print("stopped" if embedded.stop() else "not running")
        return 0
    print(embedded.ensure_running() if args.action == "start" else (embedded.running_url() or "not running"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="newsworker", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("process", help="run the pipeline here, no Redis; JSON lines out")
    p.add_argument("paths", nargs="+", help=".txt/.json/.jsonl files, directories, or - for stdin")
    p.add_argument("-o", "--output", help="write results here instead of stdout")
    p.set_defaults(func=cmd_process)
    p = sub.add_parser("enqueue", help="publish articles to the queue; prints their ids")
    p.add_argument("paths", nargs="+")
    p.add_argument("--force", action="store_true", help="queue even if the same text is queued or done")
    p.set_defaults(func=cmd_enqueue)
    p = sub.add_parser("retry", help="re-enqueue failed (dead-lettered) articles")
    p.add_argument("ids", nargs="*")
    p.add_argument("--failed", action="store_true", help="every article in the failed index")
    p.set_defaults(func=cmd_retry)
    p = sub.add_parser("worker", help="start a worker on this machine")
    p.add_argument("--concurrency", type=int, default=0, help="pool processes (default: CONCURRENCY setting)")
    p.add_argument("--pool", default="prefork", choices=["prefork", "solo", "threads"])
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("check", help="health probe: exit 0 if this machine's worker is alive and consuming")
    p.add_argument(
        "--max-age", type=float, default=0, help="seconds a heartbeat stays fresh (HEARTBEAT_TTL_S)"
    )
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("show", help="print an article's stored result")
    p.add_argument("id")
    p.add_argument("--field", choices=["summary", "entities", "quotes", "error"])
    p.set_defaults(func=cmd_show)
    p = sub.add_parser("status", help="queue length, articles by status, workers alive")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("run", help="the main job in one command (embedded Redis unless REDIS_URL is set)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--concurrency", type=int, default=0)
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the articles")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("find", help="articles that mention or quote a name (entity and speaker indexes)")
    p.add_argument("name")
    p.set_defaults(func=cmd_find)
    p = sub.add_parser("watch", help="print each finished article as it lands")
    p.add_argument("--from-start", action="store_true", help="replay the events stream from its beginning")
    p.add_argument("--count", type=int, help="stop after this many articles")
    p.set_defaults(func=cmd_watch)
    p = sub.add_parser("export", help="write stored results as JSON lines")
    p.add_argument("--since", help="only results finished since this time (ISO-8601 or Unix seconds)")
    p.add_argument("-o", "--output", help="write here instead of stdout")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("redis", help="the embedded Redis: start, stop, or print its URL")
    p.add_argument("action", choices=["start", "stop", "url"])
    p.set_defaults(func=cmd_redis)
    _add_eval(sub)
    return parser


def _add_eval(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`newsworker eval quotes|entities|summary` scores a stage on ../shared/eval."""
    p = sub.add_parser("eval", help="score a stage on the gold data in ../shared/eval")
    p.add_argument("stage", choices=["quotes", "entities", "summary"])
    p.add_argument("--eval-dir", help="folder of the gold files (default: ../shared/eval)")
    p.add_argument("--limit", type=int, help="only the first N examples of each file")
    p.add_argument(
        "--split",
        choices=["train", "dev", "all"],
        default="dev",
        help="train (PolNeAR/CoNLL train), dev, or all: both side by side (default: dev)",
    )
    p.set_defaults(func=cmd_eval)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsworker` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, load_settings()))
    except NewsworkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
