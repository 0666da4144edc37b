"""Redis with ACL users and passwords, and TLS with certificate verification, end to end."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT, RedisServer, WorkerProcess, require_redis_server, wait_for, worker_env
from worker.celery_app import make_publisher
from worker.keys import Keys
from worker.models import Article
from worker.producer import Producer
from worker.settings import Settings
from worker.store import Store, connect

pytestmark = pytest.mark.integration
ACL = ROOT / "deploy" / "redis" / "users.acl"


def _acl_file(tmp_path: Path) -> Path:
    """The documented ACL file with test passwords."""
    text = ACL.read_text().replace(">change-me-worker", ">wpass").replace(">change-me-producer", ">ppass")
    text = text.replace(">change-me-admin", ">apass")
    path = tmp_path / "users.acl"
    path.write_text(text)
    return path


def _process_one(url_worker: str, url_producer: str, tmp_path: Path, text: str) -> dict[str, str]:
    """Run a real worker on `url_worker`, enqueue one article via `url_producer`, return its hash."""
    settings = Settings(redis_url=url_producer)
    store = Store(connect(url_producer), Keys())
    worker = WorkerProcess(worker_env(url_worker, "newsworker"), tmp_path / "worker.log", concurrency=1)
    worker.start()
    try:
        wait_for(lambda: store.live_workers(), 60, f"the worker's heartbeat ({tmp_path / 'worker.log'})")
        article = Article(text=text)
        assert Producer(make_publisher(settings), store, settings).enqueue(article)
        wait_for(lambda: store.article_fields(article.id).get("status") == "done", 60, "the article")
        return store.article_fields(article.id)
    finally:
        worker.stop()


@pytest.fixture
def acl_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """redis-server whose only users are the documented worker and producer."""
    server = RedisServer(
        require_redis_server(), tmp_path / "data", extra=("--aclfile", str(_acl_file(tmp_path)))
    )
    server.ping = lambda: _auth_ping(server.port)  # type: ignore[method-assign]
    server.start()
    yield server
    server.stop()


def _auth_ping(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, username="newsworker-worker", password="wpass").ping())
    except redis.RedisError:
        return False


def test_worker_and_producer_work_with_least_privilege_acl_users(
    acl_redis: RedisServer, tmp_path: Path
) -> None:
    """The README's ACL users are enough: a worker and a producer with passwords process an article."""
    worker_url = f"redis://newsworker-worker:wpass@127.0.0.1:{acl_redis.port}/0"
    producer_url = f"redis://newsworker-producer:ppass@127.0.0.1:{acl_redis.port}/0"
    fields = _process_one(worker_url, producer_url, tmp_path, "Maria Lopez said the ACL test passed.")
    assert json.loads(fields["quotes"])[0]["speaker"] == "Maria Lopez"


def test_wrong_password_is_refused(acl_redis: RedisServer) -> None:
    """A bad password is an authentication error, not silent access."""
    import redis

    with pytest.raises(redis.AuthenticationError):
        connect(f"redis://newsworker-worker:nope@127.0.0.1:{acl_redis.port}/0").ping()


DENIED = [
    ("worker", ("SET", "newsworker2:x", "1")),
    ("worker", ("SET", "other:x", "1")),
    ("worker", ("KEYS", "*")),
    ("worker", ("SCAN", "0")),
    ("producer", ("SCAN", "0", "MATCH", "other:*")),
    ("worker", ("SCRIPT", "FLUSH")),
    ("worker", ("FUNCTION", "LIST")),
    ("worker", ("SELECT", "1")),
    ("worker", ("FLUSHALL",)),
    ("worker", ("CONFIG", "GET", "dir")),
    ("producer", ("HSET", "unacked", "tag", "x")),
    ("producer", ("SCRIPT", "FLUSH")),
    ("admin", ("GET", "newsworker:counters")),
    ("admin", ("FLUSHALL",)),
]
PASSWORDS = {"worker": "wpass", "producer": "ppass", "admin": "apass"}


def _as(server: RedisServer, user: str) -> object:
    import redis

    return redis.Redis(port=server.port, username=f"newsworker-{user}", password=PASSWORDS[user])


@pytest.mark.parametrize(("user", "command"), DENIED, ids=[f"{u}-{' '.join(c[:2])}" for u, c in DENIED])
def test_acl_users_are_denied_what_they_do_not_need(
    acl_redis: RedisServer, user: str, command: tuple[str, ...]
) -> None:
    """Other prefixes, KEYS, SCRIPT FLUSH, FUNCTION, SELECT and admin commands are refused per user."""
    import redis

    client = _as(acl_redis, user)
    with pytest.raises(redis.exceptions.NoPermissionError):
        client.execute_command(*command)  # type: ignore[attr-defined]


def test_admin_user_runs_the_backup_steps(acl_redis: RedisServer, tmp_path: Path) -> None:
    """The backup user of docs/operating.md may snapshot and read persistence state, and nothing else."""
    client = _as(acl_redis, "admin")
    before = client.lastsave()  # type: ignore[attr-defined]
    assert client.bgsave() is True  # type: ignore[attr-defined]
    assert client.info("persistence")["rdb_bgsave_in_progress"] in (0, 1)  # type: ignore[attr-defined]
    assert client.config_get("dir") == {"dir": str(tmp_path / "data")}  # type: ignore[attr-defined]
    assert client.lastsave() >= before  # type: ignore[attr-defined]


def _certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1, made with openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl")
    run = lambda *args: subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)  # noqa: E731
    run(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=newsworker test CA",
    )
    run(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    )
    (directory / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.ext",
    )
    return directory / "ca.pem", directory / "server.pem", directory / "server.key"


def test_tls_with_certificate_verification(tmp_path: Path) -> None:
    """Over rediss:// with the CA given, a worker processes an article; without the CA, the client refuses."""
    import redis

    ca, cert, key = _certificates(tmp_path)
    server = RedisServer(require_redis_server(), tmp_path / "data")
    tls_args = (
        "--port",
        "0",
        "--tls-port",
        str(server.port),
        "--tls-cert-file",
        str(cert),
        "--tls-key-file",
        str(key),
        "--tls-ca-cert-file",
        str(ca),
        "--tls-auth-clients",
        "no",
    )
    server.extra = tls_args
    url = f"rediss://127.0.0.1:{server.port}/0?ssl_cert_reqs=required&ssl_ca_certs={ca}"
    server.ping = lambda: _tls_ping(url)  # type: ignore[method-assign]
    server.start()
    try:
        fields = _process_one(url, url, tmp_path, "Chen Wei said the encrypted test passed.")
        assert fields["status"] == "done"
        with pytest.raises(redis.ConnectionError):
            redis.Redis.from_url(f"rediss://127.0.0.1:{server.port}/0?ssl_cert_reqs=required").ping()
    finally:
        server.stop()


def _tls_ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url).ping())
    except redis.RedisError:
        return False


def test_status_command_works_over_tls_urls_too() -> None:
    """The CLI accepts rediss:// URLs (parsing only; the TLS round trip is tested above)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from worker.celery_app import celery_config;"
            "from worker.settings import Settings;"
            "print(celery_config(Settings(redis_url='rediss://h:1/0?ssl_ca_certs=/ca.pem'))['broker_use_ssl'])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "{'ssl_cert_reqs': <VerifyMode.CERT_REQUIRED: 2>, 'ssl_ca_certs': '/ca.pem'}"
