"""The exact message a producer in any language puts on Redis for a worker (Celery protocol 2, JSON)."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

from worker.settings import Settings

TASK_NAME = "newsworker.process_article"  # the one task a worker runs; producers name it in `headers.task`


def task_body(article: dict[str, Any]) -> str:
    """The JSON task body: positional args (the article), kwargs, and Celery's embed options."""
    embed = {"callbacks": None, "errbacks": None, "chain": None, "chord": None}
    return json.dumps([[article], {}, embed], ensure_ascii=False)


DEFAULT_QUEUE: str = Settings.model_fields["queue"].default


def raw_message(article: dict[str, Any], queue: str = DEFAULT_QUEUE, task_id: str | None = None) -> str:
    """The kombu envelope to LPUSH onto the queue's list: headers name the task, the body is base64 JSON."""
    task_id = task_id or str(uuid.uuid4())
    envelope = {
        "body": base64.b64encode(task_body(article).encode("utf-8")).decode("ascii"),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": {
            "lang": "py",
            "task": TASK_NAME,
            "id": task_id,
            "root_id": task_id,
            "parent_id": None,
            "group": None,
            "retries": 0,
            "eta": None,
            "expires": None,
            "ignore_result": True,
        },
        "properties": {
            "correlation_id": task_id,
            "reply_to": "",
            "delivery_mode": 2,
            "delivery_info": {"exchange": "", "routing_key": queue},
            "priority": 0,
            "body_encoding": "base64",
            "delivery_tag": str(uuid.uuid4()),
        },
    }
    return json.dumps(envelope, ensure_ascii=False)
