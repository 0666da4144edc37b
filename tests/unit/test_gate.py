"""The gate in front of kombu: pure checks on raw queue messages, before anything decodes them."""

from __future__ import annotations

import base64
import json

import pytest

from worker.gate import MAX_DEPTH, depth, given_id, id_for, identify, raw_id, vet
from worker.protocol import raw_message


def _envelope(**changes: object) -> bytes:
    message = json.loads(raw_message({"id": "art-1", "text": "Words."}))
    message.update(changes)
    return json.dumps(message).encode()


def test_depth_counts_brackets_outside_strings() -> None:
    """Brackets inside JSON strings (escaped quotes included) do not count."""
    assert depth('{"a": [1, {"b": "[[[\\"]]]"}]}') == 3
    assert depth("[" * 40 + "]" * 40) == 40
    assert depth('"just a string"') == 0


def test_a_sound_envelope_is_delivered_as_parsed() -> None:
    """The documented message passes and comes back as the envelope kombu expects."""
    envelope, rejection = vet(_envelope())
    assert rejection is None and envelope is not None
    assert envelope["headers"]["task"] == "newsworker.process_article"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe", "message is not UTF-8 (invalid start byte at byte 0)"),
        (b"{nope", "message is not JSON (Expecting property name enclosed in double quotes at column 2)"),
        (b"[" * 5000 + b"]" * 5000, f"message nests deeper than {MAX_DEPTH} levels"),
        (b"null", "message must be a JSON object (a task envelope), got NoneType"),
        (b'{"hello": "world"}', "not a task envelope: no properties.delivery_tag (see docs/producers.md)"),
        (_envelope(body=5), "envelope body must be a string, got int"),
        (_envelope(body="!!"), "envelope body is not valid base64"),
        (
            _envelope(headers={"id": "x", "task": "other.task"}),
            "unknown task 'other.task': publish to newsworker.process_article",
        ),
        (
            _envelope(headers={"task": "newsworker.process_article"}),
            "not a task envelope: no headers.id (see docs/producers.md)",
        ),
        (
            _envelope(**{"content-type": "application/x-python-serialize"}),
            "message refused: content type 'application/x-python-serialize' (send application/json)",
        ),
        (
            _envelope(body=base64.b64encode(b'{"a": 1}').decode()),
            "task body must be [args, kwargs, embed] (Celery protocol 2)",
        ),
        (
            _envelope(headers={"id": "x", "task": "newsworker.process_article", "timelimit": [1]}),
            "header 'timelimit' must be [soft, hard] (numbers or null)",
        ),
        (
            _envelope(headers={"id": "x", "task": "newsworker.process_article", "eta": 5}),
            "header 'eta' has the wrong type (int)",
        ),
        (
            _envelope(
                body=base64.b64encode(b'[[{"text": "x"}], {}, {"callbacks": [{"task": "evil"}]}]').decode()
            ),
            "callbacks, errbacks, chain and chord must be null: this worker runs no canvas",
        ),
        (
            _envelope(body=base64.b64encode(b"[[" + b"[" * 40 + b"]" * 40 + b"], {}, {}]").decode()),
            f"task body nests deeper than {MAX_DEPTH} levels",
        ),
    ],
)
def test_a_message_kombu_or_celery_could_not_decode_is_refused_with_one_line(raw: bytes, reason: str) -> None:
    """Each way a message can be broken has its own one-line reason, and nothing raises."""
    envelope, rejection = vet(raw)
    assert envelope is None and rejection is not None
    assert rejection.reason == reason


def test_a_refused_message_is_recorded_under_the_id_it_gave_when_valid() -> None:
    """The article id inside a refused envelope is kept; an invalid one is hashed, nothing readable: the bytes."""
    refused = _envelope(**{"content-type": "text/plain"})
    assert identify(refused) == ("art-1", "art-1")
    assert id_for("../x") == "invalid-d6b96a97d147daaa"
    assert identify(b"garbage") == (raw_id(b"garbage"), None)
    assert given_id(b'{"id": "bare-1", "text": "A bare article."}') == "bare-1"
