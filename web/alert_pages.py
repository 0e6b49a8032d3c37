"""The inbox page of one safeguarding alert; web/static/inbox.js fills it from the API."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from web.auth import Caller, optional_caller

router = APIRouter(prefix="/inbox", include_in_schema=False)


@router.get("/alerts/{reference}", response_class=HTMLResponse)
def alert_page(
    reference: str, request: Request, found: Caller | None = Depends(optional_caller)
) -> Response:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    context = {"caller": found, "reference": reference}
    response = request.app.state.templates.TemplateResponse(request, "inbox/alert.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
