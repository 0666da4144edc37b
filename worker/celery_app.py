"""make_celery(settings): the only place Celery is configured."""

from __future__ import annotations

import gc
import os
import ssl
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlparse

import structlog
from celery import Celery, bootsteps, signals

from worker import metrics, probes
from worker.health import Heartbeat
from worker.protocol import TASK_NAME
from worker.settings import Settings

log = structlog.get_logger()
SSL_REQS = {"required": ssl.CERT_REQUIRED, "optional": ssl.CERT_OPTIONAL, "none": ssl.CERT_NONE}


def broker_ssl(url: str | None) -> dict[str, Any] | None:
    """kombu's SSL options for a rediss:// broker URL, from its query (certificates verified by default)."""
    if not url or not url.startswith("rediss://"):
        return None
    query = {k: v[-1] for k, v in parse_qs(urlparse(url).query).items()}
    options: dict[str, Any] = {"ssl_cert_reqs": SSL_REQS[query.get("ssl_cert_reqs", "required").lower()]}
    for name in ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile"):
        if name in query:
            options[name] = query[name]
    return options


def publishing_config(settings: Settings) -> dict[str, Any]:
    """What a producer needs: the broker, JSON only, the default queue."""
    return {
        "broker_use_ssl": broker_ssl(settings.broker),
        "broker_url": settings.broker,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "task_default_queue": settings.queue,
        "broker_connection_retry_on_startup": True,
    }


def _vetting_transport(settings: Settings) -> dict[str, Any]:
    """The gate in front of kombu's Redis transport (worker/transport.py), for a Redis broker."""
    if not (settings.broker or "").startswith(("redis://", "rediss://", "unix://")):
        return {}
    from worker.transport import Transport

    return {"broker_transport": Transport}


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings: JSON only, late acks that survive a lost worker, one message at a time."""
    return {
        **publishing_config(settings),
        **_vetting_transport(settings),
        "event_serializer": "json",
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure": True,
        "task_acks_on_timeout": False,  # a hard time limit kill requeues (and counts an attempt)
        "worker_prefetch_multiplier": 1,
        "worker_max_tasks_per_child": settings.max_articles_per_child,
        "task_soft_time_limit": settings.soft_time_limit_s,
        "task_time_limit": settings.time_limit_s,
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout_s,
            "unacked_restore_interval": settings.restore_interval_s,
            "unacked_restore_throttle": 1,
            # The sweep holds a lock; kombu's default 300 s expiry means a worker killed mid-sweep blocks
            # every restore for five minutes (seen in the chaos suite). A sweep takes milliseconds.
            "unacked_mutex_expire": max(10, 3 * settings.restore_interval_s),
            "newsworker_settings": settings,  # the transport's gate dead-letters through the Store
        },
        # Retries ~1 s apart (worker/consumer.py), so this many is a budget in seconds; then exit 1.
        "broker_connection_max_retries": settings.broker_retry_budget_s,
        # On a lost connection, cancel running articles (their pool child is replaced) rather than let them
        # run on: their acks would go through the dead connection, so their messages would wait out the
        # visibility timeout. The consumer restores them as soon as Redis is back, and redoing an article
        # is idempotent (worker/lua.py). Celery warns while this is unset.
        "worker_cancel_long_running_tasks_on_connection_loss": True,
        "worker_soft_shutdown_timeout": float(settings.shutdown_window_s),
        "worker_enable_soft_shutdown_on_idle": False,  # idle: exit at once (reserved messages are restored)
        "worker_hijack_root_logger": False,
        "worker_consumer": "worker.consumer:DeadLetteringConsumer",
        # Off unless asked: sending them costs the main process ~2-3 ms per article (docs/benchmarks.md).
        # Flower switches them on by itself (its `enable_events`), so it still sees every task.
        "worker_send_task_events": settings.task_events,
        "task_send_sent_event": True,
    }


def make_publisher(settings: Settings) -> Celery:
    """A publishing-only Celery app: no task registered, no worker signals, no NLP loaded."""
    app = Celery("newsworker-producer", set_as_current=False)
    app.conf.update(publishing_config(settings))
    return app


def make_celery(settings: Settings) -> Celery:
    """A Celery app for these settings with the article task registered."""
    from worker.shutdown import PromptCelery
    from worker.tasks import register_tasks

    app = PromptCelery("newsworker", set_as_current=False)
    app.conf.update(celery_config(settings))
    app.newsworker_settings = settings  # read by the dead-lettering consumer
    register_tasks(app, settings)
    _connect_worker_signals(app, settings)
    return app


def _consuming(consumer: Any) -> Callable[[], bool]:
    """Whether the consumer is running with a live broker connection."""

    def check() -> bool:
        connection = getattr(consumer, "connection", None)
        return bool(
            consumer.blueprint.state == bootsteps.RUN and connection is not None and connection.connected
        )

    return check


def _sweeper(app: Celery, settings: Settings) -> Callable[[], object]:
    """The janitor's sweep for this worker: publish again the articles whose message was lost."""
    from worker.janitor import requeue_lost
    from worker.runtime import store_for

    def publish(article: dict[str, Any]) -> None:
        app.send_task(TASK_NAME, args=[article], queue=settings.queue)

    return lambda: requeue_lost(store_for(settings), settings, publish)


