"""Passwords over HTTP: changing one's own, and setting a new one with an admin's reset link.

- ``POST /api/session/password`` and the pages ``/inbox/password`` (careers team) and
  ``/ambassador/password``: the current password is needed, and every other login of the
  account ends;
- ``POST /api/accounts/{id}/password-reset`` (admins): a one-time link, valid for 24 hours,
  ``<inbox>/inbox/reset#<secret>``. The secret is after the ``#``, which browsers never
  send, so it reaches no access log; the page's script puts it into the form, which posts
  it (``POST /inbox/reset`` or ``POST /api/password-reset``). Only its hash is stored.
"""

from __future__ import annotations

import datetime as dt
import secrets

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from contract.secrets import same_secret
from inbox import accounts
from inbox.audit import account_target
from inbox.passwords import MIN_PASSWORD_LENGTH
from knowledge.inbox_models import Account
from web.audit import audited
from web.auth import (
    SESSION_COOKIE,
    Caller,
    admin,
    anyone_signed_in,
    bearer_token,
    optional_caller,
    set_private_cookie,
    signed_in,
)
from web.database import DB
from web.inbox_api import AccountId
from web.limits import LOGINS_TOO_FAST, count_failed_login, limit_logins, please_wait

router = APIRouter()
RESET_CSRF_COOKIE = "careers_reset_csrf"
FORM_EXPIRED = "The form had expired. Please try again."
CHANGED = "Your password is changed. You're still logged in here, and logged out everywhere else."


class PasswordChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(max_length=200)
    new_password: str = Field(max_length=200)


class ResetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(max_length=100)
    password: str = Field(max_length=200)


class ResetLinkOut(BaseModel):
    link: str
    expires_at: dt.datetime


# --- the API -----------------------------------------------------------------------------


@router.post("/api/session/password", status_code=204, tags=["inbox"])
def change_password(
    body: PasswordChangeIn,
    request: Request,
    found: Caller = Depends(anyone_signed_in),
    db: Session = DB,
) -> Response:
    """Change your own password; your other logins end, this one goes on."""
    problem = _change(request, db, found, body.current_password, body.new_password)
    if problem is not None:
        raise HTTPException(status_code=problem[0], detail=problem[1])
    return Response(status_code=204)


@router.post("/api/password-reset", status_code=204, tags=["inbox"])
def use_reset_link(body: ResetIn, request: Request, db: Session = DB) -> Response:
    """Set a new password with the secret of a reset link (the part after ``#``)."""
    try:
        account = accounts.use_reset(db, body.token, body.password)
    except accounts.AccountError as refusal:
        raise HTTPException(status_code=422, detail=str(refusal)) from None
    audited(request, db, account, "password_reset", account_target(account))
    return Response(status_code=204)


@router.post(
    "/api/accounts/{account_id}/password-reset",
    response_model=ResetLinkOut,
    status_code=201,
    tags=["inbox"],
)
def make_reset_link(
    account_id: AccountId,
    request: Request,
    found: Caller = Depends(admin),
    db: Session = DB,
) -> ResetLinkOut:
    """A one-time link, valid for 24 hours, for someone to set a new password; shown once."""
    account = db.get(Account, account_id)
    if account is None:
        raise HTTPException(status_code=404, detail="There's no account with that id.")
    try:
        made = accounts.issue_reset(db, account, found.account)
    except accounts.AccountError as refusal:
        raise HTTPException(status_code=409, detail=str(refusal)) from None
    target = account_target(account)
    audited(request, db, found.account, "password_reset_link", target, account.email)
    link = f"{request.app.state.settings.mail.inbox_url}/inbox/reset#{made.token}"
    return ResetLinkOut(link=link, expires_at=made.expires_at)


def _change(
    request: Request, db: Session, found: Caller, current: str, new: str
) -> tuple[int, str] | None:
    """Change the caller's password; (status, why) if it can't be done. Wrong current
    passwords count as failed logins, so a stolen login cannot guess at them."""
    wait = limit_logins(request, found.account.email)
    if wait is not None:
        return 429, please_wait(LOGINS_TOO_FAST, wait)
    token = bearer_token(request) or request.cookies.get(SESSION_COOKIE)
    try:
        accounts.change_password(db, found.account, current, new, keep=token)
    except accounts.WrongPasswordError as refusal:
        count_failed_login(request, found.account.email)
        return 422, str(refusal)
    except accounts.AccountError as refusal:
        return 422, str(refusal)
    audited(request, db, found.account, "password_change", account_target(found.account))
    return None


