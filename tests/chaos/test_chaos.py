"""Chaos: workers and pool children SIGKILLed mid-article, Redis restarted; no article lost or duplicated."""

from __future__ import annotations

import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redis
from celery import Celery

from tests.chaos.poisoned_worker import POISON_MARK
from tests.corpus import articles
from tests.support import RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.celery_app import make_publisher
from worker.keys import Keys
from worker.models import Article
from worker.producer import Producer
from worker.settings import Settings
from worker.store import Store, connect, result_from_fields

pytestmark = pytest.mark.chaos
GOOD, POISON, WORKERS, SEED = 220, 4, 3, 20261128
LIMITS = {
    "soft_time_limit_s": "8",
    "time_limit_s": "10",
    "visibility_timeout_s": "12",
    "restore_interval_s": "2",
}


class Fleet:
    """Worker processes (each a main process with two pool children) that can be killed and replaced."""

    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env, self.log_dir = env, log_dir
        self.workers: list[WorkerProcess] = []

    def start_one(self) -> None:
        """Start a replacement worker."""
        log = self.log_dir / f"worker-{len(self.workers)}.log"
        worker = WorkerProcess(self.env, log, concurrency=2, module="tests.chaos.poisoned_worker")
        worker.start()
        self.workers.append(worker)

    def alive(self) -> list[WorkerProcess]:
        """Workers whose main process is running."""
        return [w for w in self.workers if w.alive()]

    def kill_worker(self, rng: random.Random) -> None:
        """SIGKILL a whole worker (main process and pool children), as a lost machine."""
        rng.choice(self.alive()).kill()

    def kill_child(self, rng: random.Random) -> bool:
        """SIGKILL one pool child, as the OOM killer would; the main process replaces it."""
        children = [c for w in self.alive() for c in psutil.Process(w.pid).children()]
        if not children:
            return False
        rng.choice(children).kill()
        return True

    def kill_all(self) -> None:
        """SIGKILL whatever is left (a failed test must not leave workers running)."""
        for worker in self.alive():
            worker.kill()

    def stop_all(self) -> None:
        """Warm shutdown of every live worker."""
        for worker in self.alive():
            worker.stop(60)


@pytest.fixture
def chaos_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server with append-only persistence fsynced on every write."""
    server = RedisServer(
        require_redis_server(), tmp_path / "redis", appendonly=True, extra=("--appendfsync", "always")
    )
    server.start()
    yield server
    server.stop()


def _payloads() -> list[Article]:
    good = [Article.model_validate(a) for a in articles(GOOD, seed=SEED, min_paragraphs=6, max_paragraphs=30)]
    poison = [
        Article(id=f"poison-{n}", text=f"Officials said the plan works. {POISON_MARK} {n}")
        for n in range(POISON)
    ]
    batch = good + poison
    random.Random(SEED).shuffle(batch)
    return batch


def test_no_article_is_lost_or_duplicated(chaos_redis: RedisServer, tmp_path: Path) -> None:
    """Kills and a Redis restart during a run: good articles done once, poison dead-lettered, nothing left."""
    prefix = "chaos-" + uuid.uuid4().hex[:6]
    settings = Settings(
        redis_url=chaos_redis.url, key_prefix=prefix, queue=prefix, **{k: int(v) for k, v in LIMITS.items()}
    )
    env = worker_env(chaos_redis.url, prefix, **LIMITS)
    store = Store(connect(chaos_redis.url), Keys(prefix))
    app: Celery = make_publisher(settings)
    producer = Producer(app, store, settings)
    fleet = Fleet(env, tmp_path)
    try:
        rng = random.Random(SEED)
        began = time.monotonic()
        for _ in range(WORKERS):
            fleet.start_one()
        wait_for(lambda: len(store.live_workers()) == WORKERS, 90, "three live workers")

        batch, kills, run_ids = _payloads(), 0, [_run_id(chaos_redis)]
        for wave in range(0, len(batch), 8):
            for article in batch[wave : wave + 8]:
                assert producer.enqueue(article)
            time.sleep(0.25)
            if wave and wave % 32 == 0:
                if not (rng.random() < 0.5 and fleet.kill_child(rng)):
                    fleet.kill_worker(rng)
                    fleet.start_one()
                kills += 1
            if wave == 96:
                chaos_redis.stop()
                time.sleep(1.0)
                chaos_redis.start()
                run_ids.append(_run_id(chaos_redis))

        ids = [a.id for a in batch]
        finished = lambda: store.counts()["done"] + store.counts()["failed"] == len(ids)  # noqa: E731
        wait_for(finished, 200, "every article done or failed")
        wait_for(lambda: store.unacked_messages() == [], 60, "no unacked messages left")
        fleet.stop_all()
    finally:
        fleet.kill_all()

    good_ids = [a.id for a in batch if not a.id.startswith("poison-")]
    done, failed = set(store.finished_ids("done", limit=0)), set(store.finished_ids("failed", limit=0))
    letters = store.deadletters(1000)
    lost = [i for i in good_ids if i not in done]
    history = _events_by_article(store)
    attempts = {i: int(store.article_fields(i)["attempts"]) for i in ids}
    redelivered = sum(1 for i in good_ids if attempts[i] > 1)
    print(
        f"\nchaos: articles={len(ids)} kills={kills} redis_runs={len(set(run_ids))} lost={len(lost)} "
        f"redelivered={redelivered} dead-lettered={len(letters)} seconds={time.monotonic() - began:.0f}"
    )

    assert lost == [] and len(set(run_ids)) == 2  # Redis really was replaced (a new run id) mid-run
    assert sorted(history) == sorted(ids)
    for article_id, statuses in history.items():
        # The first event is the one commit, with the final status; any later one is a marked repeat.
        expected = "failed" if article_id.startswith("poison-") else "done"
        assert statuses[0] == (expected, False), (article_id, statuses)
        assert all(repeat for _status, repeat in statuses[1:]), (article_id, statuses)
    assert store.counters() == {"done": len(done), "failed": len(failed)} == {"done": GOOD, "failed": POISON}
    for article_id in good_ids:
        result = result_from_fields(article_id, store.article_fields(article_id))
        assert result.status == "done" and result.error is None
        assert 1 <= attempts[article_id] <= settings.max_attempts
    assert sorted(failed) == sorted(f"poison-{n}" for n in range(POISON))
    assert sorted(e["id"] for e in letters) == sorted(failed)  # one dead letter each, no more
    assert all(e["error"].startswith("TooManyAttempts: ") for e in letters)
    assert store.queue_length(prefix) == 0 and store.counts()["queued"] == store.counts()["processing"] == 0
    assert redelivered >= 1  # the kills did hit articles in flight


def _run_id(server: RedisServer) -> str:
    """The server's run id, new each time a redis-server process starts."""
    return str(redis.Redis(port=server.port).info("server")["run_id"])


def _events_by_article(store: Store) -> dict[str, list[tuple[str, bool]]]:
    """Each article's events in stream order: (status, whether it is a marked repeat)."""
    history: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for _entry, fields in store.read_events("0-0", block_ms=0, count=100_000):
        history[fields["id"]].append((fields["status"], fields.get("repeat") == "1"))
    return dict(history)
