"""Email to the careers team: queued in the database, then sent over SMTP, retried until sent.

With no SMTP server configured (the embedded default), emails are written as files to a
folder instead, so nothing is lost and a developer can read them.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.clock import now
from knowledge.inbox_models import (
    Account,
    AmbassadorVisit,
    Handoff,
    Notification,
    SafeguardingAlert,
)

log = logging.getLogger(__name__)
EMAILS_PER_ROUND = 50


@dataclass(frozen=True)
class MailSettings:
    sender: str
    smtp_host: str | None
    smtp_port: int
    drop_folder: Path
    inbox_url: str


def notify_new_handoff(db: Session, handoff: Handoff, inbox_url: str) -> int:
    """Queue an email to each adviser of the ticket's school (admins when it has none)."""
    recipients = _advisers_of(db, handoff.school_id if handoff.school else None)
    where = handoff.school.name if handoff.school else "a school we could not match"
    body = (
        f"A student in year {handoff.year_group} at {where} has asked to talk to a "
        f"careers adviser.\n\nReference: {handoff.reference}\n"
        f"Read it in the inbox: {inbox_url}/inbox/handoffs/{handoff.reference}\n\n"
        "For the student's privacy, their details are only in the inbox."
    )
    return _queue(db, recipients, f"New hand-off {handoff.reference}", body)


def notify_visit_request(db: Session, visit: AmbassadorVisit, inbox_url: str) -> int:
    """Queue an email to each adviser of the school a student would like an ambassador to
    visit (admins when the school is not known). No details of the student."""
    recipients = _advisers_of(db, visit.school_id if visit.school else None)
    where = visit.school.name if visit.school else "a school we could not match"
    body = (
        f"A student at {where} would like an apprentice ambassador to visit their school.\n\n"
        f"Reference: {visit.reference}\n"
        f"See it in the inbox: {inbox_url}/inbox/ambassadors#visits\n\n"
        "For the student's privacy, the request is only in the inbox."
    )
    return _queue(db, recipients, f"Ambassador visit request {visit.reference}", body)


CONCERN_WORDS = {
    "self_harm": "self-harm or suicidal thoughts",
    "abuse": "abuse or neglect",
    "unsafe_home": "being unsafe at home",
    "exploitation": "exploitation",
    "bullying": "severe bullying",
    "unclear": "a possible risk of harm",
}


def notify_safeguarding_alert(db: Session, alert: SafeguardingAlert, inbox_url: str) -> int:
    """Queue an URGENT email, with the conversation, to the school's safeguarding lead and
    advisers (admins when the school is not known)."""
    recipients = _advisers_of(db, alert.school_id)
    if alert.school and alert.school.safeguarding_email:
        recipients = sorted({alert.school.safeguarding_email, *recipients})
    where = alert.school.name if alert.school else "a school we could not identify"
    conversation = "\n".join(
        f"{'Student' if turn['who'] == 'student' else 'Bot'}: {turn['text']}"
        for turn in alert.transcript
    )
    body = (
        f"URGENT. A student at {where} wrote something in the careers chat that suggests "
        f"{CONCERN_WORDS[alert.concern]}. The bot gave them Childline, Samaritans, Shout and "
        "999, and told them to speak to a trusted adult or the designated safeguarding "
        "lead. Please follow your safeguarding procedure now.\n\n"
        f"Reference: {alert.reference}\nRaised at: {alert.raised_at:%d %B %Y %H:%M} (UTC)\n"
        f"Acknowledge it in the inbox: {inbox_url}/inbox/alerts/{alert.reference}\n\n"
        f"The conversation (contact details removed):\n{conversation}\n"
    )
    return _queue(db, recipients, f"URGENT safeguarding alert {alert.reference}", body)


def _queue(db: Session, recipients: list[str], subject: str, body: str) -> int:
    for address in recipients:
        db.add(
            Notification(
                to_address=address, subject=subject, body=body, created_at=now(), attempts=0
            )
        )
    return len(recipients)


def _advisers_of(db: Session, school_id: int | None) -> list[str]:
    """The active advisers of a school, or every active admin when there is no school."""
    accounts = db.scalars(select(Account).where(Account.active.is_(True)))
    if school_id is None:
        return sorted(a.email for a in accounts if a.role == "admin")
    return sorted(a.email for a in accounts if any(s.id == school_id for s in a.schools))


def send_pending(db: Session, settings: MailSettings) -> int:
    """Try to send every queued email; returns how many went. Failures stay queued."""
    pending = db.scalars(
        select(Notification)
        .where(Notification.sent_at.is_(None))
        .order_by(Notification.id)
        .limit(EMAILS_PER_ROUND)
    )
    sent = 0
    for notification in pending:
        notification.attempts += 1
        try:
            _deliver(_as_email(notification, settings.sender), settings)
        except (OSError, smtplib.SMTPException) as error:
            notification.last_error = type(error).__name__
            log.warning(
                "Email %s not sent yet (%s); will retry", notification.id, type(error).__name__
            )
            continue
        notification.sent_at = now()
        notification.last_error = None
        sent += 1
    return sent


def _as_email(notification: Notification, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notification.to_address
    message["Subject"] = notification.subject
    message.set_content(notification.body)
    return message


def _deliver(message: EmailMessage, settings: MailSettings) -> None:
    if settings.smtp_host is None:
        settings.drop_folder.mkdir(parents=True, exist_ok=True)
        name = f"{now():%Y%m%dT%H%M%S%f}-{message['To']}.eml"
        (settings.drop_folder / name).write_bytes(bytes(message))
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(message)
