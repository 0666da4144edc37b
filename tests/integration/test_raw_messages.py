"""Producers without Celery: a documented raw JSON message on the queue's list, and malformed ones."""

from __future__ import annotations

import base64
import json
import pickle

import pytest

from tests.support import RedisServer, WorkerProcess
from worker.local import wait_until_finished
from worker.models import Article
from worker.protocol import raw_message
from worker.settings import Settings
from worker.store import Store

pytestmark = pytest.mark.integration


def _push(store: Store, settings: Settings, message: str) -> None:
    store.client.lpush(settings.queue, message)


def test_raw_lpush_message_is_processed_like_any_other(
    store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """A message built without Celery (redis-py LPUSH of the documented JSON) ends `done`."""
    article = {"id": "raw-1", "text": "Sophie Martin said the raw message arrived.", "title": "Raw"}
    _push(store, settings, raw_message(article, queue=settings.queue))
    assert wait_until_finished(store, ["raw-1"], timeout_s=60, progress=False) == []
    fields = store.article_fields("raw-1")
    assert (fields["status"], fields["title"], fields["attempts"]) == ("done", "Raw", "1")
    assert json.loads(fields["quotes"])[0]["speaker"] == "Sophie Martin"
    assert fields["enqueued_at"] == fields["started_at"]


def _envelope(body: bytes, content_type: str, task: str = "newsworker.process_article") -> str:
    message = json.loads(raw_message({"text": "x"}))
    message["body"] = base64.b64encode(body).decode()
    message["content-type"] = content_type
    message["headers"]["task"] = task
    return json.dumps(message)


def _dead_letter_for(store: Store, article_id: str) -> dict[str, str]:
    wait_until_finished(store, [article_id], timeout_s=60, progress=False)
    fields = store.article_fields(article_id)
    assert fields["status"] == "failed"
    assert article_id in store.client.zrange(store.keys.failed, 0, -1)
    assert article_id in {e["id"] for e in store.deadletters(1000)}
    return json.loads(fields["error"])


def test_pickle_message_is_refused_and_dead_lettered(
    store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """A worker never unpickles: the message is refused and recorded, and the worker goes on."""
    article = {"id": "pickled-1", "text": "Never unpickled."}
    body = pickle.dumps([[article], {}, {}])
    _push(store, settings, _envelope(body, "application/x-python-serialize"))
    from worker.inputs import guess_id

    article_id = guess_id(body)
    error = _dead_letter_for(store, article_id)
    assert error["type"] == "InvalidMessage"
    assert "message refused" in error["message"] and "application/x-python-serialize" in error["message"]
    good = Article(text="Aiko Tanaka said the worker survived the pickle.")
    _push(store, settings, raw_message(good.model_dump(mode="json"), queue=settings.queue))
    assert wait_until_finished(store, [good.id], timeout_s=60, progress=False) == []


def test_unknown_task_name_is_dead_lettered(store: Store, settings: Settings, worker: WorkerProcess) -> None:
    """A message for another task name is recorded under the article it carried."""
    body = json.dumps([[{"id": "wrong-task-1", "text": "Words."}], {}, {}]).encode()
    _push(store, settings, _envelope(body, "application/json", task="someone.else"))
    error = _dead_letter_for(store, "wrong-task-1")
    assert error == {
        "type": "InvalidMessage",
        "message": "article wrong-task-1: unknown task 'someone.else': publish to newsworker.process_article",
    }


def test_invalid_json_body_is_dead_lettered(store: Store, settings: Settings, worker: WorkerProcess) -> None:
    """A body that is not JSON is refused with the decode error."""
    body = b"{not json"
    _push(store, settings, _envelope(body, "application/json"))
    from worker.inputs import guess_id

    error = _dead_letter_for(store, guess_id(body))
    assert error["type"] == "InvalidMessage" and "message refused" in error["message"]


def test_wrong_arguments_are_dead_lettered(store: Store, settings: Settings, worker: WorkerProcess) -> None:
    """A task message with two arguments instead of one article is failed with a clear error."""
    body = json.dumps([[{"text": "a"}, {"text": "b"}], {}, {}]).encode()
    _push(store, settings, _envelope(body, "application/json"))
    from worker.inputs import guess_id

    article_id = guess_id({"args": [{"text": "a"}, {"text": "b"}], "kwargs": {}})
    error = _dead_letter_for(store, article_id)
    assert (
        error["message"]
        == f"article {article_id}: task message must carry one article argument, got 2 args and kwargs []"
    )


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
