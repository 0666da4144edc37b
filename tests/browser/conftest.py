"""Browser fixtures: Debian's headless Chromium driven by Selenium, over a real Redis, worker and inspector."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.inspector import InspectorProcess, require_chromium
from tests.support import RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.keys import Keys
from worker.settings import Settings
from worker.store import Store, connect

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1440,1100",
)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A redis-server with append-only persistence (the browser tests restart it)."""
    server = RedisServer(require_redis_server(), tmp_path_factory.mktemp("redis"), appendonly=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(redis_server: RedisServer) -> Settings:
    """Settings on that Redis under a prefix of this module's own."""
    prefix = "nwweb-" + uuid.uuid4().hex[:8]
    return Settings(redis_url=redis_server.url, key_prefix=prefix, queue=prefix)


@pytest.fixture(scope="module")
def store(settings: Settings) -> Store:
    """A Store on the test Redis."""
    assert settings.redis_url is not None
    return Store(connect(settings.redis_url), Keys(settings.key_prefix))


@pytest.fixture(scope="module")
def worker(
    settings: Settings, store: Store, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """A real `newsworker worker`, alive before the tests run."""
    assert settings.redis_url is not None
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = WorkerProcess(worker_env(settings.redis_url, settings.key_prefix), log, concurrency=1)
    process.start()
    wait_for(lambda: store.live_workers(), 90, f"the worker's heartbeat (log: {log})")
    yield process
    process.stop()


@pytest.fixture(scope="module")
def inspector(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InspectorProcess]:
    """`newsworker web` on the same Redis and prefix."""
    assert settings.redis_url is not None
    log = Path(tmp_path_factory.mktemp("web")) / "web.log"
    process = InspectorProcess(worker_env(settings.redis_url, settings.key_prefix), log)
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium through chromedriver (never a downloaded browser)."""
    binary, driver_path = require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
