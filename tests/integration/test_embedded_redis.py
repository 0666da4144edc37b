"""The embedded Redis is used only where a command says so on stderr; the image's setting forbids it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT, require_redis_server, run_cli

pytestmark = pytest.mark.integration


@pytest.fixture
def no_url_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """No REDIS_URL and a data folder of the test's own; stops any embedded Redis afterwards."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWORKER_")}
    env["NEWSWORKER_DATA_DIR"] = str(tmp_path / "data")
    yield env
    subprocess.run([sys.executable, "-m", "worker", "redis", "stop"], env=env, cwd=ROOT, timeout=30)


def test_a_command_without_a_url_says_it_uses_the_embedded_redis(no_url_env: dict[str, str]) -> None:
    """`status` with REDIS_URL unset starts the embedded Redis and says so in one stderr line."""
    require_redis_server()
    status = run_cli(no_url_env, "status")
    assert status.returncode == 0, status.stderr
    [note] = status.stderr.splitlines()
    assert note.startswith("NEWSWORKER_REDIS_URL is unset: using the embedded Redis at redis://127.0.0.1:")
    assert note.endswith(f"(data in {no_url_env['NEWSWORKER_DATA_DIR']}; `newsworker redis stop` stops it)")
    assert status.stdout.splitlines()[1] == "articles: queued 0, processing 0, done 0, failed 0"


@pytest.mark.parametrize("command", [["status"], ["worker"], ["enqueue", "seeds"], ["show", "x"]])
def test_require_redis_url_makes_a_missing_url_an_error(
    no_url_env: dict[str, str], command: list[str]
) -> None:
    """With REQUIRE_REDIS_URL on (as in the image) a command fails in one line and starts no Redis."""
    env = {**no_url_env, "NEWSWORKER_REQUIRE_REDIS_URL": "true"}
    result = run_cli(env, *command, timeout_s=60)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: NEWSWORKER_REDIS_URL is not set and NEWSWORKER_REQUIRE_REDIS_URL is on: "
        "set it to your Redis, e.g. redis://user:password@redis:6379/0"
    ]
    assert not (Path(no_url_env["NEWSWORKER_DATA_DIR"]) / "redis.port").exists()
