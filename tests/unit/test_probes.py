"""The worker's HTTP routes: /metrics, /healthz and /readyz from the heartbeat, 404 for anything else."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from wsgiref.types import StartResponse, WSGIEnvironment

from worker.health import Heartbeat
from worker.probes import application
from worker.settings import Settings


def _metrics(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"newsworker_queue_length 0\n"]


def _get(heartbeat: Heartbeat, path: str) -> tuple[str, str]:
    """(status line, body) of a GET on the worker's app."""
    answer: list[str] = []
    body = application(_metrics, heartbeat.state)(
        {"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda status, headers: answer.append(status)
    )
    return answer[0], b"".join(body).decode()


def _heartbeat(age_s: float, consuming: bool) -> Heartbeat:
    beat = Heartbeat(Settings(heartbeat_ttl_s=30), "newsworker-1@pod", lambda: consuming)
    beat.last_beat, beat.last_consuming = time.time() - age_s, consuming
    return beat


def test_a_fresh_consuming_worker_is_alive_and_ready() -> None:
    """Both probes answer 200 with the host name while the heartbeat is fresh and the worker consumes."""
    beat = _heartbeat(2, consuming=True)
    for path in ("/healthz", "/readyz"):
        status, body = _get(beat, path)
        assert status == "200 OK" and body.startswith("ok: newsworker-1@pod consuming, heartbeat 2.")


def test_a_worker_without_a_broker_is_alive_but_not_ready() -> None:
    """Not consuming (broker down, shutting down): /healthz 200, /readyz 503 saying why."""
    beat = _heartbeat(2, consuming=False)
    assert _get(beat, "/healthz")[0] == "200 OK"
    assert _get(beat, "/readyz") == (
        "503 Service Unavailable",
        "worker alive but not consuming (broker connection down or shutting down)\n",
    )


def test_a_stale_heartbeat_fails_both_probes() -> None:
    """A heartbeat older than HEARTBEAT_TTL_S (a stuck main process) is 503 on both paths."""
    beat = _heartbeat(45, consuming=True)
    for path in ("/healthz", "/readyz"):
        assert _get(beat, path) == ("503 Service Unavailable", "heartbeat stale: 45s old (limit 30s)\n")


def test_metrics_keep_their_path_and_other_paths_are_not_found() -> None:
    """/metrics is Prometheus's answer; / and /other are 404 (no longer metrics on every path)."""
    beat = _heartbeat(1, consuming=True)
    assert _get(beat, "/metrics") == ("200 OK", "newsworker_queue_length 0\n")
    for path in ("/", "/other"):
        assert _get(beat, path) == ("404 Not Found", f"no such path {path}: /metrics, /healthz, /readyz\n")


def test_readiness_fails_once_the_worker_shuts_down(tmp_path: Path) -> None:
    """After the heartbeat stops (SIGTERM), /readyz is 503 while /healthz still answers for the last beat."""
    beat = Heartbeat(Settings(heartbeat_ttl_s=30, data_dir=tmp_path), "newsworker-2@pod", lambda: True)
    beat.start()  # with no Redis URL the key write fails and is logged; the file and the state still update
    deadline = time.monotonic() + 10
    while not beat.last_consuming and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _get(beat, "/readyz")[0] == "200 OK"
    beat.shutdown()
    assert _get(beat, "/readyz")[0] == "503 Service Unavailable"
    assert _get(beat, "/healthz")[0] == "200 OK"
