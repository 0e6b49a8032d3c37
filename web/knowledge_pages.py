"""Every knowledge record as a page (``/k/<kind>/<slug>``) and as JSON (``/api/knowledge/...``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from knowledge.claims import is_being_checked
from knowledge.clock import today
from knowledge.query import KnowledgeBase, RecordView

router = APIRouter()


def _record_or_404(request: Request, kind: str, slug: str) -> RecordView:
    kb: KnowledgeBase = request.app.state.kb
    record = kb.get(kind, slug)
    if record is None:
        raise HTTPException(status_code=404, detail=f"There is no {kind} called '{slug}'.")
    return record


@router.get("/api/knowledge/{kind}/{slug}")
def record_json(kind: str, slug: str, request: Request) -> dict[str, Any]:
    return _record_or_404(request, kind, slug).as_json()


@router.get("/k/{kind}/{slug}", response_class=HTMLResponse)
def record_page(kind: str, slug: str, request: Request) -> HTMLResponse:
    record = _record_or_404(request, kind, slug)
    context = {
        "record": record,
        "fields": _readable_fields(record),
        "claims": record.data.get("claims") or [],
        "being_checked": is_being_checked(record.data, today()),
    }
    return request.app.state.templates.TemplateResponse(request, "record.html", context)


SHOWN_APART = {"claims", "example"}


def _readable_fields(record: RecordView) -> list[tuple[str, Any]]:
    """The record's text fields, in order, with readable labels."""
    fields = []
    for key, value in record.data.items():
        if value in (None, "", [], {}) or key in SHOWN_APART:
            continue
        fields.append((key.replace("_", " ").capitalize(), value))
    return fields
