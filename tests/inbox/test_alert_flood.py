"""Nobody can flood a school's safeguarding lead, and no real disclosure is ever dropped:
one open alert per conversation, and past a school's hourly limit one summary email, with
every alert still stored and the extra ones flagged to admins as possible abuse."""

from __future__ import annotations

import datetime as dt
import time

from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.people import ADA, HUB

DSL = "dsl@north.example.org"
BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def send_alert(inbox: Inbox, reference: str, conversation: str, **fields) -> dict:
    alert = {
        "reference": reference,
        "conversation_id": conversation,
        "school_slug": "north-academy",
        "concern": "physical-abuse",
        "grade": "urgent",
        "trigger": "my stepdad hits me",
        "transcript": [{"who": "student", "text": "my stepdad hits me"}],
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    alert.update(fields)
    response = inbox.client.post("/api/alerts", json=alert, headers=BOT)
    assert response.status_code == 201, response.text
    return response.json()


def emails_to(inbox: Inbox, address: str, subject: str) -> list:
    time.sleep(1.5)  # the send loop runs every half second here
    return [m for m in inbox.mailbox.messages if m["To"] == address and subject in m["Subject"]]


def test_later_messages_of_a_conversation_join_its_open_alert(inbox: Inbox) -> None:
    first = send_alert(inbox, "SG-FLOOD001", "conversation-a", grade="concern")
    again = send_alert(
        inbox,
        "SG-FLOOD002",
        "conversation-a",
        trigger="i want to die",
        transcript=[
            {"who": "student", "text": "my stepdad hits me"},
            {"who": "student", "text": "i want to die"},
        ],
    )
    assert again == {"reference": first["reference"], "new": False}
    listed = inbox.client.get("/api/alerts", headers=inbox.login(ADA)).json()
    assert len(listed) == 1, "one alert for the conversation"
    alert = listed[0]
    assert alert["messages"] == 2
    assert alert["grade"] == "urgent", "a later urgent message raises the alert"
    assert "i want to die" in alert["trigger"]
    assert [t["text"] for t in alert["transcript"]][-1] == "i want to die"
    assert len(emails_to(inbox, DSL, "Safeguarding concern")) == 1
    assert len(emails_to(inbox, DSL, "URGENT")) == 1, "the rise to urgent is emailed once"


def test_past_the_hourly_limit_one_summary_replaces_the_emails(inbox: Inbox) -> None:
    for number in range(8):
        send_alert(inbox, f"SG-LIMIT{number:03d}", f"conversation-{number}")
    urgent = emails_to(inbox, DSL, "URGENT safeguarding alert")
    summaries = emails_to(inbox, DSL, "Safeguarding alerts: more than usual")
    assert len(urgent) == 5, "the first five alerts of the hour are emailed one by one"
    assert len(summaries) == 1, "then one summary, not one email per alert"
    assert emails_to(inbox, HUB, "Safeguarding alerts: more than usual"), "admins are told"
    listed = inbox.client.get("/api/alerts", headers=inbox.login(ADA)).json()
    assert len(listed) == 8, "every alert is stored and shown: none is dropped"
    assert sum(a["possible_abuse"] for a in listed) == 3
    problems = inbox.client.get("/api/problems", headers=inbox.login(HUB)).json()
    assert len(problems["possible_abuse"]) == 3, "admins see the flag"


def test_a_reference_held_by_another_conversation_is_refused_not_merged(inbox: Inbox) -> None:
    send_alert(inbox, "SG-TAKEN001", "conversation-x")
    alert = {
        "reference": "SG-TAKEN001",
        "conversation_id": "conversation-y",
        "concern": "neglect",
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    response = inbox.client.post("/api/alerts", json=alert, headers=BOT)
    assert response.status_code == 409
