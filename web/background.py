"""The web service's background work, started and stopped with it (its lifespan):
sending queued emails (web/mail.py) every few seconds, and deleting what is past its time
(privacy/retention.py) every few hours."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError

from privacy.retention import apply_retention
from safeguarding.assess import warm_up
from web.mail import send_emails_now

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def background_work(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings
    warm_up()  # the safety net reads live adviser chats with the same detector
    tasks = [
        asyncio.create_task(_every(settings.mail_retry_seconds, send_emails_now, app)),
        asyncio.create_task(_every(settings.retention_interval_seconds, delete_expired, app)),
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()


async def _every(seconds: float, work: Callable[[FastAPI], object], app: FastAPI) -> None:
    """Run ``work`` every ``seconds``; any error is logged and the loop goes on."""
    while True:
        try:
            await asyncio.to_thread(work, app)
        except Exception:  # noqa: BLE001 - background work must outlive any one failure
            log.exception("Background work %s failed; it runs again shortly", work.__name__)
        await asyncio.sleep(seconds)


def delete_expired(app: FastAPI) -> None:
    """One round of retention; a failure waits for the next round."""
    try:
        with app.state.sessions() as db, db.begin():
            deleted = apply_retention(db, tracker_url=app.state.settings.tracker_database_url)
    except SQLAlchemyError as error:
        log.warning("Retention did not run this round: %s", type(error).__name__)
        return
    log.info(
        "Retention deleted %d conversations, %d hand-offs, %d alerts, %d emails, "
        "%d ambassador questions and visit requests",
        deleted.conversations,
        deleted.handoffs,
        deleted.alerts,
        deleted.emails,
        deleted.ambassador_items,
    )
