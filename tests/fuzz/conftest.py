"""The fuzz tier runs on the integration tier's real redis-server and worker."""

from tests.integration.conftest import app, prefix, redis_client, redis_server, settings, store, worker

__all__ = ["app", "prefix", "redis_client", "redis_server", "settings", "store", "worker"]
