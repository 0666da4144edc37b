"""The one-machine setup behind `newsworker run`: embedded Redis, local workers, waiting, the table."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from urllib.parse import urlparse

from tqdm import tqdm

from worker.embedded import EmbeddedRedis
from worker.errors import ConfigurationError
from worker.keys import Keys
from worker.models import ArticleResult
from worker.producer import Producer
from worker.settings import ENV_PREFIX, Settings
from worker.store import Store, StoreOptions, connect


def with_redis(settings: Settings) -> Settings:
    """The settings with a Redis URL: the configured one, else the embedded Redis, said on stderr."""
    if settings.redis_url is not None:
        return settings
    if settings.require_redis_url:
        raise ConfigurationError(
            f"{ENV_PREFIX}REDIS_URL is not set and {ENV_PREFIX}REQUIRE_REDIS_URL is on: "
            "set it to your Redis, e.g. redis://user:password@redis:6379/0"
        )
    url = EmbeddedRedis(settings.data_dir).ensure_running()
    print(
        f"{ENV_PREFIX}REDIS_URL is unset: using the embedded Redis at {url} (data in {settings.data_dir}; "
        "`newsworker redis stop` stops it)",
        file=sys.stderr,
    )
    return settings.model_copy(update={"redis_url": url})


def open_store(settings: Settings) -> Store:
    """A Store on the settings' Redis (which must be resolved already)."""
    if settings.redis_url is None:
        raise ConfigurationError("no Redis URL: set NEWSWORKER_REDIS_URL")
    return Store(connect(settings.redis_url), Keys(settings.key_prefix), StoreOptions.from_settings(settings))


def open_producer(settings: Settings) -> Producer:
    """A producer on the settings' (resolved) Redis."""
    from worker.celery_app import make_celery

    return Producer(make_celery(settings), open_store(settings), settings)


def start_worker(settings: Settings, concurrency: int) -> subprocess.Popen[bytes]:
    """Start `newsworker worker` as a child process on the same Redis and settings."""
    env = {**os.environ, f"{ENV_PREFIX}REDIS_URL": settings.redis_url or "", "OMP_NUM_THREADS": "1"}
    if settings.broker_url:
        env[f"{ENV_PREFIX}BROKER_URL"] = settings.broker_url
    command = [sys.executable, "-m", "worker", "worker", "--concurrency", str(concurrency)]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (settings.data_dir / "worker.log").open("ab") as log:
        return subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_worker(process: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    """Ask a worker to finish its current article and stop; kill it if it does not."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_finished(store: Store, ids: list[str], timeout_s: float, progress: bool = True) -> list[str]:
    """Wait until every article is done or failed; returns the ids still unfinished at the timeout."""
    pending = set(ids)
    deadline = time.monotonic() + timeout_s
    with tqdm(total=len(ids), desc="processed", unit="article", disable=not progress) as bar:
        while pending and time.monotonic() < deadline:
            finished = {
                i for i in pending if store.client.hget(store.keys.article(i), "status") in ("done", "failed")
            }
            bar.update(len(finished))
            pending -= finished
            if pending:
                time.sleep(0.2)
    return sorted(pending)


def _clip(text: str | None, width: int) -> str:
    """Text on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def results_table(results: Iterable[ArticleResult]) -> str:
    """An aligned text table: id, title, status, entities, quotes, first summary sentence."""
    width = shutil.get_terminal_size((160, 20)).columns
    rows = [("id", "title", "status", "entities", "quotes", "summary")]
    for r in results:
        first = (
            r.summary.sentences[0].text
            if r.summary and r.summary.sentences
            else (r.error.message if r.error else "")
        )
        rows.append((r.id, r.title or "", r.status, str(len(r.entities)), str(len(r.quotes or [])), first))
    widths = [min(max(len(row[i]) for row in rows), cap) for i, cap in enumerate((24, 36, 6, 8, 6, 400))]
    widths[-1] = max(20, width - sum(widths[:-1]) - 2 * (len(widths) - 1))
    return "\n".join(
        "  ".join(_clip(cell, w).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def redis_cli_line(settings: Settings, article_id: str) -> str:
    """The redis-cli command that reads an article's quotes from this Redis."""
    url = urlparse(settings.redis_url or "")
    where = f"-h {url.hostname or '127.0.0.1'} -p {url.port or 6379}"
    database = url.path.strip("/")
    if database and database != "0":
        where += f" -n {database}"
    return f"redis-cli {where} HGET {Keys(settings.key_prefix).article(article_id)} quotes"
