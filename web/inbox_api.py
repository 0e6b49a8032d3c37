"""The JSON API of the adviser inbox (documented at /docs), and the bot's ticket endpoint."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    HTTPException,
    Path,
    Query,
    Request,
    Response,
)
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from contract.payloads import TicketIn
from inbox import accounts, handoffs
from inbox.audit import account_target
from inbox.handoffs import STATUSES
from inbox.notify import notify_new_handoff
from inbox.schools import add_school, normal_origins, school_by_slug
from knowledge.inbox_models import Account, School
from web.audit import audited, failed_login
from web.auth import (
    SESSION_COOKIE,
    Caller,
    admin,
    anyone_signed_in,
    bearer_token,
    bot_service,
    caller,
)
from web.database import DB
from web.handoff_views import HandoffDetail, HandoffSummary, MessageOut
from web.limits import (
    LOGINS_TOO_FAST,
    count_failed_login,
    limit_logins,
    please_wait,
    retry_after,
)
from web.mail import send_emails_now

router = APIRouter(prefix="/api", tags=["inbox"])
Status = Literal["new", "claimed", "replied", "closed"]
assert set(Status.__args__) == set(STATUSES)


WRONG_LOGIN = "That email and password don't match."
# An account's id: the column is a 32-bit integer, so a larger number is no account at all.
AccountId = Annotated[int, Path(ge=1, le=2**31 - 1)]


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)


class SessionOut(BaseModel):
    token: str
    csrf_token: str
    expires_at: str
    role: str


class TextIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=4000)


WEBSITE = Annotated[str, Field(max_length=200)]


class WebsitesIn(BaseModel):
    """The websites (``https://host``) allowed to show a school's widget."""

    model_config = ConfigDict(extra="forbid")
    allowed_origins: list[WEBSITE] = Field(max_length=20)


class SchoolIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(max_length=80)
    name: str = Field(min_length=1, max_length=200)
    safeguarding_email: str | None = Field(default=None, max_length=254)
    allowed_origins: list[WEBSITE] = Field(default_factory=list, max_length=20)


class SchoolOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    slug: str
    name: str
    allowed_origins: list[str]

    @classmethod
    def of(cls, school: School) -> SchoolOut:
        return cls.model_validate(school)


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    display_name: str = Field(min_length=1, max_length=80)
    role: Literal["adviser", "admin"] = "adviser"
    password: str = Field(max_length=200)
    schools: list[str] = Field(default_factory=list, max_length=400)


class AccountOut(BaseModel):
    id: int
    email: str
    display_name: str
    role: str
    active: bool
    schools: list[str]

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id,
            email=account.email,
            display_name=account.display_name,
            role=account.role,
            active=account.active,
            schools=[school.slug for school in account.schools],
        )


class SchoolsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schools: list[str] = Field(max_length=400)


# --- logging in -------------------------------------------------------------------------


@router.post("/session", response_model=SessionOut, responses={401: {}})
def log_in(body: LoginIn, request: Request, db: Session = DB) -> SessionOut | JSONResponse:
    wait = limit_logins(request, body.email)
    if wait is not None:
        raise HTTPException(
            status_code=429, detail=please_wait(LOGINS_TOO_FAST, wait), headers=retry_after(wait)
        )
    account = accounts.authenticate(db, body.email, body.password)
    if account is None:
        failed_login(request, db, body.email)
        count_failed_login(request, body.email)
        # Returned, not raised: an exception would roll the audit event back.
        return JSONResponse(status_code=401, content={"detail": WRONG_LOGIN})
    audited(request, db, account, "login", detail="API")
    started = accounts.start_session(db, account)
    return SessionOut(
        token=started.token,
        csrf_token=started.csrf_token,
        expires_at=started.expires_at.isoformat(),
        role=account.role,
    )


