"""Thin tasks: bind log context, call the pipeline, map errors to retry or fail."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import redis
import structlog
from celery import Celery, Task
from celery.exceptions import Reject, SoftTimeLimitExceeded

from worker import metrics
from worker.deadletter import fail, payload_fields, refuse
from worker.errors import InvalidArticleError, UnsupportedLanguageError
from worker.inputs import guess_id, to_article
from worker.languages import route
from worker.models import Article
from worker.pipeline import run_pipeline, stage_options
from worker.protocol import TASK_NAME
from worker.runtime import store_for
from worker.settings import Settings
from worker.store import Store
from worker.warmup import release_memory

TRANSIENT = (redis.ConnectionError, redis.TimeoutError)
log = structlog.get_logger()


def _json_bytes(value: Any) -> bytes:
    """A decoded payload as JSON bytes again, for its dead letter."""
    return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")


def _refuse_invalid(store: Store, payload: Any, max_text_chars: int) -> Article | None:
    """The article in a task call, or None after dead-lettering a call or an article that is invalid."""
    if isinstance(payload, BadCall):
        call = {"args": list(payload.args), "kwargs": payload.kwargs}
        article_id = guess_id(call)
        fields = payload_fields(_json_bytes(call), "call")
        refuse(store, article_id, "InvalidMessage", f"article {article_id}: {payload.problem()}", fields)
        return None
    try:
        return to_article(payload, max_text_chars)
    except InvalidArticleError as exc:
        given = payload.get("id") if isinstance(payload, dict) else None
        fields = payload_fields(_json_bytes(payload), "article", given if isinstance(given, str) else None)
        refuse(store, exc.article_id, "InvalidArticle", str(exc), fields)
        return None


def process(settings: Settings, payload: Any) -> str:
    """Validate, run the pipeline and commit the result; returns the final status."""
    store = store_for(settings)
    article = _refuse_invalid(store, payload, settings.max_text_chars)
    if article is None:
        return "failed"
    structlog.contextvars.bind_contextvars(article_id=article.id)
    attempts = store.mark_processing(article)
    if attempts < 0:
        store.announce_repeat(article.id)
        log.info("article_skipped", reason="already finished (a repeat or a redelivered duplicate)")
        return "skipped"
    structlog.contextvars.bind_contextvars(attempt=attempts)
    log.info("article_received")
    if attempts > settings.max_attempts:
        fail(
            store,
            article.id,
            article.title,
            "TooManyAttempts",
            f"article {article.id}: gave up after {attempts - 1} deliveries that never finished "
            "(the worker process died or hit the hard time limit each time)",
        )
        return "failed"
    return _run(settings, store, article)


def _run(settings: Settings, store: Store, article: Article) -> str:
    """Run the stages; a stage error fails this article alone and never the worker."""
    try:
        nlp, detection = route(article, settings.pipelines, settings.language_min_confidence)
        run = run_pipeline(nlp, article, stage_options(settings), detection=detection)
    except UnsupportedLanguageError as exc:  # never parsed by another language's model; retry once added
        fail(store, article.id, article.title, "UnsupportedLanguage", str(exc), exc)
        return "failed"
    except SoftTimeLimitExceeded:
        limit = settings.soft_time_limit_s
        fail(
            store,
            article.id,
            article.title,
            "TimeLimitExceeded",
            f"article {article.id}: took over {limit} s",
        )
        return "failed"
    except Exception as exc:  # a stage bug or hostile text: record it, keep the worker going
        fail(store, article.id, article.title, type(exc).__name__, f"article {article.id}: {exc}")
        return "failed"
    commit = store.commit(run.result)
    if commit.changed:
        metrics.observe("done", None, run.durations_ms, commit.enqueued_at)
    if logging.getLogger().isEnabledFor(logging.DEBUG):  # skip building three events nobody keeps
        for stage, ms in run.durations_ms.items():
            log.debug("stage_completed", stage=stage, duration_ms=round(ms, 2))
    log.info(
        "article_done",
        duration_ms=round(sum(run.durations_ms.values()), 2),
        entities=len(run.result.entities),
        quotes=len(run.result.quotes or []),
    )
    return "done"


def _one_payload(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The article from a task call: one positional argument or `article=`; anything else is invalid."""
    if len(args) == 1 and not kwargs:
        return args[0]
    if not args and set(kwargs) == {"article"}:
        return kwargs["article"]
    return BadCall(args, kwargs)


@dataclass(frozen=True)
class BadCall:
    """A task message whose arguments are not exactly one article."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def problem(self) -> str:
        """What was wrong, for the error record."""
        got = f"got {len(self.args)} args and kwargs {sorted(self.kwargs)}"
        return f"task message must carry one article argument, {got}"


def register_tasks(app: Celery, settings: Settings) -> None:
    """Register the article task on `app`."""

    @app.task(name=TASK_NAME, bind=True)  # type: ignore[untyped-decorator]
    def process_article(self: Task, *args: Any, **kwargs: Any) -> str:
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(task_id=self.request.id)
        try:
            return process(settings, _one_payload(args, kwargs))
        except (SoftTimeLimitExceeded, *TRANSIENT) as exc:
            # No final state could be recorded (Redis unreachable past the retry budget): give the
            # message back; if even that fails it stays unacked and the visibility sweep restores it.
            log.warning("article_requeued", error_type=type(exc).__name__, error=str(exc))
            raise Reject(str(exc), requeue=True) from exc
        finally:  # a pool child's private memory stays flat (docs/benchmarks.md, memory)
            release_memory()
