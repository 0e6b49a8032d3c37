"""Safeguarding when the bot is not the one answering: while an adviser chats live, or
when the Rasa server is down. The web service then checks the student's message itself
(safeguarding/detect.py), gives the same help the bot would, and raises the alert."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from contract.payloads import TURN_CHARS, AlertIn, TurnIn
from contract.references import new_reference
from inbox.alerts import take_alert
from knowledge.clock import now
from privacy.redact import redact
from safeguarding.assess import assess
from safeguarding.signposting import SERVICES, wording_for
from web.mail import send_emails_now

log = logging.getLogger(__name__)


def help_if_at_risk(app: FastAPI, sender: str, school: str | None, text: str) -> list[dict]:
    """The signposting message, with an alert of its grade raised, or [] if nothing
    suggests risk."""
    found = assess(text)
    if not found.worrying:
        return []
    alert = AlertIn(
        reference=new_reference("SG"),
        conversation_id=sender,
        school_slug=school,
        concern=found.category,
        grade=found.grade,
        trigger=redact(found.words)[:200],
        transcript=[TurnIn(who="student", text=redact(text)[:TURN_CHARS])],
        raised_at=now(),
    )
    _raise(app, alert)
    services = {"services": SERVICES}
    return [{"text": wording_for(found.grade), "custom": {"safeguarding": services}}]


def _raise(app: FastAPI, alert: AlertIn) -> None:
    settings = app.state.settings
    try:
        with app.state.sessions() as db, db.begin():
            take_alert(db, alert, settings.mail.inbox_url, settings.alerts_per_school_hour)
    except SQLAlchemyError as error:  # the student still gets the help
        log.error("Safeguarding alert %s not stored: %s", alert.reference, type(error).__name__)
        return
    send_emails_now(app)
