"""Warm-up before the fork and the per-article memory hygiene of pool children."""

from __future__ import annotations

from worker import warmup
from worker.nlp import OFFICIAL_MODEL, StageOptions, load_nlp


def test_warm_up_fills_the_lemmatiser_cache_and_bounding_empties_it() -> None:
    """A warmed pipeline has built its lazy state; past the limit its lemmatiser cache is emptied."""
    warmup.warm([OFFICIAL_MODEL], StageOptions())
    nlp = load_nlp(OFFICIAL_MODEL)
    cache = nlp.get_pipe("lemmatizer").cache  # type: ignore[attr-defined]
    assert nlp in warmup._warmed and len(cache) > 0
    warmup.bound_caches(limit=len(cache))
    assert len(cache) > 0
    warmup.bound_caches(limit=0)
    assert len(cache) == 0


def test_release_memory_runs_on_this_c_library() -> None:
    """Giving heap pages back never fails (a no-op where malloc_trim is missing)."""
    warmup.release_memory()
