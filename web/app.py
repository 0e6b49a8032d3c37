"""The FastAPI application: ``uvicorn web.app:create_app --factory``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from web import chat, demo_pages, inbox_api, inbox_pages, knowledge_pages
from web.mail import retry_emails_in_background
from web.origins import allow_cross_origin_chat
from web.settings import WebSettings

HERE = Path(__file__).resolve().parent
WIDGET_DIR = HERE.parent / "web_widget"


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(
        title="North East careers assistant",
        description=(
            "Chat relay for the widget, knowledge base, adviser inbox and ambassador mode. "
            "Inbox endpoints need a login: `POST /api/session`, then "
            "`Authorization: Bearer <token>`."
        ),
        lifespan=retry_emails_in_background,
    )
    app.state.settings = settings
    app.state.sessions = session_factory(settings.database_url)
    app.state.kb = KnowledgeBase(app.state.sessions)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    for module in (chat, demo_pages, inbox_api, inbox_pages, knowledge_pages):
        app.include_router(module.router)
    allow_cross_origin_chat(app)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.mount("/widget", StaticFiles(directory=WIDGET_DIR), name="widget")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
