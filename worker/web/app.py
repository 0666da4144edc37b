"""The Starlette application: routes, templates (autoescaped), static files and error pages."""

from __future__ import annotations

from pathlib import Path

import jinja2
from redis import RedisError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from worker.settings import Settings
from worker.store import Store
from worker.web import live, routes

HERE = Path(__file__).parent
# Defence in depth behind the escaping: only our own script runs, nothing is framed or sniffed.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response (streams included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers when the response starts."""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


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
        middleware=[Middleware(SecurityHeaders)],
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = make_templates()
    return app
