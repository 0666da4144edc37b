"""A worker that cannot work exits non-zero; the CLI says what is wrong in one line (issue 19)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
import redis

from tests.support import RedisServer, WorkerProcess, free_port, run_cli, wait_for, worker_env
from worker.protocol import raw_message
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.integration


def _worker_exit(env: dict[str, str], log: Path, timeout_s: float = 120) -> tuple[int, str]:
    """Run `newsworker worker` to its end; its exit status and its output."""
    worker = WorkerProcess(env, log, concurrency=1)
    worker.start()
    try:
        return worker.wait(timeout_s), log.read_text()
    finally:
        worker.kill()


def _error_line(out: subprocess.CompletedProcess[str]) -> str:
    """The one stderr line of a failed command (fails the test on a traceback or several lines)."""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    return lines[0]


def test_worker_with_wrong_password_exits_2(redis_server: RedisServer, tmp_path: Path) -> None:
    """Authentication refused: one error line, status 2, no Celery start."""
    url = f"redis://nobody:wrong@127.0.0.1:{redis_server.port}/0"
    status, output = _worker_exit(worker_env(url, "fail-auth"), tmp_path / "worker.log")
    assert status == 2
    assert "error: Redis refused the credentials" in output


def test_worker_whose_model_will_not_load_exits_2(redis_server: RedisServer, tmp_path: Path) -> None:
    """A spaCy model that is not installed stops the worker before it takes a message."""
    env = worker_env(redis_server.url, "fail-model", spacy_model="no_such_model")
    status, output = _worker_exit(env, tmp_path / "worker.log")
    assert status == 2
    assert "error: spaCy model 'no_such_model' could not be loaded" in output


def test_worker_exits_1_when_the_broker_stays_away_past_its_budget(tmp_path: Path) -> None:
    """Redis gone for longer than BROKER_RETRY_BUDGET_S: Celery gives up and the worker exits 1."""
    from tests.support import require_redis_server

    server = RedisServer(require_redis_server(), tmp_path / "redis")
    server.start()
    env = worker_env(server.url, "fail-gone", broker_retry_budget_s="4", metrics_port="0")
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=1)
    worker.start()
    try:
        wait_for(lambda: "ready" in (tmp_path / "worker.log").read_text(), 90, "the worker")
        server.stop()
        began = time.monotonic()
        assert worker.wait(60) == 1
        assert time.monotonic() - began < 40
    finally:
        worker.stop()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("status",), "error: Redis unreachable"),
        (("show", "x"), "error: Redis unreachable"),
        (("enqueue", "seeds"), "error: Redis unreachable"),
    ],
)
def test_cli_with_redis_unreachable_says_so_in_one_line(args: tuple[str, ...], expected: str) -> None:
    """Nothing listening: one `error:` line and status 2 within 10 s, never a traceback."""
    env = worker_env(f"redis://127.0.0.1:{free_port()}/0", "fail-cli")
    began = time.monotonic()
    out = run_cli(env, *args, timeout_s=30)
    assert time.monotonic() - began < 10
    assert out.returncode == 2
    assert _error_line(out).startswith(expected)


def test_cli_with_wrong_password_says_so_in_one_line(redis_server: RedisServer) -> None:
    """A refused login is named as such."""
    env = worker_env(f"redis://nobody:wrong@127.0.0.1:{redis_server.port}/0", "fail-cli")
    out = run_cli(env, "status", timeout_s=30)
    assert out.returncode == 2
    assert _error_line(out).startswith("error: Redis refused the credentials")


def test_export_with_a_bad_since_says_what_it_expects(redis_server: RedisServer) -> None:
    """`--since yesterday` is not a time: the accepted forms are named."""
    out = run_cli(worker_env(redis_server.url, "fail-cli"), "export", "--since", "yesterday", timeout_s=30)
    assert out.returncode == 2
    assert _error_line(out) == (
        "error: --since 'yesterday' is not a time: use ISO-8601 (2026-11-28T10:00:00Z) or Unix seconds"
    )


@pytest.mark.parametrize("command", ["enqueue", "process"])
def test_empty_jsonl_says_no_articles(redis_server: RedisServer, tmp_path: Path, command: str) -> None:
    """An empty .jsonl file is not a success: `no articles`, status 1."""
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    out = run_cli(worker_env(redis_server.url, "fail-cli"), command, str(empty), timeout_s=120)
    assert out.returncode == 1
    assert _error_line(out) == f"error: no articles in {empty}"


def test_worker_whose_redis_user_lacks_a_permission_exits_non_zero(
    redis_server: RedisServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    """Missing at start: status 2 and the command named; revoked while running: Celery's status 1."""
    redis_client.execute_command("ACL", "SETUSER", "limited", "on", ">pw", "~*", "&*", "+@all", "-xlen")
    url = f"redis://limited:pw@127.0.0.1:{redis_server.port}/0"
    status, output = _worker_exit(worker_env(url, "fail-perm", metrics_port="0"), tmp_path / "exit.log")
    assert status == 2
    assert "error: the Redis user lacks a permission" in output and "'xlen'" in output
    redis_client.execute_command("ACL", "SETUSER", "limited", "+xlen")
    worker = WorkerProcess(worker_env(url, "fail-perm", metrics_port="0"), tmp_path / "w.log", 1)
    worker.start()
    try:
        wait_for(lambda: "ready." in (tmp_path / "w.log").read_text(), 90, "the worker")
        redis_client.execute_command("ACL", "SETUSER", "limited", "-brpop")
        assert worker.wait(60) == 1
    finally:
        worker.kill()
        redis_client.execute_command("ACL", "DELUSER", "limited")


def test_retry_replays_a_refused_raw_message_from_its_kept_payload(
    redis_client: redis.Redis, settings: Settings, store: Store, worker: WorkerProcess, tmp_path: Path
) -> None:
    """`retry ID` pushes the kept bytes again; `retry ID --payload FILE` sends the fixed article, which ends done."""
    assert settings.redis_url is not None
    env = worker_env(settings.redis_url, settings.key_prefix)
    broken = json.loads(raw_message({"id": "fix-1", "text": "Maria Lopez said it was fixed."}))
    del broken["properties"]["delivery_tag"]
    redis_client.lpush(settings.queue, json.dumps(broken))
    wait_for(lambda: store.status("fix-1") == "failed", 60, "the refused message")
    out = run_cli(env, "retry", "fix-1", timeout_s=60)
    assert (out.returncode, out.stdout.strip()) == (0, "requeued fix-1 (from its message)")
    wait_for(
        lambda: [e["id"] for e in store.deadletters(100)].count("fix-1") == 2, 60, "the replayed message"
    )
    payloads = {e["payload"] for e in store.deadletters(100) if e["id"] == "fix-1"}
    assert payloads == {json.dumps(broken)}
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps({"id": "fix-1", "text": "Maria Lopez said it was fixed."}))
    out = run_cli(env, "retry", "fix-1", "--payload", str(fixed), timeout_s=60)
    assert (out.returncode, out.stdout.strip()) == (0, "requeued fix-1 (from its article)")
    wait_for(lambda: store.status("fix-1") == "done", 60, "the fixed article")
