"""Log lines: one JSON object per line for machines (stdlib records and tracebacks included), or for a console."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from worker.logs import configure_logging
from worker.settings import Settings


@pytest.fixture
def restored_logging() -> Iterator[None]:
    """Put the root logger and structlog back as they were after the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers, root.level = handlers, level
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_structlog_events_and_stdlib_records_are_json_lines(restored_logging: None) -> None:
    """Our events and a third-party logger's record come out as JSON with the same fields."""
    stream = io.StringIO()
    configure_logging(Settings(log_format="json"), stream)
    structlog.contextvars.bind_contextvars(article_id="a-1")
    structlog.get_logger("worker.tasks").info("article_done", duration_ms=1.5)
    logging.getLogger("kombu.connection").warning("lost %s, retrying", "the broker")
    done, kombu = _lines(stream)
    assert {k: v for k, v in done.items() if k != "timestamp"} == {
        "event": "article_done",
        "duration_ms": 1.5,
        "article_id": "a-1",
        "level": "info",
        "logger": "worker.tasks",
    }
    assert {k: v for k, v in kombu.items() if k != "timestamp"} == {
        "event": "lost the broker, retrying",
        "article_id": "a-1",
        "level": "warning",
        "logger": "kombu.connection",
    }
    assert str(done["timestamp"]).endswith("Z")


def test_a_traceback_is_a_field_of_its_one_line(restored_logging: None) -> None:
    """`logger.exception` from stdlib logging gives one JSON line whose `exception` holds the traceback."""
    stream = io.StringIO()
    configure_logging(Settings(log_format="json"), stream)
    try:
        {}["missing"]
    except KeyError:
        logging.getLogger("celery.worker.consumer").exception("task failed")
    [line] = _lines(stream)
    assert line["event"] == "task failed" and line["level"] == "error"
    assert str(line["exception"]).startswith("Traceback (most recent call last):")
    assert str(line["exception"]).endswith("KeyError: 'missing'")


def test_console_format_is_not_json(restored_logging: None) -> None:
    """With LOG_FORMAT=console the same event is a readable line, not a JSON object."""
    stream = io.StringIO()
    configure_logging(Settings(log_format="console"), stream)
    structlog.get_logger("worker.tasks").info("article_done", article_id="a-2")
    text = stream.getvalue()
    assert "article_done" in text and "article_id" in text and not text.lstrip().startswith("{")


def test_below_debug_celerys_per_task_lines_are_quiet(restored_logging: None) -> None:
    """At INFO, Celery's per-task 'received'/'succeeded' loggers keep only warnings."""
    stream = io.StringIO()
    configure_logging(Settings(log_format="json", log_level="INFO"), stream)
    logging.getLogger("celery.app.trace").info("Task succeeded")
    logging.getLogger("celery.worker.strategy").info("Task received")
    assert stream.getvalue() == ""
