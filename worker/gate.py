"""Vetting a raw queue message before kombu or Celery touch it: any bytes in, a message or a rejection out.

kombu decodes what it pops from the queue's list with no guard: bytes that are not JSON, an envelope
without `properties`, a body that is not base64 or a body nested thousands of levels deep raise inside the
consumer and stop the worker or drop the message. Every check those libraries rely on is made here first,
on plain data, so a message that would fail them is dead-lettered instead (see worker/transport.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from worker.models import ID_PATTERN
from worker.protocol import TASK_NAME

MAX_DEPTH = 32  # a valid message nests 4 levels, its article 2: deeper is hostile, refused before parsing
PAYLOAD_CAP = 64 * 1024  # bytes of a refused message kept with its dead letter
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
ROUTING = ("exchange", "routing_key")  # what kombu reads from properties.delivery_info
_TEXT = (str, type(None))
# Celery's protocol-2 headers and the types it assumes: a wrong one breaks its consumer mid-delivery (a
# `timelimit` of one number leaves a prefetch slot taken for good), so they are checked here.
HEADER_TYPES: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("eta", "expires", "root_id", "parent_id", "group", "argsrepr", "kwargsrepr"), _TEXT),
    **dict.fromkeys(("origin", "shadow", "lang"), _TEXT),
    **dict.fromkeys(("retries", "group_index", "replaced_task_nesting"), (int, type(None))),
    "ignore_result": (bool, type(None)),
    "timelimit": (list, type(None)),
}
UNUSED_HEADERS = ("stamps", "stamped_headers")  # Celery's stamping: this worker takes none
EMBED_KEYS = ("callbacks", "errbacks", "chain", "chord")  # this worker runs no canvas: they must be null
_BRACKETS = re.compile(r"[\[\]{}]")


class Refused(Exception):
    """A raw message that cannot be delivered; the one-line reason says why."""


@dataclass(frozen=True)
class Rejection:
    """A refused message: the article id to record it under, the id given (if any) and the reason."""

    article_id: str
    reason: str
    given_id: str | None = None


def raw_id(raw: bytes) -> str:
    """The id of a message no article id can be read from: `invalid-` and its bytes' hash."""
    return "invalid-" + hashlib.sha256(raw).hexdigest()[:16]


def id_for(given: str) -> str:
    """The id to record a message under: the id given when valid, else `invalid-` and its hash."""
    if re.match(ID_PATTERN, given):
        return given
    return "invalid-" + hashlib.sha256(given.encode("utf-8", "replace")).hexdigest()[:16]


def depth(text: str) -> int:
    """How deeply a JSON text nests arrays and objects (strings skipped), without parsing it."""
    deepest = level = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub('""', text)):
        level += 1 if bracket in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def parse_json(data: bytes, what: str) -> Any:
    """Strict UTF-8, depth-limited JSON; raises Refused with a one-line reason."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(f"{what} is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    if depth(text) > MAX_DEPTH:
        raise Refused(f"{what} nests deeper than {MAX_DEPTH} levels") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"{what} is not JSON ({exc.msg} at column {exc.colno})") from None
    except (RecursionError, ValueError) as exc:  # belt and braces: the depth check should prevent these
        raise Refused(f"{what} could not be parsed ({type(exc).__name__})") from None


def _body(envelope: dict[str, Any]) -> bytes:
    """The envelope's body bytes, base64-decoded when its properties say so."""
    body, properties = envelope.get("body"), envelope["properties"]
    if not isinstance(body, str):
        raise Refused(f"envelope body must be a string, got {type(body).__name__}")
    if properties.get("body_encoding") == "base64":
        try:
            return base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise Refused("envelope body is not valid base64") from None
    return body.encode("utf-8")