@router.delete("/session", status_code=204)
def log_out(
    request: Request, found: Caller = Depends(anyone_signed_in), db: Session = DB
) -> Response:
    token = bearer_token(request) or request.cookies.get(SESSION_COOKIE, "")
    audited(request, db, found.account, "logout")
    accounts.end_session(db, token)
    return Response(status_code=204)


# --- hand-offs --------------------------------------------------------------------------


@router.post("/handoffs", status_code=201, dependencies=[Depends(bot_service)])
def receive_handoff(
    ticket: TicketIn, request: Request, later: BackgroundTasks, db: Session = DB
) -> dict:
    """For the bot: store a student's hand-off (idempotent by reference) and email advisers."""
    handoff, is_new = handoffs.receive_ticket(db, ticket)
    if is_new:
        notify_new_handoff(db, handoff, request.app.state.settings.mail.inbox_url)
        later.add_task(send_emails_now, request.app)
    return {"reference": handoff.reference, "new": is_new}


@router.get("/handoffs", response_model=list[HandoffSummary])
def list_handoffs(
    status: Status | None = None,
    school: str | None = Query(default=None, max_length=80),
    max_age_days: int | None = Query(default=None, ge=0, le=3650),
    found: Caller = Depends(caller),
    db: Session = DB,
) -> list[HandoffSummary]:
    tickets = handoffs.list_tickets(db, found.account, status, school, max_age_days)
    return [HandoffSummary.of(t) for t in tickets]


@router.get("/handoffs/{reference}", response_model=HandoffDetail)
def read_handoff(
    reference: str, found: Caller = Depends(caller), db: Session = DB
) -> HandoffDetail:
    return HandoffDetail.of(_act(handoffs.ticket_for, db, found, reference))


