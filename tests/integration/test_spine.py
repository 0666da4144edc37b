"""Articles through the queue to Redis, end to end, with a real redis-server and real workers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from celery import Celery

from tests.conftest import SEED
from tests.corpus import articles
from tests.support import ROOT, WorkerProcess, wait_for, worker_env
from worker.inputs import read_inputs
from worker.local import wait_until_finished
from worker.models import Article, ArticleResult
from worker.producer import Producer
from worker.protocol import TASK_NAME
from worker.settings import Settings
from worker.store import Store, result_from_fields

pytestmark = pytest.mark.integration
HASH_FIELDS = {
    "status",
    "title",
    "enqueued_at",
    "started_at",
    "finished_at",
    "attempts",
    "pipeline_version",
    "error",
    "text",
    "summary",
    "entities",
    "quotes",
}


def _seed_and_fifty() -> list[Article]:
    (seed,) = [loaded.article for loaded in read_inputs([str(SEED)], 200_000)]
    assert seed is not None
    return [seed, *(Article.model_validate(a) for a in articles(50))]


def test_seed_and_fifty_articles_all_reach_done(
    redis_client: redis.Redis, app: Celery, store: Store, settings: Settings, worker: WorkerProcess
) -> None:
    """51 enqueued articles end `done`, each hash validates, and the done index holds them all."""
    producer = Producer(app, store, settings)
    batch = _seed_and_fifty()
    assert all(producer.enqueue(article) for article in batch)
    ids = [article.id for article in batch]
    assert wait_until_finished(store, ids, timeout_s=180, progress=False) == []
    assert set(redis_client.zrange(store.keys.done, 0, -1)) >= set(ids)
    for article in batch:
        fields = store.article_fields(article.id)
        assert set(fields) >= HASH_FIELDS, article.id
        assert (fields["status"], fields["attempts"], fields["text"]) == ("done", "1", article.text)
        result = result_from_fields(article.id, fields)
        assert isinstance(result, ArticleResult) and result.error is None
        assert fields["enqueued_at"] <= fields["started_at"] <= fields["finished_at"]
    seed = store.result(batch[0].id)
    assert seed is not None and ("Wang Yi", "PERSON") in {(e.name, e.label) for e in seed.entities}
    assert store.counts()["queued"] == store.counts()["processing"] == 0


@pytest.mark.parametrize(
    ("payload", "article_id", "message"),
    [
        ({"id": "bad-empty", "text": "  \n "}, "bad-empty", "text: article text is empty or whitespace"),
        (
            {"id": "bad-long", "text": "x" * 20_001},
            "bad-long",
            "text: article text has 20001 characters, over the limit of 20000",
        ),
        ({"id": "bad-missing", "title": "No text"}, "bad-missing", "text: Field required"),
        (
            {"id": "bad-types", "text": "Fine words.", "title": ["not", "a", "string"]},
            "bad-types",
            "title: Input should be a valid string",
        ),
        (["not", "an", "object"], None, "expected a JSON object, got list"),
    ],
)
def test_bad_message_is_marked_failed_and_the_worker_goes_on(
    redis_client: redis.Redis,
    app: Celery,
    store: Store,
    worker: WorkerProcess,
    payload: object,
    article_id: str | None,
    message: str,
) -> None:
    """A bad article that reaches a worker ends `failed` with its error, and the next article is done."""
    from worker.inputs import guess_id

    expected_id = article_id or guess_id(payload)
    app.send_task(TASK_NAME, args=[payload], queue=app.conf.task_default_queue)
    good = Article(text=f"Maria Lopez said the test for {expected_id} passed.")
    Producer(app, store, Settings(redis_url="x", queue=app.conf.task_default_queue)).enqueue(good)
    assert wait_until_finished(store, [expected_id, good.id], timeout_s=60, progress=False) == []
    fields = store.article_fields(expected_id)
    assert fields["status"] == "failed"
    assert json.loads(fields["error"]) == {
        "type": "InvalidArticle",
        "message": f"article {expected_id}: {message}",
    }
    assert redis_client.zscore(store.keys.failed, expected_id) is not None
    assert store.article_fields(good.id)["status"] == "done"


def test_cli_enqueue_reports_bad_files_and_queues_the_rest(
    tmp_path: Path, settings: Settings, store: Store, worker: WorkerProcess
) -> None:
    """`newsworker enqueue DIR` prints good ids, reports each bad file, exits 1; the good ones get done."""
    (tmp_path / "good-one.txt").write_text(
        "Headline\nAnna Kowalski said the bridge is safe.\n", encoding="utf-8"
    )
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "broken.json").write_text("{nope", encoding="utf-8")
    assert settings.redis_url is not None
    env = worker_env(settings.redis_url, settings.key_prefix, max_text_chars=str(settings.max_text_chars))
    proc = subprocess.run(
        [sys.executable, "-m", "worker", "enqueue", str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.split() == ["good-one"]
    assert proc.stderr.splitlines() == [
        f"error: {tmp_path / 'broken.json'}: article broken: invalid JSON: Expecting property name enclosed in double quotes at line 1",
        f"error: {tmp_path / 'latin.txt'}: article latin: file is not UTF-8 (invalid continuation byte at byte 3)",
    ]
    assert wait_until_finished(store, ["good-one"], timeout_s=60, progress=False) == []


def test_show_and_status_read_what_the_worker_wrote(
    settings: Settings, store: Store, worker: WorkerProcess
) -> None:
    """`show ID --field quotes` prints the stored quotes; `status` counts articles and live workers."""
    assert settings.redis_url is not None
    env = worker_env(settings.redis_url, settings.key_prefix)
    wait_for(lambda: store.result(SEED.stem) is not None, 60, "the seed result")
    show = subprocess.run(
        [sys.executable, "-m", "worker", "show", SEED.stem, "--field", "quotes"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    stored = store.result(SEED.stem)
    assert stored is not None
    assert json.loads(show.stdout) == [q.model_dump(mode="json") for q in stored.quotes]
    status = subprocess.run(
        [sys.executable, "-m", "worker", "status"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = status.stdout.splitlines()
    assert lines[0] == f"queue {settings.queue}: 0 messages waiting"
    assert lines[2].startswith("workers alive: 1 (newsworker-")
