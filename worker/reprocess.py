"""`newsworker reprocess`: queue stored articles again so that the running pipeline version remakes them."""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from worker.settings import Settings
from worker.store import Store


def choose(store: Store, ids: list[str], everything: bool, current: str) -> list[str]:
    """The ids to redo: those named, else the finished articles with text (all, or the stale ones)."""
    if ids:
        return ids
    versions = store.reprocessable()
    return sorted(aid for aid, version in versions.items() if everything or version != current)


def _articles(count: int) -> str:
    """`1 article`, `2 articles`."""
    return f"{count} article" + ("" if count == 1 else "s")


def cmd_reprocess(args: argparse.Namespace, settings: Settings) -> int:
    """Re-enqueue stored articles whose pipeline version differs from this code's (or all, or those named)."""
    from worker.local import with_redis
    from worker.pipeline import pipeline_version
    from worker.producer import open_producer

    if bool(args.ids) + args.stale + args.all != 1:
        print("error: give article ids, --stale or --all (one of them)", file=sys.stderr)
        return 2
    current = pipeline_version()
    producer = open_producer(with_redis(settings))
    chosen = choose(producer.store, list(args.ids), args.all, current)
    if args.dry_run:
        print(f"would requeue {_articles(len(chosen))} (pipeline now {current})")
        return 0
    missing = [
        aid
        for aid in tqdm(
            chosen, desc="requeued", unit="article", file=sys.stderr, disable=not sys.stderr.isatty()
        )
        if not producer.retry(aid)
    ]
    for aid in missing:
        print(f"error: no stored text for {aid}", file=sys.stderr)
    print(f"requeued {_articles(len(chosen) - len(missing))} for pipeline {current}")
    return 1 if missing else 0
