"""Property-based: generated raw queue messages never stop the worker, and each leaves exactly one trace.

Batches of hostile messages (random bytes and text, broken envelopes, valid envelopes with hostile bodies,
deep nesting) are pushed onto the queue of a real worker (concurrency 2, its own redis-server), then one
valid article. After each batch: the same worker process is alive, the valid article is done, and every
message got exactly one event on `newsworker:events` (done, failed, or a `repeat`), with a dead letter for
each one refused. Bounded: MAX_EXAMPLES batches of at most MAX_BATCH messages.
"""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
import redis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.support import WorkerProcess, wait_for
from worker.protocol import raw_message
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.fuzz
MAX_EXAMPLES, MAX_BATCH = 30, 5

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
articles = st.fixed_dictionaries(
    {},
    optional={
        "id": st.text(max_size=40) | st.integers(),
        "text": st.text(max_size=300) | json_values,
        "title": json_values,
        "url": json_values,
        "published_at": st.text(max_size=30) | st.integers(),
    },
)


def _envelope(body: bytes) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(raw_message({"text": "placeholder"}))
    message["body"] = base64.b64encode(body).decode()
    return message


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


hostile_bodies = st.one_of(
    articles.map(lambda a: json.dumps([[a], {}, {}]).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=300),
    st.integers(20, 4000).map(lambda n: f'[[{{"text": "deep", "x": {_nested(n)}}}], {{}}, {{}}]'.encode()),
)
broken_envelopes = st.tuples(
    st.sampled_from(["body", "headers", "properties", "content-type", "content-encoding"]), json_values
).map(lambda change: {**_envelope(b'[[{"text": "words"}], {}, {}]'), change[0]: change[1]})
CELERY_HEADERS = (
    *("eta", "expires", "retries", "timelimit", "root_id", "parent_id", "group", "argsrepr", "lang"),
    *(
        "stamps",
        "stamped_headers",
        "group_index",
        "replaced_task_nesting",
        "ignore_result",
        "origin",
        "x-custom",
    ),
)
hostile_headers = st.tuples(st.sampled_from(CELERY_HEADERS), json_values).map(
    lambda change: _with_header(change[0], change[1])
)


def _with_header(name: str, value: Any) -> dict[str, Any]:
    envelope = _envelope(b'[[{"text": "Words with odd headers."}], {}, {}]')
    envelope["headers"][name] = value
    return envelope


messages = st.one_of(
    hostile_headers.map(lambda e: json.dumps(e).encode()),
    st.binary(max_size=500),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    hostile_bodies.map(lambda body: json.dumps(_envelope(body)).encode()),
    broken_envelopes.map(lambda e: json.dumps(e).encode()),
    st.integers(20, 5000).map(lambda n: _nested(n).encode()),
)


@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, in bounded time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch=st.lists(messages, min_size=1, max_size=MAX_BATCH))
def test_any_batch_of_raw_messages_leaves_the_worker_up_and_one_trace_each(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess, batch: list[bytes]
) -> None:
    """Same worker alive, a valid article afterwards done, one event per message, letters for the refused."""
    pid, last = worker.pid, store.last_event_id()
    letters_before = store.deadletter_count()
    for raw in batch:
        redis_client.lpush(settings.queue, raw)
    good = f"fuzz-{uuid.uuid4().hex[:12]}"
    redis_client.lpush(
        settings.queue, raw_message({"id": good, "text": "Maria Lopez said the fuzz batch ended."})
    )
    wait_for(lambda: store.status(good) == "done", 60, f"the valid article after {batch!r:.300}")
    events = lambda: store.read_events(last, block_ms=0, count=1000)  # noqa: E731
    wait_for(lambda: len(events()) >= len(batch) + 1, 30, "one event per message")
    assert worker.pid == pid and worker.alive()
    found = events()
    assert len(found) == len(batch) + 1
    # A refusal's event names its error; a failure's commit is a non-repeat `failed` event; both letter.
    refused = [
        f for _id, f in found if f.get("error") or (f["status"] == "failed" and f.get("repeat") != "1")
    ]
    assert store.deadletter_count() - letters_before == len(refused)
    counts = store.counts()
    assert store.counters() == {
        k: counts[k] for k in ("done", "failed") if counts[k] or k in store.counters()
    }
