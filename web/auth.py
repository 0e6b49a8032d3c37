"""Who is asking: login sessions (cookie or bearer token), roles, and CSRF checks.

A browser logs in with the form at ``/inbox/login`` and gets an HttpOnly session cookie;
its forms carry the session's CSRF token. An API client logs in at ``POST /api/session``
and sends ``Authorization: Bearer <token>``; a bearer token is never sent by a browser on
its own, so it needs no CSRF token. The bot's action server uses the service token.

Ambassadors log in the same way, but the careers team's side is closed to them: ``caller``
refuses them (403) and the inbox pages send them to their own pages at ``/ambassador``.
Their own endpoints use ``ambassador``, which refuses everyone else, admins included.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request, Response
from sqlalchemy.orm import Session

from contract.secrets import same_secret
from inbox.accounts import CAREERS_TEAM, SESSION_LONGEST, end_session, session_for
from knowledge.inbox_models import Account
from web.database import DB

SESSION_COOKIE = "careers_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
AMBASSADOR_HOME = "/ambassador"
FOR_THE_CAREERS_TEAM = (
    "This part is for the careers team. Your questions are on your own page, at /ambassador."
)
FOR_AMBASSADORS = "This part is for ambassadors only."


@dataclass(frozen=True)
class Caller:
    account: Account
    csrf_token: str
    by_cookie: bool


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def signed_in(request: Request, db: Session = DB) -> Caller | None:
    """Whoever is logged in, of any role, or None."""
    token = bearer_token(request)
    by_cookie = token is None
    token = token or request.cookies.get(SESSION_COOKIE)
    session = session_for(db, token) if token else None
    if session is None:
        return None
    return Caller(session.account, session.csrf_token, by_cookie)


def optional_caller(found: Caller | None = Depends(signed_in)) -> Caller | None:
    """The member of the careers team on an inbox page, or None; an ambassador is sent to
    their own pages instead."""
    if found is not None and found.account.role not in CAREERS_TEAM:
        raise HTTPException(
            status_code=303, detail=FOR_THE_CAREERS_TEAM, headers={"Location": AMBASSADOR_HOME}
        )
    return found


def caller(request: Request, found: Caller | None = Depends(signed_in)) -> Caller:
    """The logged-in adviser or admin; 401 otherwise, 403 for an ambassador, and 403 for a
    cookie request without CSRF."""
    found = _checked(request, found)
    if found.account.role not in CAREERS_TEAM:
        raise HTTPException(status_code=403, detail=FOR_THE_CAREERS_TEAM)
    return found


def ambassador(request: Request, found: Caller | None = Depends(signed_in)) -> Caller:
    """The logged-in ambassador; 401 otherwise, 403 for anyone else (admins too)."""
    found = _checked(request, found)
    if found.account.role != "ambassador":
        raise HTTPException(status_code=403, detail=FOR_AMBASSADORS)
    return found


def anyone_signed_in(request: Request, found: Caller | None = Depends(signed_in)) -> Caller:
    """Whoever is logged in, of any role (to log out); 401 otherwise."""
    return _checked(request, found)


def _checked(request: Request, found: Caller | None) -> Caller:
    """401 if nobody is logged in; 403 for a cookie request that changes things without
    the session's CSRF token."""
    if found is None:
        raise HTTPException(
            status_code=401,
            detail="Please log in.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if found.by_cookie and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not same_secret(sent, found.csrf_token):
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
    if not same_secret(sent, expected):
        raise HTTPException(status_code=401, detail="This endpoint is for the bot only.")


def log_out_browser(
    request: Request, db: Session, found: Caller | None, csrf_token: str, then: Response
) -> Response:
    """End a browser's login (when the form is its own) and forget the cookie either way."""
    if found and same_secret(csrf_token, found.csrf_token):
        end_session(db, request.cookies.get(SESSION_COOKIE, ""))
    then.delete_cookie(SESSION_COOKIE)
    return then


def set_private_cookie(
    response: Response, request: Request, name: str, value: str, **scope: str | int
) -> None:
    """A cookie no script can read and no other site can send (HTTPS-only in production);
    ``scope`` is its path or max_age."""
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.secure_cookies,
        **scope,
    )


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Give a browser its login."""
    max_age = int(SESSION_LONGEST.total_seconds())
    set_private_cookie(response, request, SESSION_COOKIE, token, max_age=max_age)
