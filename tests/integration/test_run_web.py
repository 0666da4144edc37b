"""`newsworker run --web`: the inspector's address printed, served during and after the run until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from tests.conftest import SEED
from tests.support import ROOT, require_redis_server
from worker.embedded import free_port

pytestmark = pytest.mark.integration


def _line_starting(process: subprocess.Popen[str], prefix: str) -> str:
    """Read the process's stdout until a line starts with `prefix` (the pipe ends the wait if it exits)."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(prefix):
            return line.rstrip("\n")
    raise AssertionError(f"no line starting {prefix!r}; exit code {process.wait()}")


def test_run_with_web_prints_the_inspector_address_and_serves_until_interrupted(tmp_path: Path) -> None:
    """The address comes first, the seed's page answers after the table, Ctrl-C stops both cleanly."""
    require_redis_server()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWORKER_")}
    env.update(NEWSWORKER_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    port = free_port()
    command = [sys.executable, "-m", "worker", "run", "--web", "--web-port", str(port), str(SEED)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert (
            _line_starting(process, "Inspector: ")
            == f"Inspector: http://127.0.0.1:{port}/ (watch the articles land)"
        )
        assert (
            _line_starting(process, "Inspector: ") == f"Inspector: http://127.0.0.1:{port}/ (Ctrl-C to stop)"
        )
        page = httpx2.get(f"http://127.0.0.1:{port}/articles/{SEED.stem}", timeout=30)
        assert page.status_code == 200 and 'class="quote' in page.text
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
        with pytest.raises(httpx2.ConnectError):
            httpx2.get(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
        subprocess.run([sys.executable, "-m", "worker", "redis", "stop"], env=env, cwd=ROOT, timeout=30)
