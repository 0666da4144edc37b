"""Settings come from NEWSWORKER_* variables, and misspellings are errors."""

import pytest

from worker.celery_app import celery_config
from worker.errors import ConfigurationError
from worker.settings import Settings, load_settings


def test_defaults_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no variables: embedded Redis, prefix and queue `newsworker`, the small English model."""
    for name in (
        "NEWSWORKER_REDIS_URL",
        "NEWSWORKER_KEY_PREFIX",
        "NEWSWORKER_QUEUE",
        "NEWSWORKER_SPACY_MODEL",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert (settings.redis_url, settings.key_prefix, settings.queue, settings.spacy_model) == (
        None,
        "newsworker",
        "newsworker",
        "en_core_web_sm",
    )


def test_broker_defaults_to_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """BROKER_URL falls back to REDIS_URL."""
    monkeypatch.setenv("NEWSWORKER_REDIS_URL", "redis://h:1/2")
    monkeypatch.delenv("NEWSWORKER_BROKER_URL", raising=False)
    assert load_settings().broker == "redis://h:1/2"


def test_misspelled_variable_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A typo in a NEWSWORKER_* name is reported with the likely intended name."""
    monkeypatch.setenv("NEWSWORKER_REDIS_ULR", "redis://x")
    with pytest.raises(
        ConfigurationError, match=r"NEWSWORKER_REDIS_ULR \(did you mean NEWSWORKER_REDIS_URL\)"
    ):
        load_settings()


def test_invalid_value_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value of the wrong kind names the setting."""
    monkeypatch.setenv("NEWSWORKER_MAX_TEXT_CHARS", "lots")
    with pytest.raises(ConfigurationError, match="max_text_chars"):
        load_settings()


def test_entity_labels_read_as_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    """ENTITY_LABELS is a comma-separated list of spaCy labels."""
    monkeypatch.setenv("NEWSWORKER_ENTITY_LABELS", "person, org")
    assert load_settings().entity_labels == ("PERSON", "ORG")


def test_settings_are_frozen() -> None:
    """Configuration is read once and never changed in place."""
    settings = load_settings()
    with pytest.raises(ValueError):
        settings.queue = "other"  # type: ignore[misc]


def test_task_events_are_off_unless_asked() -> None:
    """TASK_EVENTS maps onto Celery's worker_send_task_events; producers always send task-sent."""
    assert celery_config(Settings())["worker_send_task_events"] is False
    on = celery_config(Settings(task_events=True))
    assert on["worker_send_task_events"] is True and on["task_send_sent_event"] is True
