"""Ambassador mode's pages, plain HTML forms, rules in inbox/ambassadors.py. No script is
needed, except the invitation link's few lines (with a box to paste the code without it).

- ``/ambassador/join#<code>``: an invitation, where an apprentice sets up their account.
  The code is after the ``#``, so browsers never send it in the address: the page's script
  posts it (``POST /ambassador/join/open``), and the join form carries it in its body. No
  access log sees it;
- ``/ambassador``: an ambassador's questions to answer and their answers so far (mobile
  first); they log in at ``/inbox/login`` like everyone, and are sent here;
- the careers team's page is in web/ambassador_team_pages.py.

Forms carry the session's CSRF token (the join form, a token of its own, as the login form
does). A refused answer is shown again with what was typed, so nothing is lost. Every
rule checks everything before it changes anything, so a refusal leaves nothing half done.
"""

from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from contract.secrets import same_secret
from inbox import accounts, ambassadors
from inbox.ambassadors import AmbassadorError, NotThereError, ProfileIn
from inbox.audit import account_target
from inbox.guardrails import GuardrailError
from inbox.passwords import MIN_PASSWORD_LENGTH
from knowledge.clock import now
from knowledge.inbox_models import Account
from web.ambassador_api import (
    QueuedQuestion,
)
from web.audit import audited
from web.auth import (
    Caller,
    log_out_browser,
    set_private_cookie,
    set_session_cookie,
    signed_in,
)
from web.database import DB

router = APIRouter(include_in_schema=False)
JOIN_CSRF_COOKIE = "careers_join_csrf"
LOGIN = "/inbox/login"
FORM_EXPIRED = "The form had expired. Please try again."


