"""Privacy over HTTP: the notice students read, and erasure on request.

A student erases their own conversation from the widget (``POST /api/chat/forget``, by the
conversation id only their browser knows); an admin erases a hand-off and its
conversation by reference. Both reach every store (privacy/erasure.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from privacy.erasure import erase_conversation, erase_handoff
from web.audit import audited
from web.auth import Caller, admin
from web.chat import SENDER
from web.database import DB
from web.origins import refuse_foreign_origin

router = APIRouter(tags=["privacy"])


class ForgetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = SENDER
    school: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9-]+$")


@router.post("/api/chat/forget")
def forget_conversation(body: ForgetRequest, request: Request, db: Session = DB) -> dict:
    """Delete this conversation, and any hand-off made from it, from every store."""
    refuse_foreign_origin(request, db, body.school)
    erase_conversation(db, body.sender, request.app.state.settings.tracker_database_url)
    return {"deleted": True}


@router.delete("/api/handoffs/{reference}", status_code=204)
def erase_handoff_by_reference(
    reference: str, request: Request, found: Caller = Depends(admin), db: Session = DB
) -> Response:
    """For admins: delete a hand-off, its messages and its conversation everywhere."""
    if erase_handoff(db, reference, request.app.state.settings.tracker_database_url) is None:
        raise HTTPException(status_code=404, detail=f"There's no hand-off {reference}.")
    audited(request, db, found.account, "handoff_erase", reference)
    return Response(status_code=204)


@router.get("/privacy", response_class=HTMLResponse, include_in_schema=False)
def privacy_notice(request: Request) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, "privacy.html", {})
