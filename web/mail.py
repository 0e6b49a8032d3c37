"""Sending the careers team's queued emails: at once after a new hand-off, and in a loop
that retries whatever could not be sent."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from inbox.notify import send_pending

log = logging.getLogger(__name__)
# One sender at a time in this process, so an email is never sent twice.
_sending = threading.Lock()


def send_emails_now(app: FastAPI) -> int:
    try:
        with _sending, app.state.sessions() as db, db.begin():
            return send_pending(db, app.state.settings.mail)
    except SQLAlchemyError as error:
        log.warning("Emails not sent this round: %s", type(error).__name__)
        return 0


@contextlib.asynccontextmanager
async def retry_emails_in_background(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: a task that sends queued emails every few seconds."""
    task = asyncio.create_task(_email_loop(app))
    try:
        yield
    finally:
        task.cancel()


async def _email_loop(app: FastAPI) -> None:
    while True:
        await asyncio.to_thread(send_emails_now, app)
        await asyncio.sleep(app.state.settings.mail_retry_seconds)