def page(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    response = request.app.state.templates.TemplateResponse(
        request, template, context, status_code=status_code
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def redirect_to(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def form_is_ours(found: Caller, csrf_token: str) -> bool:
    """A cookie session's form must carry its CSRF token; a bearer token needs none."""
    return not found.by_cookie or same_secret(csrf_token, found.csrf_token)


# --- joining -----------------------------------------------------------------------------


@router.get("/ambassador/join", response_class=HTMLResponse)
def join_link_page(request: Request) -> HTMLResponse:
    """Where an invitation link leads; its script posts the code from after the ``#``."""
    return page(request, "ambassador/open.html")


@router.get("/ambassador/join/{token}")
def old_join_link(token: str) -> Response:
    """A link made before codes moved after the ``#`` (web/access_log.py hides its code)."""
    return redirect_to(f"/ambassador/join#{quote(token, safe='')}")


@router.post("/ambassador/join/open")
def open_join_link(
    request: Request, token: str = Form(max_length=100), db: Session = DB
) -> Response:
    """The join form for an invitation's code, or kind words if it can't be used."""
    try:
        ambassadors.open_invitation(db, token.strip())
    except AmbassadorError as refusal:
        return page(request, "ambassador/message.html", 410, message=str(refusal))
    return _join_form(request, db, token.strip())


@router.post("/ambassador/join")
def join(
    request: Request,
    token: str = Form(default="", max_length=100),
    csrf_token: str = Form(max_length=100),
    email: str = Form(default="", max_length=254),
    password: str = Form(default="", max_length=200),
    first_name: str = Form(default="", max_length=80),
    apprenticeship: str = Form(default="", max_length=200),
    level: str = Form(default="", max_length=10),
    employer_name: str = Form(default="", max_length=200),
    employer_type: str = Form(default="", max_length=60),
    sectors: list[str] = Form(default=[], max_length=40),
    place: str = Form(default="", max_length=120),
    db: Session = DB,
) -> Response:
    typed = {
        "email": email,
        "first_name": first_name,
        "apprenticeship": apprenticeship,
        "level": level,
        "employer_name": employer_name,
        "employer_type": employer_type,
        "sectors": sectors,
        "place": place,
    }
    if not same_secret(csrf_token, request.cookies.get(JOIN_CSRF_COOKIE)):
        return _join_form(request, db, token, FORM_EXPIRED, typed)
    profile = ProfileIn(
        first_name=first_name,
        apprenticeship=apprenticeship,
        level=int(level) if level.isdigit() else 0,
        employer_type=employer_type,
        sectors=sectors,
        place=place,
        employer_name=employer_name,
    )
    try:
        account = ambassadors.join(db, token, email, password, profile)
    except (AmbassadorError, GuardrailError, accounts.AccountError) as refusal:
        return _join_form(request, db, token, str(refusal), typed, 422)
    audited(request, db, account, "account_create", account_target(account), "ambassador")
    audited(request, db, account, "login", detail="on joining")
    return _logged_in(request, db, account)


def _join_form(
    request: Request,
    db: Session,
    token: str,
    error: str | None = None,
    typed: dict | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    response = page(
        request,
        "ambassador/join.html",
        status_code,
        token=token,
        csrf_token=csrf,
        error=error,
        typed=typed or {"sectors": []},
        sectors=records(request, "sector"),
        places=records(request, "place"),
        levels=list(ambassadors.LEVELS),
        employer_types=ambassadors.EMPLOYER_TYPES,
        min_password=MIN_PASSWORD_LENGTH,
    )
    set_private_cookie(response, request, JOIN_CSRF_COOKIE, csrf, path="/ambassador/join")
    return response


def _logged_in(request: Request, db: Session, account: Account) -> Response:
    started = accounts.start_session(db, account)
    response = redirect_to("/ambassador")
    set_session_cookie(response, request, started.token)
    response.delete_cookie(JOIN_CSRF_COOKIE, path="/ambassador/join")
    return response


def records(request: Request, kind: str) -> list[tuple[str, str]]:
    """(slug, title) of every record of a kind, by title."""
    return [(ref.slug, ref.title) for ref in request.app.state.kb.all_refs(kind)]


# --- the ambassador's own page -----------------------------------------------------------


@router.get("/ambassador", response_class=HTMLResponse)
def home(request: Request, found: Caller | None = Depends(signed_in), db: Session = DB) -> Response:
    elsewhere = _not_an_ambassador(found)
    return elsewhere or _home(request, db, found)


@router.post("/ambassador/questions/{reference}/answer")
def answer(
    reference: str,
    request: Request,
    csrf_token: str = Form(max_length=100),
    text: str = Form(default="", max_length=4000),
    found: Caller | None = Depends(signed_in),
    db: Session = DB,
) -> Response:
    elsewhere = _not_an_ambassador(found)
    if elsewhere:
        return elsewhere
    if not form_is_ours(found, csrf_token):
        return _home(request, db, found, {reference: (FORM_EXPIRED, text)}, 403)
    try:
        ambassadors.answer(db, found.account, reference, text)
    except NotThereError:
        return page(request, "ambassador/message.html", 404, message=NO_QUESTION)
    except (AmbassadorError, GuardrailError) as refusal:
        return _home(request, db, found, {reference: (_why_not(refusal, text), text)}, 422)
    return redirect_to("/ambassador?sent=1#my-answers")


NO_QUESTION = "That question isn't here any more. Please go back to your questions."


def _why_not(refusal: Exception, text: str) -> str:
    return "Please write your answer first." if not text.strip() else str(refusal)


@router.post("/ambassador/logout")
def log_out(
    request: Request,
    csrf_token: str = Form(max_length=100),
    found: Caller | None = Depends(signed_in),
    db: Session = DB,
) -> Response:
    if found and same_secret(csrf_token, found.csrf_token):
        audited(request, db, found.account, "logout")
    return log_out_browser(request, db, found, csrf_token, then=redirect_to(LOGIN))


def _not_an_ambassador(found: Caller | None) -> Response | None:
    """Where to send someone who is not a logged-in ambassador, or None for an ambassador."""
    if found is None:
        return redirect_to(LOGIN)
    if found.account.role != ambassadors.ROLE:
        return redirect_to("/inbox")
    return None


def _home(
    request: Request,
    db: Session,
    found: Caller,
    refused: dict[str, tuple[str, str]] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The queue and the ambassador's answers; ``refused`` maps a question's reference to
    why its answer was refused and the text typed."""
    queue = [QueuedQuestion.of(db, q) for q in ambassadors.queue_for(db, found.account)]
    return page(
        request,
        "ambassador/home.html",
        status_code,
        caller=found,
        profile=ambassadors.profile_of(db, found.account),
        queue=[(question, ago(question.asked_at)) for question in queue],
        answers=ambassadors.answers_by(db, found.account),
        status_words=ambassadors.status_words,
        refused=refused or {},
        sent=request.query_params.get("sent") == "1",
    )


def ago(moment: dt.datetime) -> str:
    """How long ago, in plain words: "just now", "5 minutes ago", "2 days ago"."""
    seconds = (now() - accounts.as_utc(moment)).total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"
