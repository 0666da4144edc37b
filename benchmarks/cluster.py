"""A private redis-server and a real `newsworker worker` subprocess, fed through the Producer and timed."""

from __future__ import annotations

import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

from benchmarks.corpus import ROOT
from worker.embedded import RedisServer, redis_server_binary
from worker.local import WorkerProcess
from worker.models import Article
from worker.producer import open_producer
from worker.settings import load_settings
from worker.store import Store


def stamp(text: str) -> float:
    """Unix seconds of an ISO-8601 UTC stamp from an article hash (`...Z`)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def redis_server() -> RedisServer:
    """A started throwaway redis-server, without persistence, in a temporary folder."""
    server = RedisServer(redis_server_binary(), Path(tempfile.mkdtemp(prefix="newsworker-bench-")))
    server.start()
    return server


class Worker:
    """`python -m worker worker --concurrency N` on its own key prefix and queue, plus a producer for it."""

    def __init__(self, redis_url: str, concurrency: int, prefix: str) -> None:
        self.concurrency = concurrency
        env = {
            k: v for k, v in os.environ.items() if not k.startswith("NEWSWORKER_") and k != "OMP_NUM_THREADS"
        }
        variables = {
            "REDIS_URL": redis_url,
            "KEY_PREFIX": prefix,
            "QUEUE": prefix,
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
        }
        env.update({f"NEWSWORKER_{k}": v for k, v in variables.items()})
        self.log = Path(tempfile.mkdtemp(prefix=f"{prefix}-")) / "worker.log"
        self.process = WorkerProcess(env, self.log, concurrency, cwd=ROOT)
        self.process.start()
        settings = load_settings(redis_url=redis_url, key_prefix=prefix, queue=prefix)
        self.producer = open_producer(settings)
        self.store: Store = self.producer.store
        self.finished = 0

    def __enter__(self) -> Worker:
        self.wait_ready()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        """The worker's main process id."""
        return self.process.pid

    def wait_ready(self, timeout_s: float = 120) -> None:
        """Wait until the worker's heartbeat appears (model loaded, pool forked)."""
        deadline = time.monotonic() + timeout_s
        while not self.store.live_workers():
            if not self.process.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start; see {self.log}")
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM the worker and wait; SIGKILL its group if it lingers."""
        self.process.stop()

    def wait_finished(self, count: int, timeout_s: float = 900, poll_s: float = 0.02) -> None:
        """Wait until `count` more articles are done or failed on this worker's prefix."""
        self.finished += count
        deadline = time.monotonic() + timeout_s
        while True:
            counts = self.store.counts()
            if counts["done"] + counts["failed"] >= self.finished:
                return
            if not self.process.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"worker stopped or timed out with {counts}; see {self.log}")
            time.sleep(poll_s)

    def run_batch(self, articles: list[Article]) -> float:
        """Enqueue all the articles at once; seconds from the first enqueue to the last `finished_at`."""
        began = time.time()
        for article in articles:
            self.producer.enqueue(article)
        self.wait_finished(len(articles))
        finished = [stamp(value) for value in self.store.finished_at([a.id for a in articles]) if value]
        return max(finished) - began

    def latency_ms(self, article: Article) -> float:
        """Enqueue one article on an idle worker; milliseconds from `enqueued_at` to `finished_at`."""
        self.producer.enqueue(article)
        self.wait_finished(1, poll_s=0.002)
        fields = self.store.article_fields(article.id)
        return (stamp(fields["finished_at"]) - stamp(fields["enqueued_at"])) * 1000

    def failed(self) -> int:
        """Articles that ended failed on this worker's prefix."""
        return self.store.counts()["failed"]


def renamed(articles: list[Article], tag: str) -> list[Article]:
    """Copies with ids unique to one phase, so a phase never re-delivers another's article."""
    return [a.model_copy(update={"id": f"{tag}-{n:05d}"}) for n, a in enumerate(articles)]


def log_tail(path: str, lines: int = 20) -> str:
    """The last lines of a worker log, for error messages."""
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
