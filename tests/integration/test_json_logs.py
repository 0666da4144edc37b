"""With LOG_FORMAT=json every line a real worker writes to stderr is one JSON object, Celery's included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import RedisServer, WorkerProcess, wait_for, worker_env
from worker.celery_app import make_celery
from worker.keys import Keys
from worker.local import wait_until_finished
from worker.protocol import TASK_NAME
from worker.settings import Settings
from worker.store import Store, connect

pytestmark = pytest.mark.integration


def test_every_stderr_line_of_a_json_worker_parses(redis_server: RedisServer, tmp_path: Path) -> None:
    """Start-up, articles done and failed, a refused unknown task and the shutdown are all JSON lines."""
    env = worker_env(redis_server.url, "jsonlog", data_dir=str(tmp_path / "data"), metrics_port="0")
    store = Store(connect(redis_server.url), Keys("jsonlog"))
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    worker = WorkerProcess(env, out, concurrency=1, stderr_path=err)
    worker.start()
    try:
        wait_for(lambda: store.live_workers(), 90, f"the worker (stderr: {err})")
        app = make_celery(Settings(redis_url=redis_server.url, key_prefix="jsonlog", queue="jsonlog"))
        app.send_task(
            TASK_NAME, args=[{"id": "log-1", "text": "Aiko Tanaka said it works."}], queue="jsonlog"
        )
        app.send_task(TASK_NAME, args=[{"id": "log-2", "text": " "}], queue="jsonlog")
        app.send_task("no.such.task", args=[1], queue="jsonlog")
        assert wait_until_finished(store, ["log-1", "log-2"], 60, progress=False) == []
        wait_for(lambda: "no.such.task" in err.read_text(), 30, "the unknown task's refusal")
    finally:
        worker.stop(60)
    lines = [json.loads(line) for line in err.read_text().splitlines()]  # fails on any line not JSON
    assert out.read_text() == ""
    assert all({"event", "level", "timestamp", "logger"} <= set(line) for line in lines)
    events = {(line["logger"], line["event"]) for line in lines}
    assert ("worker.tasks", "article_done") in events and ("worker.deadletter", "article_failed") in events
    assert any(logger == "celery.apps.worker" and event.endswith(" ready.") for logger, event in events)
    assert any(event == "worker: Cold shutdown (MainProcess)" for _logger, event in events)
    [unknown] = [line for line in lines if "no.such.task" in str(line.get("error"))]
    assert unknown["event"] == "article_failed" and unknown["error_type"] == "InvalidMessage"
