"""A real worker answers /healthz and /readyz on its metrics port, and 404 off its three paths."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import RedisServer, WorkerProcess, wait_for, worker_env
from worker.embedded import free_port

pytestmark = pytest.mark.integration


def _get(port: int, path: str) -> tuple[int, str]:
    """Status code and body of a GET on the worker's port."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


def test_a_running_worker_answers_its_probes(redis_server: RedisServer, tmp_path: Path) -> None:
    """Once ready the worker is 200 on /healthz and /readyz, serves /metrics, and 404s other paths."""
    port = free_port()
    env = worker_env(redis_server.url, "probes", data_dir=str(tmp_path / "data"), metrics_port=str(port))
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=1)
    worker.start()
    try:
        wait_for(lambda: _get(port, "/readyz")[0] == 200, 90, f"/readyz (log: {tmp_path / 'worker.log'})")
        status, body = _get(port, "/healthz")
        assert status == 200 and body.startswith("ok: newsworker-") and "consuming" in body
        status, body = _get(port, "/metrics")
        assert status == 200 and "newsworker_queue_length 0.0" in body
        assert _get(port, "/nope") == (404, "no such path /nope: /metrics, /healthz, /readyz\n")
    finally:
        worker.stop()
