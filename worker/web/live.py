"""Server-sent events: each article finishing (from the `events` stream) and the status figures.

The browser's EventSource reconnects by itself and sends the last event id it saw, so nothing is missed
across a dropped connection; while Redis is unreachable the stream says so and keeps retrying, and it
picks up where it was once Redis is back.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator

import anyio
from redis import RedisError
from sse_starlette import EventSourceResponse
from starlette.requests import Request
from starlette.responses import Response

from worker.store import Store
from worker.web.views import rows, status_figures

STREAM_ID = re.compile(r"^\d+-\d+$")
BLOCK_MS = 2000  # each read waits this long for an event, then the status figures are sent
RETRY_S = 1.0


def _start(request: Request, store: Store) -> str:
    """Where to read from: the browser's last event id, the page's `after`, else only new events."""
    for candidate in (request.headers.get("last-event-id"), request.query_params.get("after")):
        if candidate and STREAM_ID.match(candidate):
            return candidate
    return store.last_event_id()


async def _updates(request: Request, store: Store, after: str) -> AsyncIterator[dict[str, str]]:
    """Each finished article as a rendered list row, then the status figures, forever."""
    row_template = request.app.state.templates.get_template("_row.html")
    queue = request.app.state.settings.queue
    while True:
        try:
            entries = await anyio.to_thread.run_sync(store.read_events, after, BLOCK_MS)
            for entry_id, fields in entries:
                after = entry_id
                found = await anyio.to_thread.run_sync(rows, store, [fields["id"]])
                html = row_template.render(row=found[0]) if found else ""
                data = json.dumps({"id": fields["id"], "html": html})
                yield {"id": entry_id, "event": "article", "data": data}
            figures = await anyio.to_thread.run_sync(status_figures, store, queue)
            yield {"event": "status", "data": json.dumps(figures)}
        except RedisError as exc:
            yield {"event": "offline", "data": json.dumps({"error": str(exc)})}
            await anyio.sleep(RETRY_S)


async def events(request: Request) -> Response:
    """`/events`: the live feed of the article list."""
    store: Store = request.app.state.store
    after = await anyio.to_thread.run_sync(_start, request, store)
    return EventSourceResponse(_updates(request, store, after), ping=15)
