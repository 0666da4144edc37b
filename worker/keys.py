"""The only place a Redis key string is built: key names are part of the public contract."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from worker.settings import Settings


def name_key(name: str) -> str:
    """The documented normalisation of a name in index keys: ASCII-folded, lower case, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", folded.lower()))


@dataclass(frozen=True)
class Keys:
    """Key names under one prefix (the `KEY_PREFIX` setting, whose default is written in Settings)."""

    prefix: str = Settings.model_fields["key_prefix"].default

    def article(self, article_id: str) -> str:
        """Hash holding an article's status, metadata, text and result parts."""
        return f"{self.prefix}:article:{article_id}"

    @property
    def done(self) -> str:
        """Sorted set of done article ids scored by finish time."""
        return f"{self.prefix}:done"

    @property
    def failed(self) -> str:
        """Sorted set of failed article ids scored by finish time."""
        return f"{self.prefix}:failed"

    @property
    def queued(self) -> str:
        """Sorted set of article ids enqueued and not yet finished, scored by enqueue time."""
        return f"{self.prefix}:queued"

    @property
    def processing(self) -> str:
        """Sorted set of article ids a worker has started and not finished, scored by start time."""
        return f"{self.prefix}:processing"

    @property
    def deadletter(self) -> str:
        """Stream of failures and refused messages: id, error, attempts, time, a refused payload."""
        return f"{self.prefix}:deadletter"

    @property
    def counters(self) -> str:
        """Hash of totals `done` and `failed`, always equal to the sizes of those two sorted sets."""
        return f"{self.prefix}:counters"

    @property
    def events(self) -> str:
        """Stream with one entry per message taken: id, status, finished_at, pipeline_version (repeat: 1)."""
        return f"{self.prefix}:events"

    def entity(self, label: str, name: str) -> str:
        """Sorted set of article ids mentioning this entity, scored by salience."""
        return f"{self.prefix}:entity:{label}:{name_key(name)}"

    def speaker(self, name: str) -> str:
        """Sorted set of article ids quoting this speaker, scored by quote count."""
        return f"{self.prefix}:speaker:{name_key(name)}"

    def language(self, language: str, status: str) -> str:
        """Sorted set: ids of articles in that language whose latest result has that status."""
        return f"{self.prefix}:language:{language}:{status}"

    @property
    def languages(self) -> str:
        """Set: every language an article has finished in (for per-language counts)."""
        return f"{self.prefix}:languages"

    @property
    def names(self) -> str:
        """Sorted set (all scores 0) of `<name-token>|<index>|<name>` members for partial-name lookups."""
        return f"{self.prefix}:names"

    @property
    def janitor_lock(self) -> str:
        """Short-lived lock: one worker at a time looks for articles whose message was lost."""
        return f"{self.prefix}:janitor"

    def worker_heartbeat(self, hostname: str) -> str:
        """String key a live worker refreshes (with a TTL) so `status` can count workers."""
        return f"{self.prefix}:worker:{hostname}"

    @property
    def workers(self) -> str:
        """Sorted set of worker host names scored by when their heartbeat expires (listed without SCAN)."""
        return f"{self.prefix}:workers"
