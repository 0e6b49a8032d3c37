"""Safeguarding alerts over HTTP: the bot raises them; advisers and admins read and
acknowledge them. Emails go out at once, and are retried until sent."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from contract.payloads import AlertIn
from inbox import alerts
from inbox.alerts import take_alert
from knowledge.inbox_models import SafeguardingAlert
from safeguarding.categories import words_for
from web.audit import audited
from web.auth import Caller, bot_service, caller
from web.database import DB
from web.mail import send_emails_now

router = APIRouter(prefix="/api/alerts", tags=["safeguarding"])


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    reference: str
    concern: str
    concern_words: str
    grade: str  # "urgent" or "concern"
    trigger: str  # the words that raised it (contact details removed)
    messages: int  # worrying messages in this conversation's alert
    possible_abuse: bool  # past the school's hourly limit
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
            concern_words=words_for(alert.concern),
            grade=alert.grade,
            trigger=alert.trigger,
            messages=alert.messages,
            possible_abuse=alert.possible_abuse,
            school=alert.school.name if alert.school else None,
            raised_at=alert.raised_at,
            acknowledged_by=alert.acknowledged_by.display_name if alert.acknowledged_by else None,
            acknowledged_at=alert.acknowledged_at,
            transcript=alert.transcript,
        )


@router.post("", status_code=201, dependencies=[Depends(bot_service)])
def raise_alert(alert: AlertIn, request: Request, later: BackgroundTasks, db: Session = DB) -> dict:
    """For the bot: store an alert (idempotent by reference; joined to the conversation's
    open alert) and email the people to act. 409 if the reference is another's."""
    settings = request.app.state.settings
    received = take_alert(db, alert, settings.mail.inbox_url, settings.alerts_per_school_hour)
    later.add_task(send_emails_now, request.app)
    return {"reference": received.alert.reference, "new": received.is_new}


@router.get("", response_model=list[AlertOut])
def list_alerts(found: Caller = Depends(caller), db: Session = DB) -> list[AlertOut]:
    return [AlertOut.of(alert) for alert in alerts.alerts_for(db, found.account)]


@router.get("/{reference}", response_model=AlertOut)
def read_alert(reference: str, found: Caller = Depends(caller), db: Session = DB) -> AlertOut:
    return AlertOut.of(_alert_or_404(db, found, reference))


@router.post("/{reference}/acknowledge", response_model=AlertOut)
def acknowledge_alert(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> AlertOut:
    alert = _alert_or_404(db, found, reference)
    alerts.acknowledge(alert, found.account)
    audited(request, db, found.account, "alert_acknowledge", alert.reference)
    return AlertOut.of(alert)


def _alert_or_404(db: Session, found: Caller, reference: str) -> SafeguardingAlert:
    alert = alerts.alert_for(db, found.account, reference)
    if alert is None:
        raise HTTPException(status_code=404, detail="There's no alert with that reference here.")
    return alert
