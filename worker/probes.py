"""The worker's HTTP endpoint on METRICS_PORT: /metrics for Prometheus, /healthz and /readyz for probes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

# path -> whether the worker must also be consuming (readiness) or only alive (liveness)
PROBES = {"/healthz": False, "/readyz": True}
PATHS = ("/metrics", *PROBES)
Health = Callable[[bool], tuple[bool, str]]  # (ready wanted) -> (ok, one-line reason)


def _text(start_response: StartResponse, status: HTTPStatus, text: str) -> list[bytes]:
    """A plain-text answer of one line."""
    start_response(f"{status.value} {status.phrase}", [("Content-Type", "text/plain; charset=utf-8")])
    return [text.encode() + b"\n"]


def application(metrics: WSGIApplication, health: Health) -> WSGIApplication:
    """Route /metrics to Prometheus, /healthz and /readyz to the heartbeat; any other path is 404."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics(environ, start_response)
        if path in PROBES:
            ok, reason = health(PROBES[path])
            return _text(start_response, HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE, reason)
        return _text(start_response, HTTPStatus.NOT_FOUND, f"no such path {path}: {', '.join(PATHS)}")

    return app


class _Server(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow scrape never delays a probe."""

    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    """No access log: probes every few seconds would drown the worker's own lines."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


def serve(port: int, app: WSGIApplication) -> WSGIServer:
    """Serve `app` on every interface at `port` from a daemon thread; returns the server."""
    server = make_server("", port, app, server_class=_Server, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="newsworker-http", daemon=True).start()
    return server
