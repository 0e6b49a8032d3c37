"""Sending the careers team's queued emails: at once after a new hand-off or alert, and
from web/background.py's loop, which retries whatever could not be sent."""

from __future__ import annotations

import logging
import threading

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from inbox.notify import raise_overdue_alarms, send_pending

log = logging.getLogger(__name__)
# One sender at a time in this process, so an email is never sent twice.
_sending = threading.Lock()


def send_emails_now(app: FastAPI) -> int:
    """One round: raise alarms for overdue emails, then send what is queued."""
    try:
        with _sending, app.state.sessions() as db, db.begin():
            raise_overdue_alarms(db, app.state.settings.mail.inbox_url)
            return send_pending(db, app.state.settings.mail)
    except SQLAlchemyError as error:
        log.warning("Emails not sent this round: %s", type(error).__name__)
        return 0
