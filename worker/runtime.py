"""The process-wide Store: one door to Redis for the worker's tasks, consumer, heartbeat and metrics."""

from __future__ import annotations

import functools

from worker.errors import ConfigurationError
from worker.keys import Keys
from worker.settings import Settings
from worker.store import Store, StoreOptions, connect


@functools.cache
def _store(url: str, prefix: str, options: StoreOptions, retry_budget_s: float) -> Store:
    """One Store per process and URL (redis-py pools reconnect after fork)."""
    return Store(connect(url, retry_budget_s), Keys(prefix), options)


def store_for(settings: Settings) -> Store:
    """The process-wide Store for these settings (their Redis URL must be resolved already)."""
    if settings.redis_url is None:
        raise ConfigurationError("no Redis URL: set NEWSWORKER_REDIS_URL (the CLI resolves it at start)")
    options = StoreOptions.from_settings(settings)
    return _store(settings.redis_url, settings.key_prefix, options, settings.redis_retry_budget_s)


CLI_RETRY_BUDGET_S = 3.0  # a command fails in seconds, in one line, when Redis is away


def open_store(settings: Settings, retry_budget_s: float = CLI_RETRY_BUDGET_S) -> Store:
    """A Store of its own on the settings' Redis (a CLI command, a test, a benchmark)."""
    if settings.redis_url is None:
        raise ConfigurationError("no Redis URL: set NEWSWORKER_REDIS_URL")
    client = connect(settings.redis_url, retry_budget_s)
    return Store(client, Keys(settings.key_prefix), StoreOptions.from_settings(settings))
