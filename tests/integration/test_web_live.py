"""The live feed: `/events` sends each finished article, keeps going across a Redis restart; ACL users."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from tests.inspector import InspectorProcess
from tests.support import RedisServer, require_redis_server, worker_env
from tests.webdata import store_done
from worker.keys import Keys
from worker.store import Store, connect

pytestmark = pytest.mark.integration


@pytest.fixture
def durable_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server with append-only persistence, so it can be killed and restarted with its data."""
    server = RedisServer(require_redis_server(), tmp_path / "data", appendonly=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def inspector(durable_redis: RedisServer, tmp_path: Path) -> Iterator[InspectorProcess]:
    """`newsworker web` on that Redis."""
    process = InspectorProcess(worker_env(durable_redis.url, "live"), tmp_path / "web.log")
    process.start()
    yield process
    process.stop()


def _next_article(lines: Iterator[str], timeout_s: float) -> dict[str, str]:
    """Read the event stream until an `article` event; its id and data."""
    deadline, event, entry = time.monotonic() + timeout_s, "", ""
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("id: "):
            entry = line.removeprefix("id: ")
        elif line.startswith("data: ") and event == "article":
            return {"entry": entry, **json.loads(line.removeprefix("data: "))}
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"no article event within {timeout_s}s")


def test_events_send_each_finished_article_as_a_list_row_across_a_redis_restart(
    durable_redis: RedisServer, inspector: InspectorProcess
) -> None:
    """An article committed after the page loaded arrives as a row; after Redis restarts, the next one too."""
    store = Store(connect(durable_redis.url), Keys("live"))
    with httpx2.stream("GET", f"{inspector.url}/events", timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        store_done(store, "live-1", title="First live")
        first = _next_article(lines, 30)
        assert (first["id"], '<tr class="article-row status-done" data-id="live-1">') == (
            "live-1",
            first["html"].splitlines()[0],
        )
        durable_redis.stop()
        time.sleep(1)
        durable_redis.start()
        store_done(Store(connect(durable_redis.url), Keys("live")), "live-2", title="After the restart")
        second = _next_article(lines, 60)
        assert second["id"] == "live-2" and second["entry"] > first["entry"]


def test_the_inspector_works_with_the_producer_acl_user(tmp_path: Path) -> None:
    """Every page and the feed answer when Redis allows only the documented producer user's commands."""
    from tests.integration.test_security import _acl_file, _auth_ping

    server = RedisServer(
        require_redis_server(), tmp_path / "data", extra=("--aclfile", str(_acl_file(tmp_path)))
    )
    server.ping = lambda: _auth_ping(server.port)  # type: ignore[method-assign]
    server.start()
    inspector = None
    try:
        url = f"redis://newsworker-producer:ppass@127.0.0.1:{server.port}/0"
        worker_url = f"redis://newsworker-worker:wpass@127.0.0.1:{server.port}/0"
        store_done(Store(connect(worker_url), Keys()), "acl-1")
        inspector = InspectorProcess(worker_env(url, "newsworker"), tmp_path / "web.log")
        inspector.start()
        for path in (
            "/",
            "/articles/acl-1",
            "/api/articles/acl-1",
            "/speakers/wang-yi",
            "/entities/GPE/moscow",
            "/search?q=wang",
        ):
            assert httpx2.get(inspector.url + path, timeout=30).status_code == 200, path
        with httpx2.stream("GET", f"{inspector.url}/events?after=0-0", timeout=30) as response:
            assert _next_article(response.iter_lines(), 30)["id"] == "acl-1"
    finally:
        if inspector is not None:
            inspector.stop()
        server.stop()
