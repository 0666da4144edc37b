"""Liveness: the worker's main process refreshes a heartbeat file; `newsworker check` reads it (no spaCy)."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from worker.settings import Settings

log = structlog.get_logger()


def heartbeat_dir(data_dir: Path) -> Path:
    """Where this machine's workers keep their heartbeat files."""
    return data_dir / "heartbeats"


def write_heartbeat(data_dir: Path, hostname: str, consuming: bool) -> None:
    """Record that this worker is alive now, and whether it is consuming from the broker."""
    directory = heartbeat_dir(data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{hostname}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"time": time.time(), "pid": os.getpid(), "consuming": consuming}))
    temporary.replace(path)  # atomic: a reader never sees half a file


def remove_heartbeat(data_dir: Path, hostname: str) -> None:
    """Forget this worker's heartbeat at a clean shutdown."""
    (heartbeat_dir(data_dir) / f"{hostname}.json").unlink(missing_ok=True)


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def heartbeats(data_dir: Path) -> list[dict[str, Any]]:
    """Every heartbeat on this machine, with its age in seconds."""
    now = time.time()
    found = []
    for path in sorted(heartbeat_dir(data_dir).glob("*.json")):
        data = _read(path)
        if data is not None:
            found.append({**data, "hostname": path.stem, "age_s": now - float(data.get("time", 0))})
    return found


def check(data_dir: Path, max_age_s: float) -> tuple[bool, str]:
    """Whether a worker on this machine is alive and consuming, with a one-line reason."""
    beats = heartbeats(data_dir)
    if not beats:
        return False, f"no worker heartbeat under {heartbeat_dir(data_dir)}"
    fresh = [b for b in beats if b["age_s"] <= max_age_s]
    if not fresh:
        return (
            False,
            f"heartbeat stale: newest is {min(b['age_s'] for b in beats):.0f}s old (limit {max_age_s:.0f}s)",
        )
    consuming = [b for b in fresh if b.get("consuming")]
    if not consuming:
        return False, "worker alive but not consuming (broker connection down or shutting down)"
    return True, f"ok: {consuming[0]['hostname']} consuming, heartbeat {consuming[0]['age_s']:.1f}s old"


class Heartbeat:
    """The main process's heartbeat thread: a Redis key for `status`, a local file for `check`."""

    def __init__(
        self,
        settings: Settings,
        hostname: str,
        consuming: Callable[[], bool],
        sweep: Callable[[], object] | None = None,
    ) -> None:
        self.settings, self.hostname, self.consuming, self.sweep = settings, hostname, consuming, sweep
        self.stop = threading.Event()
        self.last_beat = time.time()
        self.last_consuming = False
        self.thread = threading.Thread(target=self._run, name="newsworker-heartbeat", daemon=True)

    def _beat(self) -> None:
        from worker.runtime import store_for

        consuming = self.consuming()
        write_heartbeat(self.settings.data_dir, self.hostname, consuming)
        self.last_beat, self.last_consuming = time.time(), consuming
        info = {"pid": os.getpid(), "queue": self.settings.queue, "consuming": consuming}
        store_for(self.settings).beat(self.hostname, self.settings.heartbeat_ttl_s, info)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                self._beat()
                if self.sweep is not None:
                    self.sweep()
            except Exception as exc:  # Redis away: the file still says we live; try again next beat
                log.warning("heartbeat_failed", error=str(exc))
            # the janitor's sweep wants every RESTORE_INTERVAL_S; beating more often than ttl/3 is harmless
            self.stop.wait(min(self.settings.heartbeat_ttl_s / 3, self.settings.restore_interval_s))

    def state(self, ready: bool) -> tuple[bool, str]:
        """Alive (for readiness: and consuming) as of the last beat, with a one-line reason; for /healthz."""
        age, limit = time.time() - self.last_beat, self.settings.heartbeat_ttl_s
        if age > limit:
            return False, f"heartbeat stale: {age:.0f}s old (limit {limit}s)"
        if ready and not self.last_consuming:
            return False, "worker alive but not consuming (broker connection down or shutting down)"
        doing = "consuming" if self.last_consuming else "alive"
        return True, f"ok: {self.hostname} {doing}, heartbeat {age:.1f}s old"

    def start(self) -> None:
        """Begin beating."""
        self.thread.start()

    def shutdown(self) -> None:
        """Stop beating and remove this worker's heartbeat, file and key."""
        from worker.runtime import open_store

        self.stop.set()
        self.thread.join(timeout=2)
        self.last_consuming = False  # /readyz answers 503 from now on: the worker takes no more work
        remove_heartbeat(self.settings.data_dir, self.hostname)
        with contextlib.suppress(Exception):  # Redis away: the key expires by itself; don't hold the stop
            open_store(self.settings, retry_budget_s=0.5).forget_worker(self.hostname)
