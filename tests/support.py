"""Real parts for the integration and chaos tiers: redis-server on a free port, worker processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from worker.embedded import free_port, redis_server_binary
from worker.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[1]


def require_redis_server() -> Path:
    """The redis-server binary; skips locally when there is none, fails when CI is set."""
    try:
        return Path(shutil.which("redis-server") or redis_server_binary())
    except ConfigurationError:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI")
        pytest.skip("no redis-server binary")


class RedisServer:
    """A throwaway redis-server on a loopback port; can be stopped and restarted on the same port."""

    def __init__(
        self, binary: Path, data_dir: Path, appendonly: bool = False, extra: tuple[str, ...] = ()
    ) -> None:
        self.binary, self.data_dir, self.appendonly, self.extra = binary, data_dir, appendonly, extra
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The redis:// URL of this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait until it answers PING."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            str(self.binary),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            *self.extra,
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: self.ping(), 10, "redis-server to answer")

    def ping(self) -> bool:
        """Whether the server answers."""
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Kill the server (SIGKILL: like a crash; append-only data survives)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class WorkerProcess:
    """`newsworker worker` in a subprocess, its output kept in a log file."""

    def __init__(self, env: dict[str, str], log_path: Path, concurrency: int = 2) -> None:
        self.env, self.log_path, self.concurrency = env, log_path, concurrency
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the worker (in its own process group)."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "worker", "worker", "--concurrency", str(self.concurrency)],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self, timeout_s: float = 30) -> None:
        """SIGTERM (finish the current article), then SIGKILL the group if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def wait_for(condition: Callable[[], object], timeout_s: float, what: str) -> None:
    """Poll `condition` until it is true; fail the test with `what` when it never is."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(0.1)


def worker_env(redis_url: str, prefix: str, **settings: str) -> dict[str, str]:
    """The environment for a worker or CLI subprocess on this Redis and key prefix."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWORKER_")}
    env.update(
        {
            "NEWSWORKER_REDIS_URL": redis_url,
            "NEWSWORKER_KEY_PREFIX": prefix,
            "NEWSWORKER_QUEUE": prefix,
            "NEWSWORKER_LOG_FORMAT": "json",
            "OMP_NUM_THREADS": "1",
        }
    )
    env.update({f"NEWSWORKER_{k.upper()}": v for k, v in settings.items()})
    return env


def run_cli(env: dict[str, str], *args: str, timeout_s: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m worker ARGS...` in the repository with this environment; output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "worker", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
    )