# --- changing your own password on a page ------------------------------------------------


@router.get("/inbox/password", response_class=HTMLResponse, include_in_schema=False)
def team_password_page(
    request: Request, found: Caller | None = Depends(optional_caller)
) -> Response:
    return _password_page(request, found, "inbox/base.html")


@router.post("/inbox/password", include_in_schema=False)
def team_change_password(
    request: Request,
    csrf_token: str = Form(max_length=100),
    current_password: str = Form(default="", max_length=200),
    new_password: str = Form(default="", max_length=200),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    form = (csrf_token, current_password, new_password)
    return _password_form(request, db, found, "inbox/base.html", *form)


@router.get("/ambassador/password", response_class=HTMLResponse, include_in_schema=False)
def ambassador_password_page(
    request: Request, found: Caller | None = Depends(signed_in)
) -> Response:
    return _not_an_ambassador(found) or _password_page(request, found, "ambassador/base.html")


@router.post("/ambassador/password", include_in_schema=False)
def ambassador_change_password(
    request: Request,
    csrf_token: str = Form(max_length=100),
    current_password: str = Form(default="", max_length=200),
    new_password: str = Form(default="", max_length=200),
    found: Caller | None = Depends(signed_in),
    db: Session = DB,
) -> Response:
    form = (csrf_token, current_password, new_password)
    elsewhere = _not_an_ambassador(found)
    return elsewhere or _password_form(request, db, found, "ambassador/base.html", *form)


def _not_an_ambassador(found: Caller | None) -> Response | None:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    if found.account.role != "ambassador":
        return RedirectResponse("/inbox/password", status_code=303)
    return None


def _password_page(
    request: Request,
    found: Caller | None,
    layout: str,
    error: str | None = None,
    done: bool = False,
    status_code: int = 200,
) -> Response:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    context = {"caller": found, "layout": layout, "error": error, "done": done}
    context["min_password"] = MIN_PASSWORD_LENGTH
    return _page(request, "password.html", context, status_code)


def _password_form(
    request: Request,
    db: Session,
    found: Caller | None,
    layout: str,
    csrf_token: str,
    current: str,
    new: str,
) -> Response:
    if found is None:
        return RedirectResponse("/inbox/login", status_code=303)
    if found.by_cookie and not same_secret(csrf_token, found.csrf_token):
        return _password_page(request, found, layout, FORM_EXPIRED, status_code=403)
    problem = _change(request, db, found, current, new)
    if problem is not None:
        return _password_page(request, found, layout, problem[1], status_code=problem[0])
    return _password_page(request, found, layout, done=True)


# --- a reset link's page -----------------------------------------------------------------


@router.get("/inbox/reset", response_class=HTMLResponse, include_in_schema=False)
def reset_page(request: Request) -> HTMLResponse:
    return _reset_page(request)


@router.post("/inbox/reset", include_in_schema=False)
def reset_password(
    request: Request,
    csrf_token: str = Form(max_length=100),
    token: str = Form(default="", max_length=100),
    password: str = Form(default="", max_length=200),
    db: Session = DB,
) -> Response:
    if not same_secret(csrf_token, request.cookies.get(RESET_CSRF_COOKIE)):
        return _reset_page(request, token, FORM_EXPIRED, 403)
    try:
        account = accounts.use_reset(db, token.strip(), password)
    except accounts.AccountError as refusal:
        return _reset_page(request, token, str(refusal), 422)
    audited(request, db, account, "password_reset", account_target(account))
    response = _page(request, "inbox/reset.html", {"done": True})
    response.delete_cookie(RESET_CSRF_COOKIE, path="/inbox/reset")
    return response


def _reset_page(
    request: Request, token: str = "", error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    context = {"token": token, "csrf_token": csrf, "error": error}
    context["min_password"] = MIN_PASSWORD_LENGTH
    response = _page(request, "inbox/reset.html", context, status_code)
    set_private_cookie(response, request, RESET_CSRF_COOKIE, csrf, path="/inbox/reset")
    return response


def _page(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code
    )
    response.headers["Cache-Control"] = "no-store"
    return response
