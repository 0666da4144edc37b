"""Real parts for the integration and chaos tiers: redis-server on a free port, worker processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from worker.embedded import RedisServer, free_port, redis_server_binary
from worker.errors import ConfigurationError
from worker.local import WorkerProcess as LocalWorker

__all__ = ["ROOT", "RedisServer", "WorkerProcess", "free_port", "require_redis_server", "run_cli", "wait_for"]

ROOT = Path(__file__).resolve().parents[1]


def require_redis_server() -> Path:
    """The redis-server binary; skips locally when there is none, fails when CI is set."""
    try:
        return Path(shutil.which("redis-server") or redis_server_binary())
    except ConfigurationError:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI")
        pytest.skip("no redis-server binary")


class WorkerProcess(LocalWorker):
    """`newsworker worker` (or a test module's variant) run from the repository root."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        concurrency: int = 2,
        module: str = "worker",
        stderr_path: Path | None = None,
        args: Sequence[str] = (),
    ) -> None:
        super().__init__(env, log_path, concurrency, module, ROOT, stderr_path, args)


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
