"""The Starlette application: routes, templates (autoescaped), static files and error pages."""

from __future__ import annotations

from pathlib import Path

import jinja2
from redis import RedisError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from worker.settings import Settings
from worker.store import Store
from worker.web import live, routes

HERE = Path(__file__).parent


def make_templates() -> Jinja2Templates:
    """Jinja2 templates with autoescaping on for every template, whatever its file name."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def _error_page(request: Request, status: int, message: str) -> Response:
    """A plain page saying what went wrong."""
    templates: Jinja2Templates = request.app.state.templates
    context = {"status": status, "message": message}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    """404 and other HTTP errors as a plain page."""
    assert isinstance(exc, HTTPException)
    return _error_page(request, exc.status_code, str(exc.detail))


async def _redis_error(request: Request, exc: Exception) -> Response:
    """Redis unreachable (after the client's retries): 503, try again."""
    return _error_page(request, 503, f"Redis is unreachable ({exc}); try again in a moment")


def make_app(store: Store, settings: Settings) -> Starlette:
    """The inspector over this store (read-only: it only reads keys)."""
    app = Starlette(
        routes=[
            Route("/", routes.index),
            Route("/articles/{article_id}", routes.article),
            Route("/api/articles/{article_id}", routes.api_article),
            Route("/speakers/{key}", routes.speaker),
            Route("/entities/{label}/{key}", routes.entity),
            Route("/search", routes.search),
            Route("/events", live.events),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={HTTPException: _http_error, RedisError: _redis_error},
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates()
    return app
