"""The `newsworker` argument parser: every subcommand, its options and the function that runs it."""

from __future__ import annotations

import argparse

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
from worker.launch import cmd_worker
from worker.local_commands import cmd_enqueue, cmd_process, cmd_redis, cmd_run
from worker.reprocess import cmd_reprocess

WEB_PORT = 8080  # the inspector's port, for `web` and `run --web`


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
    p.add_argument(
        "--web-port", type=int, default=WEB_PORT, help=f"the inspector's port (default {WEB_PORT})"
    )
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
    p.add_argument("--port", type=int, default=WEB_PORT, help=f"port to listen on (default {WEB_PORT})")
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
