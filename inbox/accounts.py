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

from knowledge.clock import now
from knowledge.inbox_models import Account, LoginSession, School

ROLES = ("adviser", "admin", "ambassador")
CAREERS_TEAM = ("adviser", "admin")  # the roles that may use the inbox
MIN_PASSWORD_LENGTH = 12
SESSION_IDLE = dt.timedelta(hours=1)
SESSION_LONGEST = dt.timedelta(hours=10)

_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs
# Verified against when the email is unknown, so that answers take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why, kindly."""


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
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
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Passwords need at least {MIN_PASSWORD_LENGTH} characters.")
    if db.scalar(select(Account).where(Account.email == email)):
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
    account = db.scalar(select(Account).where(Account.email == email.strip().lower()))
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


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything here is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
