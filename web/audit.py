"""The audit log over HTTP: ``audited`` records an event from a route (inbox/audit.py has
the rules); admins read the log at ``GET /api/audit`` and ``/inbox/admin/audit``."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox import accounts, audit
from knowledge.inbox_models import Account
from web.auth import Caller, admin, optional_caller
from web.database import DB
from web.limits import client_address

router = APIRouter(tags=["audit"])


def audited(
    request: Request,
    db: Session,
    actor: Account | None,
    action: str,
    target: str | None = None,
    detail: str = "",
    email: str | None = None,
) -> None:
    """Record that ``actor`` did ``action`` (to ``target``), from this request's address."""
    audit.record(db, actor, action, target, detail, client_address(request), email)


def failed_login(request: Request, db: Session, email: str) -> None:
    """Record a failed login: the email given, the account it names (if any) and why; never
    the password."""
    named = accounts.by_email(db, email)
    if named is None:
        why = "no such account"
    else:
        why = "wrong password" if named.active else "account deactivated"
    target = audit.account_target(named) if named else None
    audited(request, db, None, "login_failed", target, why, email=email.strip().lower())


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    at: dt.datetime
    actor_id: int | None
    actor_email: str | None
    action: str
    target: str | None
    detail: str
    client: str | None


ACTION = Query(default=None, max_length=40, description="only this action")
ACCOUNT = Query(
    default=None, ge=1, le=2**31 - 1, description="only events by or about this account id"
)


@router.get("/api/audit", response_model=list[AuditEventOut], dependencies=[Depends(admin)])
def audit_log(
    action: str | None = ACTION, account: int | None = ACCOUNT, db: Session = DB
) -> list[AuditEventOut]:
    """Who did what in the inbox, newest first (at most 500)."""
    if action and action not in audit.ACTIONS:
        raise HTTPException(status_code=422, detail="There's no such action in the audit log.")
    return [AuditEventOut.model_validate(e) for e in audit.events(db, action, account)]


@router.get("/inbox/admin/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request,
    action: str = Query(default="", max_length=40),
    account: str = Query(default="", max_length=12),  # the form sends "" for everyone
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    if found.account.role != "admin":
        return HTMLResponse("Only an admin can see this page.", status_code=403)
    action = action if action in audit.ACTIONS else None
    account_id = int(account) if account.isdecimal() and int(account) < 2**31 else None
    context = {
        "caller": found,
        "events": audit.events(db, action, account_id),
        "actions": audit.ACTIONS,
        "accounts": db.scalars(select(Account).order_by(Account.email)).all(),
        "chosen": {"action": action, "account": account_id},
    }
    response = request.app.state.templates.TemplateResponse(request, "inbox/audit.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response
