"""Safeguarding alerts over HTTP: the bot raises them; advisers and admins read and
acknowledge them. Emails go out at once, and are retried until sent."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from inbox import alerts
from inbox.alerts import AlertIn
from inbox.notify import CONCERN_WORDS, notify_safeguarding_alert
from knowledge.inbox_models import SafeguardingAlert
from web.auth import Caller, bot_service, caller
from web.database import DB
from web.mail import send_emails_now

router = APIRouter(prefix="/api/alerts", tags=["safeguarding"])


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    reference: str
    concern: str
    concern_words: str
    school: str | None
    raised_at: dt.datetime
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None
    transcript: list[dict[str, str]]

    @classmethod
    def of(cls, alert: SafeguardingAlert) -> AlertOut:
        return cls(
            reference=alert.reference,
            concern=alert.concern,
            concern_words=CONCERN_WORDS[alert.concern],
            school=alert.school.name if alert.school else None,
            raised_at=alert.raised_at,
            acknowledged_by=alert.acknowledged_by.display_name if alert.acknowledged_by else None,
            acknowledged_at=alert.acknowledged_at,
            transcript=alert.transcript,
        )


@router.post("", status_code=201, dependencies=[Depends(bot_service)])
def raise_alert(alert: AlertIn, request: Request, later: BackgroundTasks, db: Session = DB) -> dict:
    """For the bot: store an alert (idempotent by reference) and email the people to act."""
    stored, is_new = alerts.receive_alert(db, alert)
    if is_new:
        notify_safeguarding_alert(db, stored, request.app.state.settings.mail.inbox_url)
        later.add_task(send_emails_now, request.app)
    return {"reference": stored.reference, "new": is_new}


@router.get("", response_model=list[AlertOut])
def list_alerts(found: Caller = Depends(caller), db: Session = DB) -> list[AlertOut]:
    return [AlertOut.of(alert) for alert in alerts.alerts_for(db, found.account)]


@router.get("/{reference}", response_model=AlertOut)
def read_alert(reference: str, found: Caller = Depends(caller), db: Session = DB) -> AlertOut:
    return AlertOut.of(_alert_or_404(db, found, reference))


@router.post("/{reference}/acknowledge", response_model=AlertOut)
def acknowledge_alert(
    reference: str, found: Caller = Depends(caller), db: Session = DB
) -> AlertOut:
    alert = _alert_or_404(db, found, reference)
    alerts.acknowledge(alert, found.account)
    return AlertOut.of(alert)


def _alert_or_404(db: Session, found: Caller, reference: str) -> SafeguardingAlert:
    alert = alerts.alert_for(db, found.account, reference)
    if alert is None:
        raise HTTPException(status_code=404, detail="There's no alert with that reference here.")
    return alert
