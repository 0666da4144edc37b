"""The Redis key names are a public contract: pin the exact strings."""

from worker.keys import Keys


def test_article_key_is_prefix_article_id() -> None:
    """An article hash lives at {prefix}:article:{id}."""
    assert Keys().article("abc") == "newsworker:article:abc"


def test_index_keys_use_the_prefix() -> None:
    """Status indexes are {prefix}:done, :failed, :queued, :processing."""
    keys = Keys("news")
    assert (keys.done, keys.failed, keys.queued, keys.processing) == (
        "news:done",
        "news:failed",
        "news:queued",
        "news:processing",
    )


def test_worker_heartbeat_key_and_pattern() -> None:
    """Heartbeats live at {prefix}:worker:{hostname}, found by {prefix}:worker:*."""
    keys = Keys()
    assert keys.worker_heartbeat("w1@host") == "newsworker:worker:w1@host"
    assert keys.workers == "newsworker:workers"


def test_language_keys_name_the_language_and_the_status() -> None:
    """Per-language counts live at {prefix}:language:{lang}:{status}, the languages seen at {prefix}:languages."""
    keys = Keys("news")
    assert (keys.language("fr", "done"), keys.language("de", "failed"), keys.languages) == (
        "news:language:fr:done",
        "news:language:de:failed",
        "news:languages",
    )
