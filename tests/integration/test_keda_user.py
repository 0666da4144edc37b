"""KEDA's ACL user in deploy/redis/users.acl may read the queue's length and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from tests.support import ROOT, RedisServer, require_redis_server

pytestmark = pytest.mark.integration


def test_the_keda_user_may_only_llen_the_queue(tmp_path: Path) -> None:
    """LLEN newsworker (and the connection handshake) work; writes, other keys and other reads are refused."""
    acl = (ROOT / "deploy" / "redis" / "users.acl").read_text(encoding="utf-8")
    assert ">change-me-keda" in acl
    (tmp_path / "users.acl").write_text(acl.replace(">change-me-keda", ">kpass"), encoding="utf-8")
    server = RedisServer(
        require_redis_server(), tmp_path / "data", extra=("--aclfile", str(tmp_path / "users.acl"))
    )
    server.ping = lambda: _pings(server.port)  # type: ignore[method-assign]
    server.start()
    try:
        keda = redis.Redis(port=server.port, username="newsworker-keda", password="kpass", protocol=3)
        assert keda.ping() is True and keda.llen("newsworker") == 0
        refused = [
            lambda: keda.lpush("newsworker", "x"),
            lambda: keda.llen("newsworker-other"),
            lambda: keda.lrange("newsworker", 0, -1),
            lambda: keda.get("newsworker"),
            lambda: keda.keys("*"),
            lambda: keda.publish("newsworker", "x"),
        ]
        for command in refused:
            with pytest.raises(redis.exceptions.NoPermissionError):
                command()
    finally:
        server.stop()


def _pings(port: int) -> bool:
    """Whether the ACL server answers (the default user is off, so any reply but a refused socket counts)."""
    try:
        redis.Redis(port=port, socket_connect_timeout=0.2).ping()
    except redis.AuthenticationError:
        return True
    except redis.ResponseError:
        return True
    except redis.RedisError:
        return False
    return True
