"""The adviser inbox's pages. They are thin: web/static/inbox.js does the work through
the JSON API (web/inbox_api.py), sending the session's CSRF token with every change.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contract.secrets import same_secret
from inbox import accounts
from web.audit import audited, failed_login
from web.auth import (
    Caller,
    log_out_browser,
    optional_caller,
    set_private_cookie,
    set_session_cookie,
)
from web.database import DB
from web.limits import (
    LOGINS_TOO_FAST,
    count_failed_login,
    limit_logins,
    please_wait,
    retry_after,
)

router = APIRouter(prefix="/inbox", include_in_schema=False)
LOGIN_CSRF_COOKIE = "careers_login_csrf"


def _page(request: Request, template: str, **context) -> HTMLResponse:
    response = request.app.state.templates.TemplateResponse(request, template, context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _to_login() -> RedirectResponse:
    return RedirectResponse("/inbox/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str | None = None) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _page(request, "inbox/login.html", csrf_token=token, error=error)
    set_private_cookie(response, request, LOGIN_CSRF_COOKIE, token, path="/inbox")
    return response


@router.post("/login")
def log_in(
    request: Request,
    email: str = Form(max_length=254),
    password: str = Form(max_length=200),
    csrf_token: str = Form(max_length=100),
    db: Session = DB,
) -> Response:
    wait = limit_logins(request, email)
    if wait is not None:
        return _too_many_logins(request, wait)
    if not same_secret(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        count_failed_login(request, email)  # a forged form is a try at the account too
        return login_page(request, error="The form had expired. Please try again.")
    account = accounts.authenticate(db, email, password)
    if account is None:
        failed_login(request, db, email)
        count_failed_login(request, email)
        return login_page(request, error="That email and password don't match.")
    audited(request, db, account, "login", detail="login page")
    started = accounts.start_session(db, account)
    response = RedirectResponse("/inbox", status_code=303)
    set_session_cookie(response, request, started.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/inbox")
    return response


def _too_many_logins(request: Request, seconds: int) -> Response:
    response = login_page(request, error=please_wait(LOGINS_TOO_FAST, seconds))
    response.status_code = 429
    response.headers.update(retry_after(seconds))
    return response


@router.post("/logout")
def log_out(
    request: Request,
    csrf_token: str = Form(max_length=100),
    found: Caller | None = Depends(optional_caller),
    db: Session = DB,
) -> Response:
    if found and same_secret(csrf_token, found.csrf_token):
        audited(request, db, found.account, "logout")
    return log_out_browser(request, db, found, csrf_token, then=_to_login())


@router.get("", response_class=HTMLResponse)
def inbox_page(request: Request, found: Caller | None = Depends(optional_caller)) -> Response:
    if found is None:
        return _to_login()
    return _page(request, "inbox/list.html", caller=found)


@router.get("/handoffs/{reference}", response_class=HTMLResponse)
def handoff_page(
    reference: str, request: Request, found: Caller | None = Depends(optional_caller)
) -> Response:
    if found is None:
        return _to_login()
    return _page(request, "inbox/handoff.html", caller=found, reference=reference)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(request: Request, found: Caller | None = Depends(optional_caller)) -> Response:
    if found is None:
        return _to_login()
    if found.account.role != "admin":
        return HTMLResponse("Only an admin can see this page.", status_code=403)
    return _page(request, "inbox/admin.html", caller=found)
