"""Safeguarding when the bot is not the one answering: while an adviser chats live, or
when the Rasa server is down. The web service then checks the student's message itself
(safeguarding/detect.py), gives the same help the bot would, and raises the alert."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from inbox.alerts import AlertIn, receive_alert
from inbox.notify import notify_safeguarding_alert
from inbox.references import new_reference
from knowledge.clock import now
from privacy.redact import redact
from safeguarding.detect import concern_in
from safeguarding.signposting import SERVICES, SIGNPOSTING
from web.mail import send_emails_now

log = logging.getLogger(__name__)


def help_if_at_risk(app: FastAPI, sender: str, school: str | None, text: str) -> list[dict]:
    """The signposting message, with an urgent alert raised, or [] if nothing suggests risk."""
    found = concern_in(text)
    if found is None:
        return []
    alert = AlertIn(
        reference=new_reference("SG"),
        conversation_id=sender,
        school_slug=school,
        concern=found.category,
        transcript=[{"who": "student", "text": redact(text)}],
        raised_at=now(),
    )
    _raise(app, alert)
    return [{"text": SIGNPOSTING, "custom": {"safeguarding": {"services": SERVICES}}}]


def _raise(app: FastAPI, alert: AlertIn) -> None:
    settings = app.state.settings
    try:
        with app.state.sessions() as db, db.begin():
            stored, _ = receive_alert(db, alert)
            notify_safeguarding_alert(db, stored, settings.mail.inbox_url)
    except SQLAlchemyError as error:  # the student still gets the help
        log.error("Safeguarding alert %s not stored: %s", alert.reference, type(error).__name__)
        return
    send_emails_now(app)
