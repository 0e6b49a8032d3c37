"""The FastAPI application: ``uvicorn web.app:create_app --factory``."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import DataError

from contract.references import ReferenceTakenError
from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from web import (
    alert_pages,
    alerts_api,
    ambassador_api,
    ambassador_pages,
    ambassador_team_pages,
    audit,
    chat,
    demo_pages,
    inbox_api,
    inbox_pages,
    knowledge_pages,
    passwords,
    privacy_api,
    problems,
)
from web.access_log import hide_codes_in_access_log
from web.background import background_work
from web.headers import SecurityHeaders
from web.limits import BodySizeLimit, Limiter, limit_api_by_address, limiter_for
from web.origins import allow_cross_origin_chat
from web.settings import WebSettings, refuse_unsafe_production

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
WIDGET_DIR = HERE.parent / "web_widget"


def create_app(settings: WebSettings | None = None, limiter: Limiter | None = None) -> FastAPI:
    """The web service; ``limiter`` replaces the rate limit counter the settings choose."""
    settings = settings or WebSettings()
    refuse_unsafe_production(settings)
    app = FastAPI(
        title="North East careers assistant",
        description=(
            "Chat relay for the widget, knowledge base, adviser inbox and ambassador mode. "
            "Inbox endpoints need a login: `POST /api/session`, then "
            "`Authorization: Bearer <token>`."
        ),
        lifespan=background_work,
    )
    app.state.settings = settings
    app.state.limiter = limiter or limiter_for(settings)
    app.state.sessions = session_factory(settings.database_url)
    app.state.kb = KnowledgeBase(app.state.sessions)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    routers = (chat, demo_pages, inbox_api, inbox_pages, knowledge_pages)
    for module in (
        *routers,
        alerts_api,
        alert_pages,
        privacy_api,
        ambassador_api,
        ambassador_pages,
        ambassador_team_pages,
        problems,
        audit,
        passwords,
    ):
        app.include_router(module.router)
    app.add_exception_handler(RequestValidationError, unreadable_request)
    app.add_exception_handler(ValueError, null_character_refused)
    app.add_exception_handler(DataError, unstorable_value)
    app.add_exception_handler(ReferenceTakenError, reference_taken)
    # Middleware added last runs first: security headers, gzip, CORS for the chat, rate
    # limits, body size.
    # The body size limit must come last, next to FastAPI reading the body: its 413 gets
    # lost in the task groups of the @app.middleware functions in between.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    limit_api_by_address(app)
    allow_cross_origin_chat(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SecurityHeaders)
    hide_codes_in_access_log()
    app.mount("/widget", StaticFiles(directory=WIDGET_DIR), name="widget")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


# --- input that cannot be read or stored: a clear 422, never a server error -------------


async def unreadable_request(request: Request, error: RequestValidationError) -> JSONResponse:
    """422 naming each problem (where and what), without echoing what was sent: it may be
    personal, large, or not even valid JSON (``NaN``, ``Infinity``)."""
    problems = [{"type": e["type"], "loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
    return JSONResponse(status_code=422, content={"detail": problems})


NULL_CHARACTER = (
    "Sorry, that had a hidden character in it (a null character) that can't be saved. "
    "Please take it out and try again."
)
UNSTORABLE = "Sorry, something in that can't be saved. Please check it and try again."


async def null_character_refused(request: Request, error: ValueError) -> JSONResponse:
    """422 for a null character in any text on its way to PostgreSQL, which cannot store
    one (psycopg2 refuses it before sending). Any other ValueError stays a server error."""
    if "NUL (0x00)" not in str(error):
        raise error
    return JSONResponse(status_code=422, content={"detail": NULL_CHARACTER})


async def reference_taken(request: Request, error: ReferenceTakenError) -> JSONResponse:
    """409 when the bot sends a reference another conversation already holds: its outbox
    then sends the same thing under a new reference, so nothing of either is lost."""
    return JSONResponse(status_code=409, content={"detail": "That reference is taken."})


async def unstorable_value(request: Request, error: DataError) -> JSONResponse:
    """422 for a value the database refuses as data (SQLSTATE class 22), such as a time
    zone PostgreSQL does not know. Logged: it means a model lets through too much."""
    log.warning(
        "The database refused a value in %s %s: %s",
        request.method,
        request.url.path,
        type(error.orig).__name__,
    )
    return JSONResponse(status_code=422, content={"detail": UNSTORABLE})