def _serve_metrics(settings: Settings, heartbeat: Heartbeat) -> None:
    """Serve /metrics, /healthz and /readyz on METRICS_PORT (0: off); a taken port only loses them."""
    if not settings.metrics_port:
        return
    from worker.runtime import store_for

    def read() -> tuple[int, int, float]:
        store = store_for(settings)
        age = time.time() - heartbeat.last_beat
        return store.queue_length(settings.queue), store.deadletter_count(), age

    try:
        probes.serve(settings.metrics_port, probes.application(metrics.metrics_app(read), heartbeat.state))
    except OSError as exc:
        log.warning("metrics_unavailable", port=settings.metrics_port, error=str(exc))


def _connect_worker_signals(app: Celery, settings: Settings) -> None:
    """Load spaCy in the main process before forking; heartbeat and metrics while the worker runs."""
    running: list[Heartbeat] = []

    def on_init(sender: Any = None, **_: Any) -> None:
        if getattr(sender, "app", None) is not app:
            return
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from worker.languages import load_pipelines
        from worker.pipeline import stage_options
        from worker.warmup import warm

        loaded = load_pipelines(settings.pipelines)
        try:  # shared with the pool children instead of built in each (docs/benchmarks.md, memory)
            warm([settings.pipelines[language] for language in loaded], stage_options(settings))
        except Exception as exc:  # a slower, heavier start is no reason to stop the worker
            log.warning("warm_up_failed", error=f"{type(exc).__name__}: {exc}")
        gc.collect()
        gc.freeze()  # pages shared with forked pool children stay shared

    def on_ready(sender: Any = None, **_: Any) -> None:
        if getattr(sender, "app", None) is app:
            heartbeat = Heartbeat(settings, sender.hostname, _consuming(sender), _sweeper(app, settings))
            heartbeat.start()
            running.append(heartbeat)
            _serve_metrics(settings, heartbeat)

    def on_shutdown(**_: Any) -> None:
        while running:  # sent on SIGTERM (a cold shutdown here, which skips worker_shutdown) and at exit
            running.pop().shutdown()
        metrics.remove_multiprocess_dir()

    def on_child_exit(pid: int | None = None, **_: Any) -> None:
        metrics.process_exited(pid or os.getpid())

    signals.worker_init.connect(on_init, weak=False)
    signals.worker_ready.connect(on_ready, weak=False)
    signals.worker_shutting_down.connect(on_shutdown, weak=False)
    signals.worker_shutdown.connect(on_shutdown, weak=False)
    signals.worker_process_shutdown.connect(on_child_exit, weak=False)
