"""Producers without Celery: the documented raw JSON message, and every kind of bad message (issue 19)."""

from __future__ import annotations

import base64
import json
import pickle

import pytest
import redis

from tests.support import RedisServer, WorkerProcess, wait_for
from worker.gate import raw_id
from worker.local import wait_until_finished
from worker.protocol import raw_message
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.integration


def _envelope(
    body: bytes, content_type: str = "application/json", task: str = "newsworker.process_article"
) -> str:
    message = json.loads(raw_message({"text": "x"}))
    message["body"] = base64.b64encode(body).decode()
    message["content-type"] = content_type
    message["headers"]["task"] = task
    return json.dumps(message)


def _deep_envelope(levels: int) -> bytes:
    nested = "[" * levels + "]" * levels
    body = '[[{"id": "deep-1", "text": "Deep.", "x": ' + nested + "}], {}, {}]"
    return _envelope(body.encode()).encode()


def _bad_base64_envelope() -> bytes:
    message = json.loads(raw_message({"text": "x"}))
    message["body"] = "%%% not base64 %%%"
    return json.dumps(message).encode()


# Every message class of issue 19's table, with the id it is recorded under and its reason.
TABLE = [
    ("not-json", b"this is not json", None, "message is not JSON (Expecting value at column 1)"),
    ("number", b"42", None, "message must be a JSON object (a task envelope), got int"),
    ("list", b"[1,2,3]", None, "message must be a JSON object (a task envelope), got list"),
    ("binary", bytes(range(256)) * 4, None, "message is not UTF-8 (invalid start byte at byte 128)"),
    ("bad-base64", _bad_base64_envelope(), None, "envelope body is not valid base64"),
    ("deep", _deep_envelope(3000), None, "task body nests deeper than 32 levels"),
    (
        "no-envelope",
        b'{"hello":"world"}',
        None,
        "not a task envelope: no properties.delivery_tag (see docs/producers.md)",
    ),
    (
        "bare-article",
        b'{"id": "bare-1", "text": "A bare article."}',
        "bare-1",
        "not a task envelope: no properties.delivery_tag (see docs/producers.md)",
    ),
    (
        "pickle",
        _envelope(
            pickle.dumps([[{"id": "pickled-1", "text": "x"}], {}, {}]), "application/x-python-serialize"
        ).encode(),
        None,
        "message refused: content type 'application/x-python-serialize' (send application/json)",
    ),
    (
        "unknown-task",
        _envelope(
            json.dumps([[{"id": "wrong-task-1", "text": "Words."}], {}, {}]).encode(), task="someone.else"
        ).encode(),
        "wrong-task-1",
        "unknown task 'someone.else': publish to newsworker.process_article",
    ),
]


def _good(redis_client: redis.Redis, settings: Settings, store: Store, n: str) -> None:
    """A valid article pushed after a bad one is done: the worker took the next message."""
    article = {"id": f"after-{n}", "text": f"Maria Lopez said the worker survived case {n}."}
    redis_client.lpush(settings.queue, raw_message(article, queue=settings.queue))
    assert wait_until_finished(store, [f"after-{n}"], timeout_s=60, progress=False) == []


