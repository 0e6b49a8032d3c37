"""The FastAPI application: ``uvicorn web.app:create_app --factory``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from web import chat, knowledge_pages
from web.settings import WebSettings

HERE = Path(__file__).resolve().parent
WIDGET_DIR = HERE.parent / "web_widget"


def create_app(settings: WebSettings | None = None) -> FastAPI:
    settings = settings or WebSettings()
    app = FastAPI(
        title="North East careers assistant",
        description="Chat relay, knowledge base, adviser inbox and ambassador mode.",
    )
    app.state.settings = settings
    app.state.kb = KnowledgeBase(session_factory(settings.database_url))
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.include_router(chat.router)
    app.include_router(knowledge_pages.router)
    app.mount("/widget", StaticFiles(directory=WIDGET_DIR), name="widget")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def demo_school_page(request: Request) -> HTMLResponse:
        return app.state.templates.TemplateResponse(request, "demo_school.html", {})

    return app
