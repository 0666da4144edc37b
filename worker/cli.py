"""The `newsworker` command: argument parsing only; the work is done by library functions."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import IO

from worker.cli_help import DESCRIPTION, PATHS_HELP, Subcommands, Version, command
from worker.commands import (
    cmd_check,
    cmd_eval,
    cmd_export,
    cmd_find,
    cmd_retry,
    cmd_show,
    cmd_status,
    cmd_watch,
    cmd_web,
)
from worker.errors import NewsworkerError
from worker.inputs import Loaded, read_inputs
from worker.launch import cmd_worker
from worker.models import ErrorInfo
from worker.reprocess import cmd_reprocess
from worker.settings import Settings, load_settings


def redis_problem(exc: BaseException) -> str | None:
    """One line for a Redis or broker failure a user can fix (None: not one of those)."""
    import redis
    from kombu.exceptions import OperationalError

    if isinstance(exc, redis.AuthenticationError | redis.exceptions.AuthenticationWrongNumberOfArgsError):
        return f"Redis refused the credentials ({exc}): check the user and password in NEWSWORKER_REDIS_URL"
    if isinstance(exc, redis.exceptions.NoPermissionError):
        return f"the Redis user lacks a permission ({exc}): see deploy/redis/users.acl"
    if isinstance(exc, redis.ConnectionError | redis.TimeoutError | OperationalError):
        return f"Redis unreachable ({exc}): is it running, and is NEWSWORKER_REDIS_URL right?"
    if isinstance(exc, redis.RedisError):
        return f"Redis error: {exc}"
    return None


def _no_articles(paths: Sequence[str]) -> int:
    """Say that the inputs held nothing to process; exit status 1."""
    print(f"error: no articles in {', '.join(paths)}", file=sys.stderr)
    return 1


def _report(loaded: Loaded) -> None:
    """Tell the user, on one stderr line, which input was bad and why."""
    print(f"error: {loaded.origin}: {loaded.error}", file=sys.stderr)


def cmd_process(args: argparse.Namespace, settings: Settings) -> int:
    """Run the pipeline here, with no Redis and no queue; one result JSON per line."""
    os.environ.setdefault(
        "OMP_NUM_THREADS", "1"
    )  # before numpy loads: one BLAS thread per process is fastest
    from worker.pipeline import pipeline_version, routed_result
    from worker.store import failed_result

    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    bad = seen = 0
    try:
        for loaded in read_inputs(args.paths, settings.max_text_chars):
            seen += 1
            if loaded.error is not None:
                _report(loaded)
                bad += 1
                error = ErrorInfo(type="InvalidArticle", message=str(loaded.error))
                result = failed_result(loaded.error.article_id, None, pipeline_version(), error)
            else:
                assert loaded.article is not None
                result = routed_result(loaded.article, settings)
            out.write(result.model_dump_json() + "\n")
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    if not seen:
        return _no_articles(args.paths)
    return 1 if bad else 0


def _enqueue_all(
    paths: Sequence[str], settings: Settings, progress: bool, force: bool = False
) -> tuple[list[str], int]:
    """Publish every good article; report bad and duplicate ones; returns (ids, number of bad inputs)."""
    from tqdm import tqdm

    from worker.producer import open_producer

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
    if not ids and not bad:
        return _no_articles(args.paths)
    for article_id in ids:
        print(article_id)
    return 1 if bad else 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """The main job: Redis (embedded unless configured), local workers, enqueue, wait, print the table."""
    from worker.local import (
        redis_cli_line,
        results_table,
        wait_until_finished,
        with_redis,
        worker_for,
    )
    from worker.runtime import open_store

    settings = with_redis(settings)
    store = open_store(settings)
    inspector = _start_inspector(settings, args.web_port) if args.web else None
    process = worker_for(settings, args.concurrency or settings.concurrency)
    process.start()
    try:
        ids, bad = _enqueue_all(args.paths, settings, progress=True)
        pending = wait_until_finished(store, ids, args.timeout)
    finally:
        process.stop()
    if not ids and not bad:
        return _no_articles(args.paths)
    results = [r for r in (store.result(i) for i in ids) if r is not None]
    print(results_table(results))
    if ids:
        print(f"\nRead the results with: {redis_cli_line(settings, ids[0])}")
    if pending:
        print(
            f"error: {len(pending)} articles unfinished after {args.timeout:.0f}s: {', '.join(pending[:5])}",
            file=sys.stderr,
        )
    if inspector is not None:
        _keep_serving(inspector, args.web_port)
    return 1 if bad or pending else 0


def _start_inspector(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    """Start the web inspector beside the run and print its address."""
    from worker.web.server import address, start_inspector

    process = start_inspector(settings, "127.0.0.1", port, str(settings.data_dir / "web.log"))
    print(f"Inspector: {address('127.0.0.1', port)} (watch the articles land)", flush=True)
    return process


def _keep_serving(process: subprocess.Popen[bytes], port: int) -> None:
    """Keep the inspector up after the run until Ctrl-C, then stop it."""
    from worker.web.server import address

    print(f"\nInspector: {address('127.0.0.1', port)} (Ctrl-C to stop)", flush=True)
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def cmd_redis(args: argparse.Namespace, settings: Settings) -> int:
    """Start, stop or locate the embedded Redis under DATA_DIR."""
    from worker.embedded import EmbeddedRedis

    embedded = EmbeddedRedis(settings.data_dir)
    if args.action == "stop":
        print("stopped" if embedded.stop() else "not running")
        return 0
    print(embedded.ensure_running() if args.action == "start" else (embedded.running_url() or "not running"))
    return 0


def _add_local(sub: Subcommands) -> None:
    """Commands that run the work on this machine: run, process, worker, redis."""
    p = command(
        sub, "run", "process articles end to end here: Redis, a local worker, a results table", cmd_run
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    p.add_argument(
        "--concurrency", type=int, default=0, metavar="N", help="worker processes (default: CONCURRENCY)"
    )
    p.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the articles (600)")
    p.add_argument("--web", action="store_true", help="also serve the web inspector, until Ctrl-C")
    p.add_argument("--web-port", type=int, default=8080, help="the inspector's port (default 8080)")
    p = command(
        sub, "process", "run the pipeline in this process, without Redis; JSON lines out", cmd_process
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    p.add_argument("-o", "--output", metavar="FILE", help="write the results here instead of stdout")
    p = command(sub, "worker", "start a worker that takes articles from the queue", cmd_worker)
    p.add_argument(
        "--concurrency", type=int, default=0, help="pool processes, one per core (default: CONCURRENCY)"
    )
    p.add_argument(
        "--pool", default="prefork", choices=["prefork", "solo", "threads"], help="pool kind (prefork)"
    )
    p = command(sub, "redis", "start or stop the local embedded Redis, or print its URL", cmd_redis)
    p.add_argument("action", choices=["start", "stop", "url"], help="what to do")


def _add_queue(sub: Subcommands) -> None:
    """Commands that put articles on the queue: enqueue, retry, reprocess."""
    p = command(sub, "enqueue", "publish articles to the queue and print their ids", cmd_enqueue)
    p.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    p.add_argument("--force", action="store_true", help="queue again even if the same text is queued or done")
    p = command(sub, "retry", "queue failed articles again from their stored text", cmd_retry)
    p.add_argument("ids", nargs="*", metavar="ID", help="article ids")
    p.add_argument("--failed", action="store_true", help="every failed article")
    p.add_argument(
        "--payload", metavar="FILE", help="replaces the kept payload (an article JSON or a queue envelope)"
    )
    _add_reprocess(sub)


def _add_reprocess(sub: Subcommands) -> None:
    """`newsworker reprocess --stale | --all | ID...` remakes stored results with this pipeline."""
    p = command(
        sub, "reprocess", "queue stored articles again to remake their results with this code", cmd_reprocess
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="these articles, whatever their version")
    p.add_argument("--stale", action="store_true", help="finished articles made by another pipeline version")
    p.add_argument("--all", action="store_true", help="every finished article")
    p.add_argument("--dry-run", action="store_true", help="only print how many would be queued")


def _add_read(sub: Subcommands) -> None:
    """Commands that read what is stored: show, status, find, watch, export, check."""
    p = command(sub, "show", "print an article's stored result as JSON", cmd_show)
    p.add_argument("id", metavar="ID", help="the article id")
    p.add_argument("--field", choices=["summary", "entities", "quotes", "error"], help="only this part")
    command(
        sub, "status", "show the queue length, articles by status, live workers, dead letters", cmd_status
    )
    p = command(sub, "find", "list the articles that mention or quote a name", cmd_find)
    p.add_argument(
        "name", metavar="NAME", help="a name, a part of one ('Wang' finds 'Wang Yi') or an alias ('US')"
    )
    p.add_argument("--reindex", action="store_true", help="first backfill the name index from stored results")
    p = command(sub, "web", "serve the read-only web inspector over the results in Redis", cmd_web)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    p = command(sub, "watch", "print each article as it finishes", cmd_watch)
    p.add_argument("--from-start", action="store_true", help="replay every recorded finish first")
    p.add_argument("--count", type=int, metavar="N", help="stop after N articles")
    p = command(sub, "export", "write stored results as JSON lines", cmd_export)
    p.add_argument(
        "--since", metavar="TIME", help="only results finished since TIME (ISO-8601 or Unix seconds)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p = command(
        sub, "check", "exit 0 if this machine's worker is alive and consuming (a health probe)", cmd_check
    )
    p.add_argument(
        "--max-age", type=float, default=0, metavar="S", help="heartbeat age limit (HEARTBEAT_TTL_S)"
    )


def _add_eval(sub: Subcommands) -> None:
    """`newsworker eval quotes|entities|summary` scores a stage on ../shared/eval."""
    p = command(sub, "eval", "score a stage against the gold data in ../shared/eval", cmd_eval)
    p.add_argument("stage", choices=["quotes", "entities", "summary"], help="the stage to score")
    p.add_argument("--eval-dir", metavar="DIR", help="folder of the gold files (default: ../shared/eval)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N examples of each file")
    p.add_argument(
        "--split",
        choices=["train", "dev", "all"],
        default="dev",
        help="train (PolNeAR/CoNLL train), dev, or all: both side by side (default: dev)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="newsworker", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action=Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")
    _add_local(sub)
    _add_queue(sub)
    _add_read(sub)
    _add_eval(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsworker` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, load_settings()))
    except NewsworkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        problem = redis_problem(exc)
        if problem is None:
            raise
        print(f"error: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
