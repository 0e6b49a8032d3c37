"""Safeguarding alerts: stored, seen by the school's advisers (admins see all), and
acknowledged by the person who takes them on. Emails go out through ``inbox.notify``.

A real disclosure is never dropped, but nobody can flood a safeguarding lead either:
- a conversation has at most one open (unacknowledged) alert; later worrying messages
  join it, and only a rise from *concern* to *urgent* sends another email;
- a school gets at most ``per_school_hour`` alert emails an hour; past that, each new
  alert is still stored and shown, marked "possible abuse" for admins, and one summary
  email an hour tells the lead and admins how many more have come in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contract.payloads import AlertIn
from contract.references import same_conversation
from inbox.notify import notify_alert_summary, notify_safeguarding_alert
from inbox.schools import school_by_slug
from knowledge.clock import now
from knowledge.inbox_models import Account, SafeguardingAlert

HOUR = dt.timedelta(hours=1)
DEFAULT_ALERTS_PER_SCHOOL_HOUR = 5


@dataclass(frozen=True)
class Received:
    alert: SafeguardingAlert
    is_new: bool  # a new alert (not a repeat delivery, not joined to an open one)
    joined: bool = False  # added to the conversation's open alert
    now_urgent: bool = False  # joined, and raised it from concern to urgent
    over_limit: bool = False  # past the school's hourly limit


def take_alert(
    db: Session,
    alert: AlertIn,
    inbox_url: str,
    per_school_hour: int = DEFAULT_ALERTS_PER_SCHOOL_HOUR,
) -> Received:
    """Store an alert and queue the emails it calls for (see the module's docstring)."""
    received = receive_alert(db, alert, per_school_hour)
    if received.over_limit:
        notify_alert_summary(db, received.alert, alerts_in_last_hour(db, received.alert), inbox_url)
    elif received.is_new or received.now_urgent:
        notify_safeguarding_alert(db, received.alert, inbox_url)
    return received


def receive_alert(
    db: Session, alert: AlertIn, per_school_hour: int = DEFAULT_ALERTS_PER_SCHOOL_HOUR
) -> Received:
    """Store an alert once (a repeat delivery changes nothing), or join it to the
    conversation's open alert."""
    existing = db.scalar(
        select(SafeguardingAlert).where(SafeguardingAlert.reference == alert.reference)
    )
    if existing:
        same_conversation(existing.conversation_id, alert.conversation_id, alert.reference)
        return Received(existing, is_new=False)
    open_alert = _open_alert_of(db, alert.conversation_id)
    if open_alert is not None:
        return _join(open_alert, alert)
    stored = SafeguardingAlert(
        reference=alert.reference,
        conversation_id=alert.conversation_id,
        school=school_by_slug(db, alert.school_slug),
        concern=alert.concern,
        grade=alert.grade,
        trigger=alert.trigger,
        transcript=[turn.model_dump() for turn in alert.transcript],
        raised_at=alert.raised_at,
        received_at=now(),
        messages=1,
    )
    stored.possible_abuse = alerts_in_last_hour(db, stored) >= per_school_hour
    db.add(stored)
    db.flush()
    return Received(stored, is_new=True, over_limit=stored.possible_abuse)


def _open_alert_of(db: Session, conversation_id: str) -> SafeguardingAlert | None:
    return db.scalar(
        select(SafeguardingAlert)
        .where(
            SafeguardingAlert.conversation_id == conversation_id,
            SafeguardingAlert.acknowledged_at.is_(None),
        )
        .order_by(SafeguardingAlert.received_at.desc())
        .limit(1)
    )


def _join(open_alert: SafeguardingAlert, alert: AlertIn) -> Received:
    """Add a later message's alert to the open one; urgent wins over concern."""
    raised = open_alert.grade != "urgent" and alert.grade == "urgent"
    if raised:
        open_alert.grade, open_alert.concern = "urgent", alert.concern
    if alert.trigger and alert.trigger not in open_alert.trigger:
        open_alert.trigger = "; ".join(filter(None, [open_alert.trigger, alert.trigger]))[:200]
    if len(alert.transcript) >= len(open_alert.transcript):
        open_alert.transcript = [turn.model_dump() for turn in alert.transcript]
    open_alert.messages += 1
    open_alert.updated_at = now()
    return Received(open_alert, is_new=False, joined=True, now_urgent=raised)


def alerts_in_last_hour(db: Session, alert: SafeguardingAlert) -> int:
    """How many alerts the alert's school (or no school) has had in the last hour."""
    school = (
        SafeguardingAlert.school_id.is_(None)
        if alert.school is None
        else SafeguardingAlert.school_id == alert.school.id
    )
    since = now() - HOUR
    return (
        db.scalar(
            select(func.count())
            .select_from(SafeguardingAlert)
            .where(school, SafeguardingAlert.received_at >= since)
        )
        or 0
    )


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
