"""Accounts of the careers team and of ambassadors, their passwords, schools and sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inbox.passwords import password_problem
from knowledge.clock import now
from knowledge.inbox_models import Account, LoginSession, PasswordReset, School

ROLES = ("adviser", "admin", "ambassador")
CAREERS_TEAM = ("adviser", "admin")  # the roles that may use the inbox
SESSION_IDLE = dt.timedelta(hours=1)
SESSION_LONGEST = dt.timedelta(hours=10)
RESET_LIFETIME = dt.timedelta(hours=24)

_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs
# Verified against when the email is unknown, so that answers take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why, kindly."""


class WrongPasswordError(AccountError):
    """The current password given to change it was wrong."""


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class NewReset:
    """A password reset link's secret, given out once; only its hash is kept."""

    token: str
    expires_at: dt.datetime


def create_account(
    db: Session,
    email: str,
    display_name: str,
    role: str,
    password: str,
    school_slugs: list[str] = (),
) -> Account:
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    check_password(password, email)
    if by_email(db, email):
        raise AccountError("There is already an account with that email address.")
    account = Account(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
        active=True,
        created_at=now(),
    )
    account.schools = schools_by_slug(db, school_slugs)
    db.add(account)
    db.flush()
    return account


def check_password(password: str, email: str) -> None:
    """AccountError saying kindly why a new password will not do (inbox/passwords.py)."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)


def by_email(db: Session, email: str) -> Account | None:
    return db.scalar(select(Account).where(Account.email == email.strip().lower()))


def schools_by_slug(db: Session, slugs: list[str]) -> list[School]:
    found = {s.slug: s for s in db.scalars(select(School).where(School.slug.in_(slugs)))}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise AccountError(f"No school is registered as: {', '.join(missing)}.")
    return [found[slug] for slug in slugs]


def assign_schools(db: Session, account: Account, school_slugs: list[str]) -> None:
    account.schools = schools_by_slug(db, school_slugs)


def authenticate(db: Session, email: str, password: str) -> Account | None:
    """The active account with this email and password, or None (same work either way)."""
    account = by_email(db, email)
    stored = account.password_hash if account else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None or not account.active:
        return None
    if _hasher.check_needs_rehash(stored):
        account.password_hash = _hasher.hash(password)
    return account


def start_session(db: Session, account: Account) -> NewSession:
    token = secrets.token_urlsafe(32)
    moment = now()
    session = LoginSession(
        token_hash=token_digest(token),
        account_id=account.id,
        csrf_token=secrets.token_urlsafe(24),
        created_at=moment,
        expires_at=moment + SESSION_IDLE,
    )
    db.add(session)
    db.flush()
    return NewSession(token, session.csrf_token, session.expires_at)


def session_for(db: Session, token: str) -> LoginSession | None:
    """The live session for a token, its expiry moved on; expired sessions are removed."""
    session = db.get(LoginSession, token_digest(token))
    moment = now()
    if session is None:
        return None
    if as_utc(session.expires_at) <= moment or not session.account.active:
        db.delete(session)
        return None
    session.expires_at = min(moment + SESSION_IDLE, as_utc(session.created_at) + SESSION_LONGEST)
    return session


def end_session(db: Session, token: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_hash == token_digest(token)))


def end_sessions(db: Session, account: Account, keep: str | None = None) -> None:
    """End every login of an account at once, except the one with token ``keep``."""
    ended = delete(LoginSession).where(LoginSession.account_id == account.id)
    if keep:
        ended = ended.where(LoginSession.token_hash != token_digest(keep))
    db.execute(ended)


# --- switching accounts off and on, and passwords -------------------------------------


def deactivate(db: Session, account: Account, by: Account) -> None:
    """Switch an account off: its logins end now, it cannot log in, its reset links die."""
    if account.id == by.id:
        raise AccountError("You can't deactivate your own account. Please ask another admin.")
    account.active = False
    end_sessions(db, account)
    db.execute(delete(PasswordReset).where(PasswordReset.account_id == account.id))


def reactivate(account: Account) -> None:
    account.active = True


def change_password(
    db: Session, account: Account, current: str, new: str, keep: str | None
) -> None:
    """Change one's own password (the current one is needed); every other login ends."""
    try:
        _hasher.verify(account.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise WrongPasswordError("That isn't your current password. Please try again.") from None
    _set_password(db, account, new, keep)


def issue_reset(db: Session, account: Account, by: Account) -> NewReset:
    """A one-time link for an account to set a new password, valid for a day; it replaces
    any earlier link of that account."""
    if not account.active:
        raise AccountError("That account is deactivated. Reactivate it first.")
    token = secrets.token_urlsafe(32)
    moment = now()
    db.execute(delete(PasswordReset).where(PasswordReset.account_id == account.id))
    reset = PasswordReset(
        token_hash=token_digest(token),
        account_id=account.id,
        created_by_id=by.id,
        created_at=moment,
        expires_at=moment + RESET_LIFETIME,
    )
    db.add(reset)
    db.flush()
    return NewReset(token, reset.expires_at)


def use_reset(db: Session, token: str, new: str) -> Account:
    """Set a new password with a reset link's secret, once; every login of the account ends."""
    reset = db.scalar(select(PasswordReset).where(PasswordReset.token_hash == token_digest(token)))
    if reset is None or reset.used_at is not None or not reset.account.active:
        raise AccountError(
            "This link doesn't work: it may have been used already. Please ask an admin for "
            "a new one."
        )
    if as_utc(reset.expires_at) <= now():
        raise AccountError("This link has run out. Please ask an admin for a new one.")
    _set_password(db, reset.account, new, keep=None)
    reset.used_at = now()
    return reset.account


def _set_password(db: Session, account: Account, new: str, keep: str | None) -> None:
    check_password(new, account.email)
    account.password_hash = _hasher.hash(new)
    end_sessions(db, account, keep)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything here is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
