"""Who is asking: login sessions (cookie or bearer token), roles, and CSRF checks.

A browser logs in with the form at ``/inbox/login`` and gets an HttpOnly session cookie;
its forms carry the session's CSRF token. An API client logs in at ``POST /api/session``
and sends ``Authorization: Bearer <token>``; a bearer token is never sent by a browser on
its own, so it needs no CSRF token. The bot's action server uses the service token.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from inbox.accounts import session_for
from knowledge.inbox_models import Account
from web.database import DB

SESSION_COOKIE = "careers_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Caller:
    account: Account
    csrf_token: str
    by_cookie: bool


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def optional_caller(request: Request, db: Session = DB) -> Caller | None:
    token = bearer_token(request)
    by_cookie = token is None
    token = token or request.cookies.get(SESSION_COOKIE)
    session = session_for(db, token) if token else None
    if session is None:
        return None
    return Caller(session.account, session.csrf_token, by_cookie)


def caller(request: Request, found: Caller | None = Depends(optional_caller)) -> Caller:
    """The logged-in person; 401 otherwise, and 403 for a cookie request without CSRF."""
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="Please log in.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if found.by_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, found.csrf_token):
            raise HTTPException(status_code=403, detail="The form had expired. Please try again.")
    return found


def admin(found: Caller = Depends(caller)) -> Caller:
    if found.account.role != "admin":
        raise HTTPException(status_code=403, detail="Only an admin can do that.")
    return found


def bot_service(request: Request) -> None:
    """The action server, which sends hand-off tickets with the shared service token."""
    expected = request.app.state.settings.service_token
    sent = bearer_token(request) or ""
    if not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(status_code=401, detail="This endpoint is for the bot only.")