def test_raw_lpush_message_is_processed_like_any_other(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """A message built without Celery (redis-py LPUSH of the documented JSON) ends `done`."""
    article = {"id": "raw-1", "text": "Sophie Martin said the raw message arrived.", "title": "Raw"}
    redis_client.lpush(settings.queue, raw_message(article, queue=settings.queue))
    assert wait_until_finished(store, ["raw-1"], timeout_s=60, progress=False) == []
    fields = store.article_fields("raw-1")
    assert (fields["status"], fields["title"], fields["attempts"]) == ("done", "Raw", "1")
    assert json.loads(fields["quotes"])[0]["speaker"] == "Sophie Martin"
    assert fields["enqueued_at"] == fields["started_at"]


@pytest.mark.parametrize(("name", "raw", "given", "reason"), TABLE, ids=[row[0] for row in TABLE])
def test_bad_message_is_dead_lettered_with_its_payload_and_the_worker_goes_on(
    redis_client: redis.Redis,
    store: Store,
    settings: Settings,
    worker: WorkerProcess,
    name: str,
    raw: bytes,
    given: str | None,
    reason: str,
) -> None:
    """Whatever bytes arrive: failed under its id, a dead letter with the payload, the same worker alive."""
    article_id = given or raw_id(raw)
    redis_client.lpush(settings.queue, raw)
    _good(redis_client, settings, store, name)
    assert worker.alive()
    fields = store.article_fields(article_id)
    assert fields["status"] == "failed"
    assert json.loads(fields["error"]) == {
        "type": "InvalidMessage",
        "message": f"article {article_id}: {reason}",
    }
    letter = next(e for e in store.deadletters(1000) if e["id"] == article_id)
    kept = (
        base64.b64decode(letter["payload"])
        if letter["payload_encoding"] == "base64"
        else letter["payload"].encode()
    )
    assert (kept, letter["size"], letter["truncated"], letter["payload_kind"]) == (
        raw,
        str(len(raw)),
        "0",
        "message",
    )


def test_huge_message_keeps_a_capped_payload_and_its_size(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """A 1 MB non-message keeps its first 64 KB and notes its original size."""
    raw = b"x" * 1_000_000
    redis_client.lpush(settings.queue, raw)
    _good(redis_client, settings, store, "huge")
    letter = next(e for e in store.deadletters(1000) if e["id"] == raw_id(raw))
    assert (len(letter["payload"]), letter["size"], letter["truncated"]) == (65536, "1000000", "1")


def test_invalid_copy_of_a_done_article_leaves_it_done(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """Same id, empty text: dead-lettered, the done result kept, a repeat event, counters equal the sets."""
    redis_client.lpush(settings.queue, raw_message({"id": "kept-1", "text": "Aiko Tanaka said it holds."}))
    assert wait_until_finished(store, ["kept-1"], timeout_s=60, progress=False) == []
    before = store.article_fields("kept-1")
    last = store.last_event_id()
    redis_client.lpush(settings.queue, raw_message({"id": "kept-1", "text": "  "}))
    wait_for(lambda: store.read_events(last, block_ms=0), 60, "the repeat event")
    assert store.article_fields("kept-1") == before
    (_, event), *_ = store.read_events(last, block_ms=0)
    assert (event["id"], event["status"], event["repeat"]) == ("kept-1", "done", "1")
    assert event["error"].startswith("InvalidArticle: article kept-1: text: article text is empty")
    counts = store.counts()
    assert store.counters() == {"done": counts["done"], "failed": counts["failed"]}


@pytest.mark.parametrize("given", ["../x", "a b", "x" * 300])
def test_article_with_an_invalid_id_is_recorded_under_a_hash_of_that_id_and_quotes_it(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess, given: str
) -> None:
    """The producer finds its message: `invalid-<hash of the id>`, the id quoted in the error and the letter."""
    from worker.gate import id_for

    redis_client.lpush(settings.queue, raw_message({"id": given, "text": "Some words."}))
    article_id = id_for(given)
    assert article_id.startswith("invalid-")
    assert wait_until_finished(store, [article_id], timeout_s=60, progress=False) == []
    error = json.loads(store.article_fields(article_id)["error"])
    assert error["message"].startswith(f"article {article_id}: id {given[:80]!r} is not a valid id")
    letter = next(e for e in store.deadletters(1000) if e["id"] == article_id)
    assert (letter["given_id"], letter["payload_kind"]) == (given, "article")


def test_repeat_of_a_done_article_gets_an_event(
    redis_client: redis.Redis, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """The same article pushed again after it is done: one event, status done, repeat 1."""
    article = {"id": "again-1", "text": "Sophie Martin said it twice."}
    redis_client.lpush(settings.queue, raw_message(article))
    assert wait_until_finished(store, ["again-1"], timeout_s=60, progress=False) == []
    last = store.last_event_id()
    redis_client.lpush(settings.queue, raw_message(article))
    wait_for(lambda: store.read_events(last, block_ms=0), 60, "the repeat event")
    [(_, event)] = store.read_events(last, block_ms=0)
    assert (event["id"], event["status"], event["repeat"]) == ("again-1", "done", "1")


def test_documented_redis_cli_snippet_is_processed(
    store: Store, settings: Settings, worker: WorkerProcess, redis_server: RedisServer
) -> None:
    """The shell producer in docs/producers.md, run as written (queue name adjusted), ends `done`."""
    import re
    import shutil
    import subprocess

    from tests.support import ROOT

    if shutil.which("redis-cli") is None:
        pytest.skip("no redis-cli")
    doc = (ROOT / "docs" / "producers.md").read_text(encoding="utf-8")
    snippet = re.search(r"<!-- tested: redis-cli -->\n```sh\n(.*?)```", doc, flags=re.DOTALL)
    assert snippet is not None
    script = snippet.group(1).replace("LPUSH newsworker", f"LPUSH {settings.queue}")
    script = script.replace('routing_key\\": \\"newsworker', f'routing_key\\": \\"{settings.queue}')
    env = {"REDIS_PORT": str(redis_server.port), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["bash", "-e", "-c", script], env=env, check=True, capture_output=True, timeout=30)
    assert wait_until_finished(store, ["cli-1"], timeout_s=60, progress=False) == []
    fields = store.article_fields("cli-1")
    assert (fields["status"], fields["title"]) == ("done", "From the shell")
    assert [e["name"] for e in json.loads(fields["entities"])] == ["Maria Lopez"]
