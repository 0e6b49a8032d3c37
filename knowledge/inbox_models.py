"""The tables of the careers team's side: schools, accounts, hand-offs, email and ambassadors.

They share ``Base`` with the knowledge base's tables, so one set of migrations covers
both. The rules about who may see and change what live in ``inbox/``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from knowledge.models import Base

account_school = Table(
    "account_school",
    Base.metadata,
    Column("account_id", ForeignKey("account.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("school.id", ondelete="CASCADE"), primary_key=True),
)


class School(Base):
    """A school whose website shows the widget; its slug is the widget's ``data-school``."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    safeguarding_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # The websites (scheme://host[:port]) allowed to embed the widget for this school.
    allowed_origins: Mapped[list[str]] = mapped_column(JSON, default=list)


class Account(Base):
    """A member of the careers team who logs in: an adviser or an admin."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    schools: Mapped[list[School]] = relationship(secondary=account_school, lazy="selectin")


class LoginSession(Base):
    """A logged-in browser or API client; the token is stored only as its hash."""

    __tablename__ = "login_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)

    account: Mapped[Account] = relationship(lazy="joined")


class PasswordReset(Base):
    """A one-time link an admin makes for someone to set a new password; only its hash is
    kept, and it runs out after a day (inbox/accounts.py)."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    account: Mapped[Account] = relationship(foreign_keys=[account_id], lazy="joined")


class AuditEvent(Base):
    """Who did what in the inbox, for admins (inbox/audit.py). Never a student's words:
    ``target`` is a reference or ``account:<id>``, ``detail`` a few words of our own."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True, index=True
    )
    actor_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str | None] = mapped_column(String(80), nullable=True, index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Handoff(Base):
    """A student's request for a careers adviser, with the conversation that led to it."""

    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), nullable=True, index=True
    )
    school_given: Mapped[str | None] = mapped_column(String(200), nullable=True)
    first_name: Mapped[str] = mapped_column(String(80))
    year_group: Mapped[int] = mapped_column(Integer)
    help_with: Mapped[str] = mapped_column(Text)
    contact_method: Mapped[str] = mapped_column(String(16))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    topics: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    claimed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    outcome: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    school: Mapped[School | None] = relationship(lazy="joined")
    claimed_by: Mapped[Account | None] = relationship(lazy="joined")
    messages: Mapped[list[HandoffMessage]] = relationship(
        cascade="all, delete-orphan", order_by="HandoffMessage.id", lazy="selectin"
    )


class HandoffMessage(Base):
    """A message after the hand-off: an adviser's reply, or the student's words in a live chat."""

    __tablename__ = "handoff_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handoff_id: Mapped[int] = mapped_column(
        ForeignKey("handoff.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(16))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    author_name: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Notification(Base):
    """An email waiting to be sent, or sent; failed sends are retried."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Given up on: the address can never work (shown to admins; other emails go on).
    failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # When admins were told it had waited too long (once per email).
    alarm_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class DeadLetter(Base):
    """An outbox entry (ticket, alert, question, visit) the web service refused again and
    again: shown to admins in the inbox and emailed to them. No student words are kept."""

    __tablename__ = "dead_letter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    queued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    dismissed_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


class SafeguardingAlert(Base):
    """A message that suggested a student may be at risk: urgent, for a person to act on.

    Kept apart from hand-offs: it needs no consent or details from the student, reaches
    the school's safeguarding lead as well as its advisers, and is kept under the
    safeguarding retention period (see docs/safeguarding.md).
    """

    __tablename__ = "safeguarding_alert"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), nullable=True, index=True
    )
    concern: Mapped[str] = mapped_column(String(40))
    # "urgent" (clear risk of harm) or "concern" (worrying but unclear): see safeguarding/.
    grade: Mapped[str] = mapped_column(String(16), default="urgent", server_default="urgent")
    # The words that raised it (contact details removed), shown to the person who acts.
    trigger: Mapped[str] = mapped_column(String(200), default="", server_default="")
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Later worrying messages of the same conversation join its open alert.
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    messages: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Over the school's hourly limit: maybe someone flooding the lead; shown to admins.
    possible_abuse: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )

    school: Mapped[School | None] = relationship(lazy="joined")
    acknowledged_by: Mapped[Account | None] = relationship(lazy="joined")


# --- ambassador mode (inbox/ambassadors.py has the rules) --------------------------------


class AmbassadorInvitation(Base):
    """A one-time link for a young apprentice to join as an ambassador; only its hash is kept."""

    __tablename__ = "ambassador_invitation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )


class AmbassadorProfile(Base):
    """What students may know about an ambassador (the employer's name is never shown)."""

    __tablename__ = "ambassador_profile"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    first_name: Mapped[str] = mapped_column(String(40))
    apprenticeship: Mapped[str] = mapped_column(String(120))
    level: Mapped[int] = mapped_column(Integer)
    employer_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    employer_type: Mapped[str] = mapped_column(String(60))
    sectors: Mapped[list[str]] = mapped_column(JSON)  # knowledge-base sector slugs
    place: Mapped[str] = mapped_column(String(120))  # a knowledge-base place slug

    account: Mapped[Account] = relationship(lazy="joined")


class AmbassadorQuestion(Base):
    """A student's question for an ambassador, sent by the bot (contact details removed)."""

    __tablename__ = "ambassador_question"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), nullable=True, index=True
    )
    sector: Mapped[str] = mapped_column(String(120), index=True)
    place: Mapped[str | None] = mapped_column(String(120), nullable=True)
    occupation: Mapped[str | None] = mapped_column(String(120), nullable=True)
    route: Mapped[str | None] = mapped_column(String(120), nullable=True)
    question: Mapped[str] = mapped_column(Text)  # as the student wrote it (details removed)
    asked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # An adviser checks every question before any ambassador sees it: the wording they
    # pass on (edited to leave out anything personal), or the reason they dropped it.
    checked_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    checked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    checked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    dropped_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    drop_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    school: Mapped[School | None] = relationship(lazy="joined")
    answers: Mapped[list[AmbassadorAnswer]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="AmbassadorAnswer.id",
        lazy="selectin",
    )


class AmbassadorAnswer(Base):
    """An ambassador's answer: ``pending`` until an adviser approves or rejects it."""

    __tablename__ = "ambassador_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("ambassador_question.id", ondelete="CASCADE"), index=True
    )
    ambassador_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True, index=True
    )
    attribution: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)  # as the ambassador wrote it
    approved_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # as students see it
    # The question as published with the answer: neutral wording an adviser wrote or
    # confirmed; the student's own words are never published.
    public_question: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    moderated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    moderated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    question: Mapped[AmbassadorQuestion] = relationship(back_populates="answers", lazy="joined")


class AmbassadorVisit(Base):
    """A student's request for an ambassador to visit their school; the careers team acts."""

    __tablename__ = "ambassador_visit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), nullable=True, index=True
    )
    school_given: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sector: Mapped[str | None] = mapped_column(String(120), nullable=True)
    note: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    school: Mapped[School | None] = relationship(lazy="joined")
    done_by: Mapped[Account | None] = relationship(lazy="joined")
