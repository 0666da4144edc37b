"""The commands that set work going from this machine: run, process, enqueue, and the embedded redis."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from typing import IO

from worker.inputs import Loaded, read_inputs
from worker.models import ErrorInfo
from worker.settings import Settings


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