@router.post("/handoffs/{reference}/claim", response_model=HandoffDetail)
def claim_handoff(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> HandoffDetail:
    audit = (request, "handoff_claim")
    return HandoffDetail.of(_act(handoffs.claim, db, found, reference, audit=audit))


@router.post("/handoffs/{reference}/replies", response_model=MessageOut, status_code=201)
def reply_to_handoff(
    reference: str,
    body: TextIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> MessageOut:
    audit = (request, "handoff_reply")
    return MessageOut.of(_act(handoffs.reply, db, found, reference, body.text, audit=audit))


@router.put("/handoffs/{reference}/outcome", response_model=HandoffDetail)
def record_outcome(
    reference: str,
    body: TextIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> HandoffDetail:
    audit = (request, "handoff_outcome")
    outcome = _act(handoffs.record_outcome, db, found, reference, body.text, audit=audit)
    return HandoffDetail.of(outcome)


@router.post("/handoffs/{reference}/close", response_model=HandoffDetail)
def close_handoff(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> HandoffDetail:
    audit = (request, "handoff_close")
    return HandoffDetail.of(_act(handoffs.close, db, found, reference, audit=audit))


@router.post("/handoffs/{reference}/live", response_model=HandoffDetail)
def take_over_chat(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> HandoffDetail:
    """Chat with the student live: the bot keeps quiet until the adviser hands back."""
    audit = (request, "handoff_live")
    return HandoffDetail.of(_act(handoffs.take_over, db, found, reference, audit=audit))


@router.delete("/handoffs/{reference}/live", response_model=HandoffDetail)
def hand_back_to_bot(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> HandoffDetail:
    audit = (request, "handoff_hand_back")
    return HandoffDetail.of(_act(handoffs.hand_back, db, found, reference, audit=audit))


def _act(
    action,
    db: Session,
    found: Caller,
    reference: str,
    *args,
    audit: tuple[Request, str] | None = None,
):
    """Run a ticket action for the caller, turning refusals into kind HTTP answers; a change
    is recorded in the audit log (``audit``: the request and the action's name)."""
    try:
        result = action(db, found.account, reference, *args)
    except handoffs.NotYoursError:
        raise HTTPException(
            status_code=404, detail="There's no hand-off with that reference for you."
        ) from None
    except handoffs.NotAllowedError as refusal:
        raise HTTPException(status_code=409, detail=str(refusal)) from None
    if audit:
        request, name = audit
        audited(request, db, found.account, name, reference)
    db.flush()
    return result


# --- schools and accounts (admins) ---------------------------------------------------


@router.get("/schools", response_model=list[SchoolOut], dependencies=[Depends(admin)])
def list_schools(db: Session = DB) -> list[SchoolOut]:
    return [SchoolOut.of(s) for s in db.query(School).order_by(School.name)]


@router.post("/schools", response_model=SchoolOut, status_code=201)
def create_school(
    body: SchoolIn, request: Request, found: Caller = Depends(admin), db: Session = DB
) -> SchoolOut:
    try:
        school = add_school(db, body.slug, body.name, body.safeguarding_email, body.allowed_origins)
    except accounts.AccountError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    audited(request, db, found.account, "school_add", school.slug)
    return SchoolOut.of(school)


@router.put("/schools/{slug}/websites", response_model=SchoolOut)
def set_websites(
    slug: str,
    body: WebsitesIn,
    request: Request,
    found: Caller = Depends(admin),
    db: Session = DB,
) -> SchoolOut:
    school = school_by_slug(db, slug)
    if school is None:
        raise HTTPException(status_code=404, detail=f"There's no school '{slug}'.")
    try:
        school.allowed_origins = normal_origins(body.allowed_origins)
    except accounts.AccountError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    audited(request, db, found.account, "school_websites", school.slug)
    return SchoolOut.of(school)


@router.get("/accounts", response_model=list[AccountOut], dependencies=[Depends(admin)])
def list_accounts(db: Session = DB) -> list[AccountOut]:
    return [AccountOut.of(a) for a in db.query(Account).order_by(Account.email)]


@router.post("/accounts", response_model=AccountOut, status_code=201)
def create_account(
    body: AccountIn, request: Request, found: Caller = Depends(admin), db: Session = DB
) -> AccountOut:
    try:
        account = accounts.create_account(
            db, body.email, body.display_name, body.role, body.password, body.schools
        )
    except accounts.AccountError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    audited(request, db, found.account, "account_create", account_target(account), account.email)
    return AccountOut.of(account)


@router.put("/accounts/{account_id}/schools", response_model=AccountOut)
def assign_schools(
    account_id: AccountId,
    body: SchoolsIn,
    request: Request,
    found: Caller = Depends(admin),
    db: Session = DB,
) -> AccountOut:
    account = _account_or_404(db, account_id)
    try:
        accounts.assign_schools(db, account, body.schools)
    except accounts.AccountError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    detail = ", ".join(body.schools) or "none"
    audited(request, db, found.account, "account_schools", account_target(account), detail)
    return AccountOut.of(account)


@router.post("/accounts/{account_id}/deactivate", response_model=AccountOut)
def deactivate_account(
    account_id: AccountId,
    request: Request,
    found: Caller = Depends(admin),
    db: Session = DB,
) -> AccountOut:
    """Switch an account off: its logins end at once, and it cannot log in until reactivated."""
    account = _account_or_404(db, account_id)
    try:
        accounts.deactivate(db, account, found.account)
    except accounts.AccountError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    target = account_target(account)
    audited(request, db, found.account, "account_deactivate", target, account.email)
    return AccountOut.of(account)


@router.post("/accounts/{account_id}/reactivate", response_model=AccountOut)
def reactivate_account(
    account_id: AccountId,
    request: Request,
    found: Caller = Depends(admin),
    db: Session = DB,
) -> AccountOut:
    """Let a deactivated account log in again (with its old password, or a reset link)."""
    account = _account_or_404(db, account_id)
    accounts.reactivate(account)
    target = account_target(account)
    audited(request, db, found.account, "account_reactivate", target, account.email)
    return AccountOut.of(account)


def _account_or_404(db: Session, account_id: int) -> Account:
    account = db.get(Account, account_id)
    if account is None:
        raise HTTPException(status_code=404, detail="There's no account with that id.")
    return account
