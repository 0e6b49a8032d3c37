"""One bad email address never stops the others: every address is exactly one valid
address, a failing email is given up on and shown to admins, and an email still waiting
after 15 minutes raises an alarm."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.db import session_factory
from knowledge.inbox_models import Notification
from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.people import HUB

BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
DSL = "dsl@north.example.org"


@pytest.mark.parametrize(
    "address",
    [
        "lead@school.example.org\nBcc: attacker@example.org",
        "lead@school.example.org, other@school.example.org",
        "lead@school.example.org; other@school.example.org",
        "Lead <lead@school.example.org>",
        "not an address",
    ],
)
def test_a_schools_safeguarding_address_is_exactly_one_address(inbox: Inbox, address: str) -> None:
    school = {"slug": "east-school", "name": "East School", "safeguarding_email": address}
    response = inbox.client.post("/api/schools", json=school, headers=inbox.login(HUB))
    assert response.status_code == 422
    assert "email" in response.json()["detail"].lower()


def queue_email(inbox: Inbox, to: str, minutes_ago: int = 0) -> int:
    created = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
    with session_factory(inbox.database_url)() as db, db.begin():
        email = Notification(
            to_address=to, subject="Old email", body="Hello", created_at=created, attempts=0
        )
        db.add(email)
        db.flush()
        return email.id


def raise_alert(inbox: Inbox) -> None:
    alert = {
        "reference": "SG-MAIL0001",
        "conversation_id": "conversation-mail",
        "school_slug": "north-academy",
        "concern": "neglect",
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    assert inbox.client.post("/api/alerts", json=alert, headers=BOT).status_code == 201


def test_a_broken_address_already_queued_does_not_stop_the_alert_email(inbox: Inbox) -> None:
    broken = queue_email(inbox, "lead@school.example.org\r\nBcc: attacker@example.org")
    raise_alert(inbox)
    assert inbox.mailbox.wait_for(DSL, subject="URGENT"), "the lead still hears at once"
    problems = inbox.client.get("/api/problems", headers=inbox.login(HUB)).json()
    assert broken in [e["id"] for e in problems["failed_emails"]], "admins see what failed"
    assert all("attacker" not in (m["To"] or "") for m in inbox.mailbox.messages)


def test_an_email_waiting_more_than_15_minutes_raises_an_alarm(inbox: Inbox) -> None:
    queue_email(inbox, "nobody@", minutes_ago=20)
    alarm = inbox.mailbox.wait_for(HUB, subject="Emails not sent")
    assert "/inbox/admin/problems" in alarm.get_content()
