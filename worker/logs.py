"""Logging set-up: every line (ours, Celery's, kombu's, tracebacks) as JSON for machines, or for a console."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog

from worker.settings import Settings

# Celery and kombu log every task's receipt and success; our article_received/article_done lines say the
# same with the article id, so below DEBUG these loggers keep only their warnings.
CHATTY_LOGGERS = ("celery.app.trace", "celery.worker.strategy")


def wants_console(settings: Settings, stream: TextIO | None = None) -> bool:
    """Whether lines are for a person (console) rather than a machine (JSON)."""
    if settings.log_format != "auto":
        return settings.log_format == "console"
    return (stream or sys.stderr).isatty()


def _shared_processors() -> list[structlog.typing.Processor]:
    """The fields every line carries, from structlog or from a stdlib `logging` record."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]


def formatter(console: bool) -> structlog.stdlib.ProcessorFormatter:
    """The one formatter of the root handler: renders structlog events and foreign records alike."""
    final: list[structlog.typing.Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if console:
        final.append(structlog.dev.ConsoleRenderer())
    else:  # a traceback becomes the `exception` field of its line, never lines of its own
        final += [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()]
    return structlog.stdlib.ProcessorFormatter(foreign_pre_chain=_shared_processors(), processors=final)


def configure_logging(settings: Settings, stream: TextIO | None = None) -> None:
    """Route structlog and every stdlib logger (Celery, kombu, warnings) through one stderr handler."""
    level = logging.getLevelName(settings.log_level)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(wants_console(settings, stream)))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    for name in ("celery", "celery.task", "celery.redirected", "kombu"):  # none prints on its own
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    logging.captureWarnings(True)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_shared_processors(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        wrapper_class=structlog.stdlib.BoundLogger,
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
    if level > logging.DEBUG:
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


def route_celery_messages() -> None:
    """Send the worker's own shutdown notices (printed, not logged, by Celery) through logging."""
    from celery.apps import worker as celery_worker

    notices = logging.getLogger("celery.apps.worker")

    def say(message: str, *_: Any, **__: Any) -> None:
        notices.warning("%s", message)

    celery_worker.safe_say = say
