"""Light pool children: warm the pipelines before the fork, give memory back after each article.

A pool child's private memory is what it writes after the fork. Everything built lazily on first use
(learned tables, the model's work buffers, the lemmatiser's tables) is built once in the main process
instead, so children share it; the lemmatiser's cache, which grows with every new word, is bounded; after
each article a child hands freed heap pages back to the system.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from spacy.language import Language

from worker.loader import load_nlp
from worker.models import Article
from worker.pipeline import run_pipeline
from worker.stages.base import StageOptions

# Made up for the warm-up (no evaluation text): a title, names, an organisation, a place, quotes.
SAMPLE = {
    "en": (
        "Council approves the new harbour plan\n\n"
        "The city council of Lisbon approved the harbour plan on Monday, Mayor Ana Ferreira said. "
        '"We have listened to every resident," Ferreira told reporters. The plan, first proposed in 2019, '
        "will cost about $40 million, according to the Ministry of Finance.\n\n"
        'Critics, including the economist Tom Reyes, said the estimate was "far too low".\n'
    ),
    "fr": (
        "Le conseil approuve le plan du port\n\n"
        "Le conseil municipal de Lyon a approuvé lundi le plan du port, a déclaré la maire Anne Dupont. "
        "« Nous avons écouté chaque habitant », a-t-elle dit aux journalistes.\n"
    ),
}
LEMMA_CACHE_LIMIT = 10_000  # entries kept in spaCy's rule lemmatiser cache (~2 MB; ~15 new per article)


class BoundedCache(OrderedDict[Any, Any]):
    """A dict that forgets its oldest entry once it holds `limit`: a cache that never grows past a size."""

    def __init__(self, entries: dict[Any, Any], limit: int) -> None:
        self.limit = limit  # before the entries go in: OrderedDict fills itself through __setitem__
        super().__init__(entries)

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(self) >= self.limit:
            self.popitem(last=False)
        super().__setitem__(key, value)


def warm(models: list[str], options: StageOptions) -> None:
    """Run a short article through each pipeline and the stages, in the main process before forking."""
    for model in models:
        nlp = load_nlp(model)
        bound_caches(nlp)
        text = SAMPLE.get(str(nlp.lang), SAMPLE["en"])
        for n in range(2):
            run_pipeline(nlp, Article(id=f"warm-up-{n}", text=text), options)


def bound_caches(nlp: Language, limit: int = LEMMA_CACHE_LIMIT) -> None:
    """Bound the rule lemmatiser's cache, which spaCy grows by every new (word, tag, morph) it sees.

    Oldest entries go first, so the cache stays warm (emptying it costs ~15 ms per article for a while).
    """
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        cache = getattr(lemmatizer, "cache", None)
        if isinstance(cache, dict) and not isinstance(cache, BoundedCache):
            lemmatizer.cache = BoundedCache(cache, limit)  # type: ignore[attr-defined]


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None on another C library (musl, macOS)."""
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_memory() -> None:
    """Give freed heap pages back to the system (glibc keeps them otherwise, as private memory)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
