"""A private redis-server and a real `newsworker worker` subprocess, fed through the Producer and timed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

import redis

from benchmarks.corpus import ROOT
from worker.celery_app import make_celery
from worker.embedded import free_port, redis_server_binary
from worker.local import open_store
from worker.models import Article
from worker.producer import Producer
from worker.settings import load_settings
from worker.store import Store


def stamp(text: str) -> float:
    """Unix seconds of an ISO-8601 UTC stamp from an article hash (`...Z`)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class RedisServer:
    """A throwaway redis-server on a free loopback port, without persistence."""

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="newsworker-bench-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        args = [
            str(redis_server_binary()),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            self.folder.name,
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self._answers():
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start within 10s")
            time.sleep(0.05)

    def _answers(self) -> bool:
        """Whether the server answers PING."""
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        self.process.terminate()
        self.process.wait()
        self.folder.cleanup()


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
        self.log = tempfile.NamedTemporaryFile(prefix=f"{prefix}-", suffix=".log", delete=False)  # noqa: SIM115
        command = [sys.executable, "-m", "worker", "worker", "--concurrency", str(concurrency)]
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        settings = load_settings(redis_url=redis_url, key_prefix=prefix, queue=prefix)
        self.store: Store = open_store(settings)
        self.producer = Producer(make_celery(settings), self.store, settings)
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
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker did not start; see {self.log.name}")
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM the worker and wait; SIGKILL its group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def wait_finished(self, count: int, timeout_s: float = 900, poll_s: float = 0.02) -> None:
        """Wait until `count` more articles are done or failed on this worker's prefix."""
        self.finished += count
        deadline = time.monotonic() + timeout_s
        while True:
            counts = self.store.counts()
            if counts["done"] + counts["failed"] >= self.finished:
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"worker stopped or timed out with {counts}; see {self.log.name}")
            time.sleep(poll_s)

    def run_batch(self, articles: list[Article]) -> float:
        """Enqueue all the articles at once; seconds from the first enqueue to the last `finished_at`."""
        began = time.time()
        for article in articles:
            self.producer.enqueue(article)
        self.wait_finished(len(articles))
        with self.store.client.pipeline(transaction=False) as pipe:
            for article in articles:
                pipe.hget(self.store.keys.article(article.id), "finished_at")
            finished = [stamp(value) for value in pipe.execute()]
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
