"""Serving the inspector: in this process (`newsworker web`) or as a child of `newsworker run --web`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from worker.errors import ConfigurationError
from worker.settings import ENV_PREFIX, Settings


def address(host: str, port: int) -> str:
    """The inspector's URL."""
    return f"http://{host}:{port}/"


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the inspector until interrupted (settings with a resolved Redis URL)."""
    import uvicorn

    from worker.runtime import open_store
    from worker.web.app import make_app

    app = make_app(open_store(settings), settings)
    print(f"inspector at {address(host, port)}", file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2)


def start_inspector(settings: Settings, host: str, port: int, log_path: str) -> subprocess.Popen[bytes]:
    """Start `newsworker web` as a child process on the same Redis; returns once it answers."""
    env = {**os.environ, f"{ENV_PREFIX}REDIS_URL": settings.redis_url or ""}
    command = [sys.executable, "-m", "worker", "web", "--host", host, "--port", str(port)]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(address(host, port) + "static/style.css", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise ConfigurationError(
        f"the inspector did not start on {address(host, port)} (port in use? --web-port; log: {log_path})"
    )
