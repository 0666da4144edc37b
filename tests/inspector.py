"""`newsworker web` in a subprocess on a free port, and the browser tier's requirement (Debian's Chromium)."""

from __future__ import annotations

import os
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.support import WorkerProcess, wait_for
from worker.embedded import free_port


def require_chromium() -> tuple[str, str]:
    """Chromium and its driver (Debian's packages); skips locally when absent, fails when CI is set."""
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    driver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (os.access(browser, os.X_OK) and os.access(driver, os.X_OK)):
        message = "chromium and chromium-driver are required (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return browser, driver


class InspectorProcess(WorkerProcess):
    """The web inspector served by uvicorn in its own process group, its output in a log file."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        super().__init__(env, log_path)
        self.port = free_port()

    @property
    def url(self) -> str:
        """The inspector's base URL (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        """`python -m worker web` on this inspector's port."""
        return [sys.executable, "-m", "worker", "web", "--port", str(self.port)]

    def answers(self) -> bool:
        """Whether the server answers a static file."""
        try:
            with urllib.request.urlopen(f"{self.url}/static/style.css", timeout=1) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def start(self) -> None:
        """Start the server and wait until it answers."""
        super().start()
        wait_for(self.answers, 30, f"the inspector to answer (log: {self.log_path})")

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGTERM, then SIGKILL the group if it lingers."""
        super().stop(timeout_s)
