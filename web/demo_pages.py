"""A made-up school's careers pages at ``/``, showing the widget as a school embeds it.

``?accent=%23RRGGBB`` and ``?position=left`` preview other schools' choices.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

SCHOOL_COLOUR = "#7a1f5c"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _page(request: Request, template: str, page: str) -> HTMLResponse:
    accent = request.query_params.get("accent", "")
    position = request.query_params.get("position")
    context = {
        "page": page,
        "accent": accent if _COLOUR.match(accent) else SCHOOL_COLOUR,
        "position": "left" if position == "left" else "right",
    }
    return request.app.state.templates.TemplateResponse(request, template, context)


@router.get("/", response_class=HTMLResponse)
def careers_page(request: Request) -> HTMLResponse:
    return _page(request, "demo/careers.html", "careers")


@router.get("/demo/events", response_class=HTMLResponse)
def events_page(request: Request) -> HTMLResponse:
    return _page(request, "demo/events.html", "events")
