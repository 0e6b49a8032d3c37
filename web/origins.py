"""Which websites may use the student's chat API.

The web service's own pages always may. Another website may only when an admin has
listed it for the school the widget says it belongs to (``data-school``); the service
refuses the rest with 403. ``Origin`` is the browser's word for the page's website;
clients that are not browsers send none and are not refused here.

The middleware below only does the CORS mechanics for ``/api/chat...`` (answering
preflights, letting the page read the answer, refusal included); the decision is
``refuse_foreign_origin``, called by each chat endpoint once it knows the school.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request, Response
from sqlalchemy.orm import Session

from inbox.schools import allows_origin, school_by_slug

CHAT_PATHS = "/api/chat"
NOT_HERE = (
    "Sorry, the careers assistant isn't set up for this website yet. "
    "You can call the National Careers Service free on 0800 100 900."
)


def refuse_foreign_origin(request: Request, db: Session, school: str | None) -> None:
    """403 unless the request comes from our own pages or a website ``school`` allows."""
    origin = request.headers.get("origin")
    if origin is None or origin in own_origins(request):
        return
    if not allows_origin(school_by_slug(db, school), origin):
        raise HTTPException(status_code=403, detail=NOT_HERE)


def own_origins(request: Request) -> set[str]:
    public = urlsplit(request.app.state.settings.public_url)
    return {
        f"{request.url.scheme}://{request.headers.get('host', '')}",
        f"{public.scheme}://{public.netloc}",
    }


def allow_cross_origin_chat(app: FastAPI) -> None:
    """Let widgets on other websites call the chat endpoints (each call is still checked)."""

    @app.middleware("http")
    async def chat_cors(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        origin = request.headers.get("origin")
        if origin is None or not request.url.path.startswith(CHAT_PATHS):
            return await call_next(request)
        if request.method == "OPTIONS":
            response = Response(status_code=204)
            response.headers["Access-Control-Allow-Methods"] = "POST"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await call_next(request)
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        return response
