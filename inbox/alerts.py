"""Safeguarding alerts: stored once, seen by the school's advisers (admins see all), and
acknowledged by the person who takes them on. Emails go out through ``inbox.notify``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.handoffs import TurnIn
from inbox.schools import school_by_slug
from knowledge.clock import now
from knowledge.inbox_models import Account, SafeguardingAlert

CONCERNS = ("self_harm", "abuse", "unsafe_home", "exploitation", "bullying", "unclear")


class AlertIn(BaseModel):
    """What the action server sends when a message suggests a student may be at risk."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=r"^SG-[A-Z0-9]{6}$")
    conversation_id: str = Field(min_length=1, max_length=64)
    school_slug: str | None = Field(default=None, max_length=80)
    concern: Literal[CONCERNS]  # type: ignore[valid-type]
    transcript: list[TurnIn] = Field(default_factory=list, max_length=400)
    raised_at: dt.datetime


def receive_alert(db: Session, alert: AlertIn) -> tuple[SafeguardingAlert, bool]:
    """Store an alert once (a retried delivery changes nothing); returns it and whether new."""
    existing = db.scalar(
        select(SafeguardingAlert).where(SafeguardingAlert.reference == alert.reference)
    )
    if existing:
        return existing, False
    stored = SafeguardingAlert(
        reference=alert.reference,
        conversation_id=alert.conversation_id,
        school=school_by_slug(db, alert.school_slug),
        concern=alert.concern,
        transcript=[turn.model_dump() for turn in alert.transcript],
        raised_at=alert.raised_at,
        received_at=now(),
    )
    db.add(stored)
    db.flush()
    return stored, True


def alerts_for(db: Session, account: Account) -> list[SafeguardingAlert]:
    """The alerts an account may see, those not yet acknowledged first, newest first."""
    query = select(SafeguardingAlert)
    if account.role != "admin":
        query = query.where(SafeguardingAlert.school_id.in_([s.id for s in account.schools]))
    alerts = db.scalars(query.order_by(SafeguardingAlert.received_at.desc()))
    return sorted(alerts, key=lambda alert: alert.acknowledged_at is not None)


def alert_for(db: Session, account: Account, reference: str) -> SafeguardingAlert | None:
    return next((a for a in alerts_for(db, account) if a.reference == reference), None)


def acknowledge(alert: SafeguardingAlert, account: Account) -> None:
    """Record who has taken the alert on; the first to do so keeps it."""
    if alert.acknowledged_at is None:
        alert.acknowledged_by = account
        alert.acknowledged_at = now()
