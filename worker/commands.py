"""The read-side and maintenance subcommands: show, status, find, watch, export, retry, check, eval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import IO

from worker.settings import Settings


def cmd_retry(args: argparse.Namespace, settings: Settings) -> int:
    """Publish failed articles again: from their text, their dead letter's payload, or --payload FILE."""
    from pathlib import Path

    from worker.local import with_redis
    from worker.producer import open_producer

    producer = open_producer(with_redis(settings))
    ids = list(args.ids) + (producer.store.finished_ids("failed", limit=0) if args.failed else [])
    if args.failed and not ids:
        print("no failed articles")
        return 0
    if not ids or (args.payload and len(ids) != 1):
        print("error: name article ids or use --failed (--payload takes exactly one id)", file=sys.stderr)
        return 2
    payload = Path(args.payload).read_bytes() if args.payload else None
    missing = 0
    for article_id in ids:
        how = producer.retry(article_id, payload)
        if how is None:
            missing += 1
            print(f"error: {article_id}: no stored text or complete payload (use --payload FILE)")
        else:
            print(f"requeued {article_id} (from its {how})")
    return 1 if missing else 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when a worker on this machine is alive and consuming, 1 otherwise (for probes)."""
    from worker.health import check

    ok, reason = check(settings.data_dir, max_age_s=args.max_age or settings.heartbeat_ttl_s)
    print(reason, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print an article's stored result (or its status while unfinished)."""
    from worker.local import with_redis
    from worker.results import shown
    from worker.runtime import open_store

    found = shown(open_store(with_redis(settings)), args.id)
    if found is None:
        print(f"error: no article {args.id!r} in Redis", file=sys.stderr)
        return 1
    data, finished = found
    if finished and args.field:
        print(json.dumps(data[args.field], ensure_ascii=False, indent=2))
    else:
        print(json.dumps(data, ensure_ascii=False))
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print queue length, articles by status and live workers."""
    from worker.local import with_redis
    from worker.runtime import open_store

    store = open_store(with_redis(settings))
    counts = store.counts()
    workers = store.live_workers()
    print(f"queue {settings.queue}: {store.queue_length(settings.queue)} messages waiting")
    print("articles: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    print(f"workers alive: {len(workers)}" + (f" ({', '.join(workers)})" if workers else ""))
    print(f"dead letters: {store.deadletter_count()}")
    languages = store.language_counts()
    if languages:
        print(
            "languages: "
            + ", ".join(f"{lang} {c['done']} done, {c['failed']} failed" for lang, c in languages.items())
        )
    return 0


def cmd_find(args: argparse.Namespace, settings: Settings) -> int:
    """List the articles that mention or quote a name."""
    from worker.local import with_redis
    from worker.results import find
    from worker.runtime import open_store

    store = open_store(with_redis(settings))
    if args.reindex:
        print(f"name index rebuilt from {store.rebuild_name_index()} stored results", file=sys.stderr)
    lines = find(store, args.name, settings.entity_labels)
    print("\n".join(lines) if lines else f"no article mentions or quotes {args.name!r}")
    return 0 if lines else 1


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    """Print each finished article as it lands."""
    from worker.local import with_redis
    from worker.results import describe, follow
    from worker.runtime import open_store

    for result in follow(open_store(with_redis(settings)), from_start=args.from_start, limit=args.count):
        print(describe(result), flush=True)
    return 0


def cmd_web(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the read-only web inspector over the results in Redis."""
    from worker.local import with_redis
    from worker.web.server import serve

    serve(with_redis(settings), args.host, args.port)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write stored results as JSON lines."""
    from worker.local import with_redis
    from worker.results import export, parse_since
    from worker.runtime import open_store

    store = open_store(with_redis(settings))
    since = parse_since(args.since) if args.since else 0.0
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        count = export(store, since, out)
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"exported {count} results", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run a stage's evaluation and print its figures."""
    import importlib
    import inspect
    from pathlib import Path

    from worker.evaluation.common import default_eval_dir

    module = importlib.import_module(f"worker.evaluation.{args.stage}")
    main: Callable[..., int] = module.main
    folder = Path(args.eval_dir) if args.eval_dir else default_eval_dir()
    if "split" not in inspect.signature(main).parameters:  # an evaluation with one split only
        if args.split != "dev":
            print(f"error: the {args.stage} evaluation has only a dev split", file=sys.stderr)
            return 2
        return main(folder, limit=args.limit)
    return main(folder, limit=args.limit, split=args.split)
