"""Warm-up before the fork and the per-article memory hygiene of pool children."""

from __future__ import annotations

from worker import warmup
from worker.loader import load_nlp
from worker.nlp import OFFICIAL_MODEL
from worker.stages.base import StageOptions


def test_a_bounded_cache_forgets_its_oldest_entries() -> None:
    """Past its limit the cache drops the oldest entry and keeps the newest ones."""
    cache = warmup.BoundedCache({"a": 1, "b": 2}, limit=3)
    cache["c"], cache["d"] = 3, 4
    assert list(cache.items()) == [("b", 2), ("c", 3), ("d", 4)]


def test_warm_up_leaves_a_warm_bounded_lemmatiser_cache() -> None:
    """A warmed pipeline's lemmatiser cache is bounded and already holds the sample's words."""
    warmup.warm([OFFICIAL_MODEL], StageOptions())
    cache = load_nlp(OFFICIAL_MODEL).get_pipe("lemmatizer").cache  # type: ignore[attr-defined]
    assert isinstance(cache, warmup.BoundedCache) and cache.limit == warmup.LEMMA_CACHE_LIMIT
    assert 0 < len(cache) < cache.limit


def test_release_memory_runs_on_this_c_library() -> None:
    """Giving heap pages back never fails (a no-op where malloc_trim is missing)."""
    warmup.release_memory()