def _envelope(message: Any) -> dict[str, Any]:
    """The kombu envelope checks: an object with properties (a delivery tag) and task headers."""
    if not isinstance(message, dict):
        raise Refused(f"message must be a JSON object (a task envelope), got {type(message).__name__}")
    properties, headers = message.get("properties"), message.get("headers")
    if not isinstance(properties, dict) or not isinstance(properties.get("delivery_tag"), str):
        raise Refused("not a task envelope: no properties.delivery_tag (see docs/producers.md)")
    info = properties.get("delivery_info")
    if not isinstance(info, dict) or not all(isinstance(info.get(k), str) for k in ROUTING):
        raise Refused("not a task envelope: properties.delivery_info needs exchange and routing_key")
    if properties.get("body_encoding") not in (None, "base64"):
        raise Refused(f"body_encoding {properties.get('body_encoding')!r} refused: use base64")
    if not isinstance(headers, dict) or not isinstance(headers.get("id"), str):
        raise Refused("not a task envelope: no headers.id (see docs/producers.md)")
    if headers.get("task") != TASK_NAME:
        raise Refused(f"unknown task {headers.get('task')!r}: publish to {TASK_NAME}")
    _headers(headers)
    if message.get("content-type") != "application/json":
        kind = message.get("content-type")
        raise Refused(f"message refused: content type {kind!r} (send application/json)")
    if str(message.get("content-encoding", "utf-8")).lower() != "utf-8":
        raise Refused(f"content-encoding {message.get('content-encoding')!r} refused: use utf-8")
    return message


def _headers(headers: dict[str, Any]) -> None:
    """Celery's headers with the types Celery assumes (see HEADER_TYPES)."""
    for name, types in HEADER_TYPES.items():
        value = headers.get(name)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise Refused(f"header {name!r} has the wrong type ({type(value).__name__})")
    if any(headers.get(name) for name in UNUSED_HEADERS):
        raise Refused("headers 'stamps' and 'stamped_headers' must be empty: this worker takes no stamps")
    limits = headers.get("timelimit")
    numbers = (int, float, type(None))
    if limits is not None and (len(limits) != 2 or not all(isinstance(x, numbers) for x in limits)):
        raise Refused("header 'timelimit' must be [soft, hard] (numbers or null)")


def _task_body(body: Any) -> None:
    """The task body checks: [args, kwargs, embed] as Celery's protocol 2 sends it."""
    if not (isinstance(body, list) and len(body) == 3 and isinstance(body[0], list)):
        raise Refused("task body must be [args, kwargs, embed] (Celery protocol 2)")
    if not isinstance(body[1], dict) or not isinstance(body[2], dict | None):
        raise Refused("task body must be [args, kwargs, embed] (Celery protocol 2)")
    if any((body[2] or {}).get(key) is not None for key in EMBED_KEYS):
        raise Refused("callbacks, errbacks, chain and chord must be null: this worker runs no canvas")


def given_id(raw: bytes) -> str | None:
    """The article id a message names, read leniently (no checks), or None; never raises."""
    try:
        envelope = parse_json(raw, "message")
        if isinstance(envelope.get("id"), str) and "text" in envelope and envelope["id"]:
            return str(envelope["id"])  # a bare article pushed without its envelope
        body = parse_json(_body(envelope), "task body")
        article = body[0][0] if body[0] else body[1].get("article")
        return article["id"] if isinstance(article["id"], str) and article["id"] else None
    except Exception:
        return None


def identify(raw: bytes) -> tuple[str, str | None]:
    """The id to record a raw message under and the id it gave (None when no article id can be read)."""
    given = given_id(raw)
    return (raw_id(raw) if given is None else id_for(given)), given


def vet(raw: bytes) -> tuple[dict[str, Any] | None, Rejection | None]:
    """The envelope to deliver, or the rejection to record; never raises."""
    try:
        envelope = _envelope(parse_json(raw, "message"))
        _task_body(parse_json(_body(envelope), "task body"))
        return envelope, None
    except Refused as exc:
        reason = str(exc)
    except Exception as exc:  # never let the vetting itself stop the consumer
        reason = f"message could not be vetted ({type(exc).__name__})"
    article_id, given = identify(raw)
    return None, Rejection(article_id, reason, given)
