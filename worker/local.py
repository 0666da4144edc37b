"""The one-machine setup behind `newsworker run`: embedded Redis, local workers, waiting, the table."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import urlparse

from tqdm import tqdm

from worker.embedded import EmbeddedRedis
from worker.errors import ConfigurationError
from worker.keys import Keys
from worker.models import ArticleResult
from worker.settings import ENV_PREFIX, Settings
from worker.store import Store


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


class WorkerProcess:
    """`python -m MODULE worker` as a child in its own session: started, stopped gracefully, or killed.

    The one helper that spawns workers, for `newsworker run`, the tests, the chaos fleet and the benchmarks.
    Its stdout goes to `log_path`, its stderr too unless `stderr_path` names a file of its own.
    """

    def __init__(
        self,
        env: Mapping[str, str],
        log_path: Path,
        concurrency: int = 2,
        module: str = "worker",
        cwd: Path | None = None,
        stderr_path: Path | None = None,
        args: Sequence[str] = (),
    ) -> None:
        self.env, self.log_path, self.concurrency, self.module = dict(env), log_path, concurrency, module
        self.cwd = cwd  # None: this process's directory (DATA_DIR may be relative to it)
        self.stderr_path, self.args = stderr_path, tuple(args)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The worker's main process id (it leads its own process group)."""
        return self._started().pid

    @property
    def returncode(self) -> int | None:
        """The exit status once the worker has ended, else None."""
        return None if self.process is None else self.process.poll()

    def command(self) -> list[str]:
        """The command line the worker runs."""
        concurrency = ["--concurrency", str(self.concurrency)]
        return [sys.executable, "-m", self.module, "worker", *concurrency, *self.args]

    def start(self) -> None:
        """Start the worker, its output appended to the log file(s)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.ExitStack() as files:
            log = files.enter_context(self.log_path.open("ab"))
            errors = files.enter_context(self.stderr_path.open("ab")) if self.stderr_path else None
            self.process = subprocess.Popen(
                self.command(),
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=errors or subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        """Whether the main process is running."""
        return self.process is not None and self.process.poll() is None

    def terminate(self) -> None:
        """Send SIGTERM (finish or hand back the current article) without waiting."""
        if self.alive():
            self._started().send_signal(signal.SIGTERM)

    def wait(self, timeout_s: float | None = None) -> int:
        """Wait for the worker to end; its exit status (subprocess.TimeoutExpired past `timeout_s`)."""
        return self._started().wait(timeout_s)

    def stop(self, timeout_s: float = 30.0) -> None:
        """SIGTERM, then SIGKILL the group if it lingers past `timeout_s`."""
        if not self.alive():
            return
        self.terminate()
        try:
            self.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        """SIGKILL the whole group (main process and pool children), as a lost machine."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def _started(self) -> subprocess.Popen[bytes]:
        """The running (or ended) process; an error when the worker was never started."""
        if self.process is None:
            raise RuntimeError("the worker was never started")
        return self.process


def worker_for(settings: Settings, concurrency: int) -> WorkerProcess:
    """`newsworker worker` on the same Redis and settings as this process, logging under DATA_DIR."""
    env = {**os.environ, f"{ENV_PREFIX}REDIS_URL": settings.redis_url or "", "OMP_NUM_THREADS": "1"}
    if settings.broker_url:
        env[f"{ENV_PREFIX}BROKER_URL"] = settings.broker_url
    return WorkerProcess(env, settings.data_dir / "worker.log", concurrency)


def wait_until_finished(store: Store, ids: list[str], timeout_s: float, progress: bool = True) -> list[str]:
    """Wait until every article is done or failed; returns the ids still unfinished at the timeout."""
    pending = set(ids)
    deadline = time.monotonic() + timeout_s
    with tqdm(total=len(ids), desc="processed", unit="article", disable=not progress) as bar:
        while pending and time.monotonic() < deadline:
            finished = {i for i in pending if store.status(i) in ("done", "failed")}
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
