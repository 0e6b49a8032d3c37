"""What has gone wrong out of sight (inbox/problems.py), for admins: ``/api/problems``,
the page ``/inbox/admin/problems``, and ``POST /api/dead-letters`` for the bot's outbox."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from contract.payloads import DeadLetterIn
from inbox import problems as found_problems
from web.auth import Caller, admin, bot_service, optional_caller
from web.database import DB

router = APIRouter(tags=["problems"])


class DeadLetterOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    reference: str
    queued_at: dt.datetime
    attempts: int
    last_error: str


class EmailOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    to_address: str
    subject: str
    created_at: dt.datetime
    attempts: int
    last_error: str | None


class FlaggedAlertOut(BaseModel):
    reference: str
    school: str | None
    received_at: dt.datetime


class ProblemsOut(BaseModel):
    dead_letters: list[DeadLetterOut]
    failed_emails: list[EmailOut]
    overdue_emails: list[EmailOut]
    possible_abuse: list[FlaggedAlertOut]


def _problems_out(db: Session) -> ProblemsOut:
    found = found_problems.problems(db)
    return ProblemsOut(
        dead_letters=[DeadLetterOut.model_validate(d) for d in found.dead_letters],
        failed_emails=[EmailOut.model_validate(n) for n in found.failed_emails],
        overdue_emails=[EmailOut.model_validate(n) for n in found.overdue_emails],
        possible_abuse=[
            FlaggedAlertOut(
                reference=a.reference,
                school=a.school.name if a.school else None,
                received_at=a.received_at,
            )
            for a in found.possible_abuse
        ],
    )


@router.post("/api/dead-letters", status_code=201, dependencies=[Depends(bot_service)])
def receive_dead_letter(report: DeadLetterIn, request: Request, db: Session = DB) -> dict:
    """For the bot's outbox: something it sent was refused for good (no student words)."""
    inbox_url = request.app.state.settings.mail.inbox_url
    return {"new": found_problems.receive_dead_letter(db, report, inbox_url)}


@router.get("/api/problems", response_model=ProblemsOut, dependencies=[Depends(admin)])
def list_problems(db: Session = DB) -> ProblemsOut:
    return _problems_out(db)


@router.post("/api/dead-letters/{reference}/dismiss", dependencies=[Depends(admin)])
def dismiss(reference: str, db: Session = DB) -> dict:
    if not found_problems.dismiss_dead_letter(db, reference):
        raise HTTPException(status_code=404, detail="There's no dead letter with that reference.")
    return {"dismissed": reference}


@router.get("/inbox/admin/problems", response_class=HTMLResponse, include_in_schema=False)
def problems_page(
    request: Request, found: Caller | None = Depends(optional_caller), db: Session = DB
) -> Response:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    if found.account.role != "admin":
        return HTMLResponse("Only an admin can see this page.", status_code=403)
    context = {"caller": found, "problems": _problems_out(db)}
    response = request.app.state.templates.TemplateResponse(request, "inbox/problems.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
