"""What has gone wrong out of sight, for admins: outbox entries the web service refused
(dead letters), emails given up on or waiting too long, and alerts that may be abuse.

Nothing here holds a student's words: references, times and reasons only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.payloads import DeadLetterIn
from inbox.notify import OVERDUE, notify_dead_letter
from knowledge.clock import now
from knowledge.inbox_models import DeadLetter, Notification, SafeguardingAlert

RECENT = dt.timedelta(days=30)


@dataclass(frozen=True)
class Problems:
    dead_letters: list[DeadLetter]
    failed_emails: list[Notification]
    overdue_emails: list[Notification]
    possible_abuse: list[SafeguardingAlert]

    @property
    def count(self) -> int:
        return sum(map(len, (self.dead_letters, self.failed_emails, self.overdue_emails))) + len(
            self.possible_abuse
        )


def receive_dead_letter(db: Session, report: DeadLetterIn, inbox_url: str) -> bool:
    """Store a dead letter once and email the admins; whether it was new."""
    if db.scalar(select(DeadLetter).where(DeadLetter.reference == report.reference)):
        return False
    letter = DeadLetter(
        reference=report.reference,
        queued_at=report.queued_at,
        attempts=report.attempts,
        last_error=report.last_error,
        received_at=now(),
    )
    db.add(letter)
    db.flush()
    notify_dead_letter(db, letter, inbox_url)
    return True


def problems(db: Session) -> Problems:
    since = now() - RECENT
    return Problems(
        dead_letters=list(
            db.scalars(
                select(DeadLetter)
                .where(DeadLetter.dismissed_at.is_(None))
                .order_by(DeadLetter.received_at.desc())
            )
        ),
        failed_emails=list(
            db.scalars(
                select(Notification)
                .where(Notification.failed_at >= since)
                .order_by(Notification.failed_at.desc())
            )
        ),
        overdue_emails=list(
            db.scalars(
                select(Notification)
                .where(
                    Notification.sent_at.is_(None),
                    Notification.failed_at.is_(None),
                    Notification.created_at < now() - OVERDUE,
                )
                .order_by(Notification.created_at)
            )
        ),
        possible_abuse=list(
            db.scalars(
                select(SafeguardingAlert)
                .where(SafeguardingAlert.possible_abuse.is_(True))
                .where(SafeguardingAlert.received_at >= since)
                .order_by(SafeguardingAlert.received_at.desc())
            )
        ),
    )


def dismiss_dead_letter(db: Session, reference: str) -> bool:
    letter = db.scalar(select(DeadLetter).where(DeadLetter.reference == reference))
    if letter is None:
        return False
    letter.dismissed_at = letter.dismissed_at or now()
    return True
