"""The page and API endpoints; each reads through the Store and renders a template."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from worker.keys import name_key
from worker.results import shown
from worker.store import Store
from worker.web.indexes import entity_page, search_page, speaker_page
from worker.web.views import article_page, rows, status_figures

DEFAULT_ROWS, MAX_ROWS = 100, 1000
LABEL = re.compile(r"^[A-Z_]{1,40}$")


def _store(request: Request) -> Store:
    """The app's Store."""
    store: Store = request.app.state.store
    return store


def _page(request: Request, name: str, **context: Any) -> Response:
    """Render a template with its context."""
    return request.app.state.templates.TemplateResponse(request, name, context)  # type: ignore[no-any-return]


def _limit(request: Request) -> int:
    """The `limit` query parameter: how many articles to list (1 to 1,000)."""
    try:
        return min(max(int(request.query_params.get("limit", DEFAULT_ROWS)), 1), MAX_ROWS)
    except ValueError:
        return DEFAULT_ROWS


def index(request: Request) -> Response:
    """The most recent finished articles, the status figures and the search box."""
    store = _store(request)
    after = store.last_event_id()  # read first: an article landing during this request comes as an event
    recent = store.recent_finished(_limit(request))
    figures = status_figures(store, request.app.state.settings.queue)
    listed = rows(store, [article_id for article_id, _ in recent])
    return _page(request, "index.html", rows=listed, figures=figures, after=after, limit=_limit(request))


def article(request: Request) -> Response:
    """One article with every span marked, its entities and its quotes by speaker."""
    page = article_page(_store(request), request.path_params["article_id"])
    if page is None:
        raise HTTPException(404, f"no article {request.path_params['article_id']!r}")
    return _page(request, "article.html", page=page)


def api_article(request: Request) -> Response:
    """The result JSON, as `newsworker show` prints it (the stored fields while unfinished)."""
    article_id = request.path_params["article_id"]
    found = shown(_store(request), article_id)
    if found is None:
        return JSONResponse({"error": f"no article {article_id!r}"}, status_code=404)
    return Response(json.dumps(found[0], ensure_ascii=False), media_type="application/json")


def speaker(request: Request) -> Response:
    """The articles quoting a speaker, with the quotes."""
    key = name_key(request.path_params["key"])
    page = speaker_page(_store(request), key) if key else None
    if page is None:
        raise HTTPException(404, f"no article quotes a speaker {request.path_params['key']!r}")
    return _page(request, "index_page.html", page=page, kind="speaker", label=None, key=key)


def entity(request: Request) -> Response:
    """The articles mentioning an entity, by salience."""
    label, key = request.path_params["label"], name_key(request.path_params["key"])
    page = entity_page(_store(request), label, key) if key and LABEL.match(label) else None
    if page is None:
        raise HTTPException(404, f"no article mentions {label} {request.path_params['key']!r}")
    return _page(request, "index_page.html", page=page, kind="entity", label=label, key=key)


def search(request: Request) -> Response:
    """Names and articles for a partial name, as `newsworker find` finds them."""
    query = request.query_params.get("q", "").strip()
    labels = request.app.state.settings.entity_labels
    page = search_page(_store(request), query, labels) if query else None
    return _page(request, "search.html", page=page, query=query)
