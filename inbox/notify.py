"""Email to the careers team: queued in the database, then sent over SMTP, retried until sent.

With no SMTP server configured (the embedded default), emails are written as files to a
folder instead, so nothing is lost and a developer can read them.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.emails import is_one_address
from knowledge.clock import now
from knowledge.inbox_models import (
    Account,
    AmbassadorVisit,
    DeadLetter,
    Handoff,
    Notification,
    SafeguardingAlert,
)
from safeguarding.categories import words_for

log = logging.getLogger(__name__)
EMAILS_PER_ROUND = 50
MAX_ATTEMPTS = 20
REFUSED_ATTEMPTS = 3  # the server refused the address itself: it will not start working
OVERDUE = dt.timedelta(minutes=15)
ALARM_SUBJECT = "Emails not sent: "


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


SUMMARY_SUBJECT = "Safeguarding alerts: more than usual at "


def notify_safeguarding_alert(db: Session, alert: SafeguardingAlert, inbox_url: str) -> int:
    """Queue an email, with the conversation, to the school's safeguarding lead and
    advisers (admins when the school is not known): URGENT for clear risk of harm, a
    non-urgent note for a concern."""
    urgent = alert.grade == "urgent"
    where = alert.school.name if alert.school else "a school we could not identify"
    opening = (
        f"URGENT. A student at {where} wrote something in the careers chat that suggests "
        f"{words_for(alert.concern)}."
        if urgent
        else f"Not urgent, but please look at this. A student at {where} wrote something "
        f"in the careers chat that may suggest {words_for(alert.concern)}."
    )
    body = (
        f"{opening} The bot gave them Childline, Samaritans and Shout (and 999 in an "
        "emergency), and encouraged them to speak to a trusted adult or the designated "
        "safeguarding lead. Please follow your safeguarding procedure.\n\n"
        f"What raised it: {alert.trigger or 'the classifier'}\n"
        f"Reference: {alert.reference}\nRaised at: {alert.raised_at:%d %B %Y %H:%M} (UTC)\n"
        f"Acknowledge it in the inbox: {inbox_url}/inbox/alerts/{alert.reference}\n\n"
        f"The conversation (contact details removed):\n{_conversation(alert)}\n"
    )
    subject = (
        f"URGENT safeguarding alert {alert.reference}"
        if urgent
        else f"Safeguarding concern (not urgent) {alert.reference}"
    )
    return _queue(db, _safeguarding_recipients(db, alert), subject, body)


def notify_alert_summary(
    db: Session, alert: SafeguardingAlert, in_last_hour: int, inbox_url: str
) -> int:
    """Past a school's hourly limit: at most one summary email an hour, to the lead, the
    school's advisers and every admin, instead of one email per alert."""
    where = alert.school.name if alert.school else "no known school"
    subject = f"{SUMMARY_SUBJECT}{where}"
    since = now() - dt.timedelta(hours=1)
    already = db.scalar(
        select(Notification.id).where(
            Notification.subject == subject, Notification.created_at >= since
        )
    )
    if already:
        return 0
    body = (
        f"{in_last_hour + 1} safeguarding alerts have come in for {where} in the last hour, "
        "more than usual. Each one is stored and shown in the inbox, and any of them may be "
        "real: please look at every one. Alerts past the limit are marked 'possible abuse' "
        "for admins, in case someone is sending them on purpose.\n\n"
        f"The alerts: {inbox_url}/inbox\n"
    )
    recipients = sorted({*_safeguarding_recipients(db, alert), *_advisers_of(db, None)})
    return _queue(db, recipients, subject, body)


