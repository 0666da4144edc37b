"""Starting a worker: refuse early when it cannot work, then run Celery's worker and return its status."""

from __future__ import annotations

import argparse
import os
import socket
import sys
import time

import redis

from worker.errors import ConfigurationError
from worker.settings import Settings

# The prefork pool, whose children exit without a one-second pause (worker/pool.py).
PREFORK = "worker.pool:PromptTaskPool"


def _await_redis(settings: Settings) -> None:
    """Wait up to BROKER_RETRY_BUDGET_S for Redis to answer; refused credentials or rights fail at once."""
    from worker.runtime import open_store

    deadline = time.monotonic() + settings.broker_retry_budget_s
    while True:
        try:
            open_store(settings).check_access(settings.queue)
            return
        except (redis.AuthenticationError, redis.exceptions.NoPermissionError):
            raise
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            if time.monotonic() > deadline:
                raise
            print(f"waiting for Redis: {exc}", file=sys.stderr, flush=True)
            time.sleep(1.0)


def _preflight(settings: Settings) -> None:
    """Refuse to start a worker that cannot work: Redis unreachable or refusing it, or no spaCy model."""
    from worker.loader import load_nlp

    _await_redis(settings)
    try:
        load_nlp(settings.spacy_model)  # cached: the worker's own load before forking reuses it
    except Exception as exc:
        raise ConfigurationError(f"spaCy model {settings.spacy_model!r} could not be loaded: {exc}") from None


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    """Start a Celery worker consuming the article queue; returns its exit status (non-zero: it failed)."""
    from celery import signals

    from worker.celery_app import make_celery
    from worker.health import remove_heartbeat
    from worker.local import with_redis
    from worker.logs import configure_logging, route_celery_messages, wants_console

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # SIGTERM as a bounded soft shutdown: finish the current article within SHUTDOWN_WINDOW_S, then hand
    # back what is unfinished (billiard reads this when first imported, so before Celery loads).
    os.environ.setdefault("REMAP_SIGTERM", "SIGQUIT")
    settings = with_redis(settings)
    configure_logging(settings)
    signals.setup_logging.connect(lambda **_: None, weak=False)  # a receiver: Celery keeps our handlers
    console = wants_console(settings)
    if not console:
        route_celery_messages()
    _preflight(settings)
    if settings.metrics_port:
        from worker.metrics import prepare_multiprocess_dir

        prepare_multiprocess_dir(settings.data_dir)
    app = make_celery(settings)
    hostname = f"newsworker-{os.getpid()}@{socket.gethostname()}"
    remove_heartbeat(settings.data_dir, hostname)  # a restarted container may reuse the pid
    worker = app.Worker(
        hostname=hostname,
        queues=[settings.queue],
        concurrency=args.concurrency or settings.concurrency,
        pool_cls=PREFORK if args.pool == "prefork" else args.pool,
        loglevel=settings.log_level,
        without_gossip=True,
        without_mingle=True,
        quiet=not console,  # the banner is a picture, not a log line
    )
    worker.start()
    return int(worker.exitcode or 0)
