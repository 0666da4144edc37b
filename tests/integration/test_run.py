"""`newsworker run`: the main job in one command, on an embedded Redis kept under DATA_DIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.support import ROOT, require_redis_server, run_cli

pytestmark = pytest.mark.integration


@pytest.fixture
def embedded_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment with no REDIS_URL and its own data folder; stops the embedded Redis afterwards."""
    require_redis_server()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWORKER_")}
    env["NEWSWORKER_DATA_DIR"] = str(tmp_path / "data")
    yield env
    subprocess.run([sys.executable, "-m", "worker", "redis", "stop"], env=env, cwd=ROOT, timeout=30)


_newsworker = run_cli


def test_run_processes_seeds_and_prints_the_table(embedded_env: dict[str, str]) -> None:
    """`run seeds/` starts Redis and workers, waits, and prints the table and a redis-cli line."""
    run = _newsworker(embedded_env, "run", str(SEED.parent))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["id", "title", "status", "entities", "quotes", "summary"]
    assert lines[1].startswith(SEED.stem) and "  done  " in lines[1]
    assert lines[-1].startswith("Read the results with: redis-cli -h 127.0.0.1 -p ")
    assert lines[-1].endswith(f"HGET newsworker:article:{SEED.stem} quotes")
    data = Path(embedded_env["NEWSWORKER_DATA_DIR"])
    assert (data / "appendonly.aof").exists() or (data / "appendonlydir").is_dir()


def test_show_and_status_find_the_embedded_redis_afterwards(embedded_env: dict[str, str]) -> None:
    """After `run`, `show` and `status` reach the same embedded Redis with no URL given."""
    assert _newsworker(embedded_env, "run", str(SEED)).returncode == 0
    show = _newsworker(embedded_env, "show", SEED.stem)
    assert json.loads(show.stdout)["status"] == "done"
    status = _newsworker(embedded_env, "status")
    assert status.stdout.splitlines()[1] == "articles: queued 0, processing 0, done 1, failed 0"
