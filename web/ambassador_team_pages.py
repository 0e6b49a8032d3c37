"""The careers team's ambassador page, ``/inbox/ambassadors``: plain HTML forms over the
rules in inbox/ambassadors.py and inbox/question_checks.py.

On it an adviser (or admin) invites apprentices, checks each student's question before any
apprentice sees it (passing it on in words that say nothing about who asked, or dropping
it), checks each answer before any student sees it (with the question worded as other
students will read it), and sees requests for visits. A refusal shows the page again with
what was typed, so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from inbox import ambassadors, question_checks
from inbox.ambassadors import AmbassadorError, NotThereError
from inbox.guardrails import GuardrailError
from knowledge.inbox_models import AmbassadorAnswer, AmbassadorQuestion
from web.ambassador_api import audit_invitation, audit_moderation, invitation_link
from web.ambassador_pages import FORM_EXPIRED, LOGIN, form_is_ours, page, records, redirect_to
from web.audit import audited
from web.auth import Caller, optional_caller
from web.database import DB

router = APIRouter(include_in_schema=False)
NOT_YOURS = "There's nothing with that reference for you. It may have been dealt with already."
CSRF = Form(max_length=100)


@router.get("/inbox/ambassadors", response_class=HTMLResponse)
def team_page(
    request: Request, found: Caller | None = Depends(optional_caller), db: Session = DB
) -> Response:
    if found is None:
        return redirect_to(LOGIN)
    return _team_page(request, db, found)


@router.post("/inbox/ambassadors/invitations")
def team_invite(
    request: Request,
    csrf_token: str = CSRF,
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    if found is None:
        return redirect_to(LOGIN)
    if not form_is_ours(found, csrf_token):
        return _team_page(request, db, found, error=FORM_EXPIRED, status_code=403)
    made = ambassadors.invite(db, found.account)
    audit_invitation(request, db, found, made.expires_at)
    link = invitation_link(request, made.token)
    return _team_page(request, db, found, invitation=(link, made.expires_at))


@router.post("/inbox/ambassadors/questions/{reference}/pass-on")
def team_pass_on(
    reference: str,
    request: Request,
    csrf_token: str = CSRF,
    text: str = Form(default="", max_length=2000),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    return _act(request, db, found, csrf_token, reference, (text,), question_checks.pass_on)


@router.post("/inbox/ambassadors/questions/{reference}/drop")
def team_drop(
    reference: str,
    request: Request,
    csrf_token: str = CSRF,
    reason: str = Form(default="", max_length=1000),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    return _act(request, db, found, csrf_token, reference, (reason,), question_checks.drop)


@router.post("/inbox/ambassadors/answers/{reference}/approve")
def team_approve(
    reference: str,
    request: Request,
    csrf_token: str = CSRF,
    text: str = Form(default="", max_length=4000),
    question: str = Form(default="", max_length=2000),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    wording = (text, question)
    return _act(request, db, found, csrf_token, reference, wording, ambassadors.approve)


@router.post("/inbox/ambassadors/answers/{reference}/reject")
def team_reject(
    reference: str,
    request: Request,
    csrf_token: str = CSRF,
    reason: str = Form(default="", max_length=1000),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    return _act(request, db, found, csrf_token, reference, (reason,), ambassadors.reject)


@router.post("/inbox/ambassadors/visits/{reference}/done")
def team_visit_done(
    reference: str,
    request: Request,
    csrf_token: str = CSRF,
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    return _act(request, db, found, csrf_token, reference, (), ambassadors.mark_visit_done)


def _act(
    request: Request,
    db: Session,
    found: Caller | None,
    csrf_token: str,
    reference: str,
    typed: tuple[str, ...],
    action: Callable[..., Any],
) -> Response:
    """Run a careers-team action from a form, then show the page again with the outcome."""
    if found is None:
        return redirect_to(LOGIN)
    if not form_is_ours(found, csrf_token):
        return _team_page(request, db, found, error=FORM_EXPIRED, status_code=403)
    try:
        done = action(db, found.account, reference, *typed)
    except NotThereError:
        return _team_page(request, db, found, error=NOT_YOURS, status_code=404)
    except (AmbassadorError, GuardrailError) as refusal:
        kept = {reference: typed}
        return _team_page(request, db, found, error=str(refusal), kept=kept, status_code=422)
    _audit(request, db, found, done, reference)
    return redirect_to("/inbox/ambassadors?done=1")


def _audit(request: Request, db: Session, found: Caller, done: Any, reference: str) -> None:
    if isinstance(done, AmbassadorAnswer):
        audit_moderation(request, db, found, done)
        return
    if isinstance(done, AmbassadorQuestion):
        action = "question_drop" if done.dropped_at else "question_pass_on"
    else:
        action = "visit_done"
    audited(request, db, found.account, action, reference)


def _team_page(
    request: Request,
    db: Session,
    found: Caller,
    error: str | None = None,
    invitation: tuple[str, dt.datetime] | None = None,
    kept: dict[str, tuple[str, ...]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "inbox/ambassadors.html",
        status_code,
        caller=found,
        error=error,
        invitation=invitation,
        kept=kept or {},
        done=request.query_params.get("done") == "1",
        to_check=question_checks.questions_to_check(db, found.account),
        waiting=ambassadors.awaiting_check(db, found.account),
        visits=ambassadors.visits_for(db, found.account),
        sector_titles=dict(records(request, "sector")),
    )
