"""Deleting on schedule what we no longer need (ICO Children's code: keep it short).

- A conversation without a hand-off: its last message plus ``conversation_days`` (30).
- A hand-off, with its messages and its conversation: its last change plus
  ``handoff_days`` (365).
- A safeguarding alert: once a person has acknowledged it, plus ``alert_days`` (90). An
  alert nobody has acknowledged yet is kept: someone must act on it first.
- An email once sent (alert emails hold the conversation): ``conversation_days`` after.
- A question for an apprentice ambassador, or a request for one to visit: its arrival plus
  ``ambassador_days`` (90). An approved answer stays as a knowledge record (no identity).

``python -m privacy retention`` runs it once; the web service runs it every few hours.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inbox import ambassadors
from knowledge.clock import now
from knowledge.inbox_models import Handoff, Notification, SafeguardingAlert
from privacy import conversations
from privacy.erasure import delete_handoffs


def _days(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class RetentionPolicy:
    conversation_days: int = field(
        default_factory=lambda: _days("CAREERS_CONVERSATION_RETENTION_DAYS", 30)
    )
    handoff_days: int = field(default_factory=lambda: _days("CAREERS_HANDOFF_RETENTION_DAYS", 365))
    alert_days: int = field(default_factory=lambda: _days("CAREERS_ALERT_RETENTION_DAYS", 90))
    ambassador_days: int = field(
        default_factory=lambda: _days("CAREERS_AMBASSADOR_RETENTION_DAYS", 90)
    )


@dataclass(frozen=True)
class Deleted:
    conversations: int
    handoffs: int
    alerts: int
    emails: int
    ambassador_items: int


def apply_retention(
    db: Session, policy: RetentionPolicy | None = None, tracker_url: str | None = None
) -> Deleted:
    """Delete everything past its time, in every store. The caller commits ``db``."""
    policy = policy or RetentionPolicy()
    today = now()
    handoffs = _expired_handoffs(db, today - dt.timedelta(days=policy.handoff_days))
    delete_handoffs(db, [h.id for h in handoffs])
    keep = _conversations_still_needed(db)
    with conversations.connect(tracker_url) as connection:
        with connection.begin():
            quiet = conversations.quiet_since(
                connection, today - dt.timedelta(days=policy.conversation_days)
            )
            expired = {h.conversation_id for h in handoffs} | set(quiet)
            conversations.forget(connection, expired - keep)
        conversations.scrub(connection)
    return Deleted(
        conversations=len(expired - keep),
        handoffs=len(handoffs),
        alerts=_delete_acknowledged_alerts(db, today - dt.timedelta(days=policy.alert_days)),
        emails=_delete_sent_emails(db, today - dt.timedelta(days=policy.conversation_days)),
        ambassador_items=ambassadors.delete_received_before(
            db, today - dt.timedelta(days=policy.ambassador_days)
        ),
    )


def _expired_handoffs(db: Session, before: dt.datetime) -> list[Handoff]:
    return list(db.scalars(select(Handoff).where(Handoff.updated_at < before)))


def _conversations_still_needed(db: Session) -> set[str]:
    """Conversations behind a hand-off or an alert that is still kept."""
    handoffs = db.scalars(select(Handoff.conversation_id))
    alerts = db.scalars(select(SafeguardingAlert.conversation_id))
    return {*handoffs, *alerts}


def _delete_acknowledged_alerts(db: Session, before: dt.datetime) -> int:
    done = SafeguardingAlert.acknowledged_at.is_not(None) & (
        SafeguardingAlert.acknowledged_at < before
    )
    return db.execute(delete(SafeguardingAlert).where(done)).rowcount


def _delete_sent_emails(db: Session, before: dt.datetime) -> int:
    sent = Notification.sent_at.is_not(None) & (Notification.sent_at < before)
    return db.execute(delete(Notification).where(sent)).rowcount