def notify_dead_letter(db: Session, letter: DeadLetter, inbox_url: str) -> int:
    """Tell every admin that something the bot sent was refused for good."""
    what = {
        "NE": "a hand-off ticket",
        "SG": "a safeguarding alert",
        "AQ": "a question for an ambassador",
        "AV": "a visit request",
    }.get(letter.reference[:2], "something")
    body = (
        f"The bot could not deliver {what}, reference {letter.reference}: the web service "
        f"refused it {letter.attempts} times ({letter.last_error}). It was queued at "
        f"{letter.queued_at:%d %B %Y %H:%M} (UTC). A safeguarding alert is still delivered "
        "in its shortest form when it can be. Please look at it now.\n\n"
        f"See it in the inbox: {inbox_url}/inbox/admin/problems\n"
    )
    return _queue(db, _advisers_of(db, None), f"Not delivered: {letter.reference}", body)


def _safeguarding_recipients(db: Session, alert: SafeguardingAlert) -> list[str]:
    recipients = _advisers_of(db, alert.school_id)
    if alert.school and alert.school.safeguarding_email:
        recipients = sorted({alert.school.safeguarding_email, *recipients})
    return recipients


def _conversation(alert: SafeguardingAlert) -> str:
    return "\n".join(
        f"{'Student' if turn['who'] == 'student' else 'Bot'}: {turn['text']}"
        for turn in alert.transcript
    )


def _queue(db: Session, recipients: list[str], subject: str, body: str) -> int:
    """Queue one email per recipient; every one is kept, even to an address that cannot
    work (the send loop gives up on it and shows it to admins rather than losing it)."""
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
    """Try to send every queued email; returns how many went.

    Each email is tried on its own: one that fails (a refused or malformed address, a
    server error) never stops the others. A failure is retried on later rounds; an
    address that can never work, or an email that failed ``MAX_ATTEMPTS`` times, is given
    up on and shown to admins (``problems``)."""
    pending = db.scalars(
        select(Notification)
        .where(Notification.sent_at.is_(None), Notification.failed_at.is_(None))
        .order_by(Notification.id)
        .limit(EMAILS_PER_ROUND)
    )
    sent = 0
    for notification in pending:
        if not is_one_address(notification.to_address):
            _give_up(notification, "not exactly one valid email address")
            continue
        notification.attempts += 1
        try:
            _deliver(_as_email(notification, settings.sender), settings)
        except Exception as error:  # noqa: BLE001 - one email never stops the rest
            _failed(notification, error)
            continue
        notification.sent_at = now()
        notification.last_error = None
        sent += 1
    return sent


def _failed(notification: Notification, error: Exception) -> None:
    notification.last_error = type(error).__name__
    log.warning("Email %s not sent (%s)", notification.id, type(error).__name__)
    refused = isinstance(error, smtplib.SMTPRecipientsRefused)
    if notification.attempts >= (REFUSED_ATTEMPTS if refused else MAX_ATTEMPTS):
        _give_up(notification, f"failed {notification.attempts} times: {type(error).__name__}")


def _give_up(notification: Notification, why: str) -> None:
    notification.failed_at = now()
    notification.last_error = why[:200]
    log.error("Email %s given up: %s", notification.id, why)


def raise_overdue_alarms(db: Session, inbox_url: str) -> int:
    """Tell the admins, once per email, about emails still waiting after ``OVERDUE``
    (shown in the inbox's problems page too); returns how many were new."""
    overdue = list(
        db.scalars(
            select(Notification).where(
                Notification.sent_at.is_(None),
                Notification.alarm_at.is_(None),
                Notification.created_at < now() - OVERDUE,
                Notification.subject.not_like(f"{ALARM_SUBJECT}%"),
            )
        )
    )
    for notification in overdue:
        notification.alarm_at = now()
    if overdue:
        body = (
            f"{len(overdue)} email(s) to the careers team have waited more than "
            f"{OVERDUE.seconds // 60} minutes, or could not be sent at all. Some may be "
            "safeguarding alerts: please check them now.\n\n"
            f"See them in the inbox: {inbox_url}/inbox/admin/problems\n"
        )
        _queue(db, _advisers_of(db, None), f"{ALARM_SUBJECT}{len(overdue)} waiting", body)
    return len(overdue)


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
