"""Integration fixtures: a real redis-server on a random loopback port and real worker processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery

from tests.support import RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.celery_app import make_publisher
from worker.keys import Keys
from worker.settings import Settings
from worker.store import Store, connect


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server for this test module."""
    server = RedisServer(require_redis_server(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def prefix() -> str:
    """A key prefix (and queue name) of this module's own."""
    return "nwtest-" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="module")
def settings(redis_server: RedisServer, prefix: str) -> Settings:
    """Settings pointing at the test Redis, as the worker subprocess sees them."""
    return Settings(redis_url=redis_server.url, key_prefix=prefix, queue=prefix, max_text_chars=20_000)


@pytest.fixture(scope="module")
def store(settings: Settings) -> Store:
    """A Store on the test Redis."""
    assert settings.redis_url is not None
    return Store(connect(settings.redis_url), Keys(settings.key_prefix))


@pytest.fixture(scope="module")
def redis_client(redis_server: RedisServer) -> redis.Redis:
    """A plain client on the test Redis, for tests that check keys or push raw messages themselves."""
    return redis.Redis.from_url(redis_server.url, decode_responses=True)


@pytest.fixture(scope="module")
def app(settings: Settings) -> Celery:
    """The producer side's Celery app (publishing only)."""
    return make_publisher(settings)


@pytest.fixture(scope="module")
def worker(
    settings: Settings, store: Store, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """One `newsworker worker --concurrency 2`, alive (heartbeat seen) before the tests run."""
    assert settings.redis_url is not None
    env = worker_env(settings.redis_url, settings.key_prefix, max_text_chars=str(settings.max_text_chars))
    log = Path(tmp_path_factory.mktemp("worker")) / "worker.log"
    process = WorkerProcess(env, log, concurrency=2)
    process.start()
    wait_for(lambda: store.live_workers(), 60, f"the worker's heartbeat (log: {log})")
    yield process
    process.stop()
