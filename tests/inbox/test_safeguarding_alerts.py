"""Safeguarding alerts reach people at once: the school's safeguarding lead and advisers by
urgent email (a real SMTP server here) and in the inbox, with the conversation."""

from __future__ import annotations

import datetime as dt

from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.people import ADA, BEN, CAL, HUB

DSL = "dsl@north.example.org"
BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def raise_alert(inbox: Inbox, reference: str = "SG-ABC234", **fields) -> dict:
    alert = {
        "reference": reference,
        "conversation_id": "w0123456789abcdef",
        "school_slug": "north-academy",
        "concern": "abuse",
        "transcript": [
            {"who": "student", "text": "what jobs are there in digital?"},
            {"who": "bot", "text": "Jobs in digital include software developer."},
            {"who": "student", "text": "my stepdad hits me"},
        ],
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    alert.update(fields)
    response = inbox.client.post("/api/alerts", json=alert, headers=BOT)
    assert response.status_code == 201, response.text
    return alert


def test_the_safeguarding_lead_and_the_schools_advisers_get_an_urgent_email(inbox: Inbox) -> None:
    alert = raise_alert(inbox)
    for address in (DSL, ADA, BEN):
        message = inbox.mailbox.wait_for(address)
        assert message["Subject"] == f"URGENT safeguarding alert {alert['reference']}"
        body = message.get_content()
        assert "Student: my stepdad hits me" in body, "the conversation comes with it"
        assert f"http://inbox.test/inbox/alerts/{alert['reference']}" in body
    assert all(m["To"] != CAL for m in inbox.mailbox.messages), "not another school's adviser"


def test_an_alert_without_a_known_school_goes_to_the_hubs_admins(inbox: Inbox) -> None:
    raise_alert(inbox, school_slug=None, concern="self_harm")
    message = inbox.mailbox.wait_for(HUB)
    assert "self-harm or suicidal thoughts" in message.get_content()


def test_advisers_see_their_schools_alerts_first_and_acknowledge_them(inbox: Inbox) -> None:
    alert = raise_alert(inbox)
    ada = inbox.login(ADA)
    listed = inbox.client.get("/api/alerts", headers=ada).json()
    assert [a["reference"] for a in listed] == [alert["reference"]]
    assert listed[0]["transcript"][-1]["text"] == "my stepdad hits me"
    done = inbox.client.post(f"/api/alerts/{alert['reference']}/acknowledge", headers=ada)
    assert done.status_code == 200
    assert done.json()["acknowledged_by"] == "Ada"
    ben = inbox.login(BEN)
    again = inbox.client.post(f"/api/alerts/{alert['reference']}/acknowledge", headers=ben)
    assert again.json()["acknowledged_by"] == "Ada", "the first to take it on keeps it"


def test_other_schools_advisers_cannot_see_an_alert(inbox: Inbox) -> None:
    alert = raise_alert(inbox)
    cal = inbox.login(CAL)
    assert inbox.client.get("/api/alerts", headers=cal).json() == []
    assert inbox.client.get(f"/api/alerts/{alert['reference']}", headers=cal).status_code == 404
    hub = inbox.login(HUB)
    assert inbox.client.get(f"/api/alerts/{alert['reference']}", headers=hub).status_code == 200


def test_only_the_bot_raises_alerts_and_a_retry_stores_nothing_twice(inbox: Inbox) -> None:
    alert = raise_alert(inbox)
    assert inbox.client.post("/api/alerts", json=alert).status_code == 401
    adviser = inbox.login(ADA)
    assert inbox.client.post("/api/alerts", json=alert, headers=adviser).status_code == 401
    again = inbox.client.post("/api/alerts", json=alert, headers=BOT)
    assert again.json() == {"reference": alert["reference"], "new": False}
    assert len(inbox.client.get("/api/alerts", headers=inbox.login(HUB)).json()) == 1
    assert inbox.client.get("/api/alerts").status_code == 401


def test_a_disclosure_in_a_live_chat_still_gets_help_and_an_alert(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    sender, reference = ticket["conversation_id"], ticket["reference"]
    inbox.client.post(f"/api/handoffs/{reference}/live", headers=inbox.login(ADA))
    said = inbox.client.post(
        "/api/chat",
        json={
            "sender": sender,
            "message": "i dont want to be here anymore",
            "metadata": {"school": "north-academy"},
        },
    ).json()
    assert said[0]["custom"]["handoff"]["stage"] == "live", "the adviser still gets it"
    assert [s["name"] for s in said[1]["custom"]["safeguarding"]["services"]][0] == "Childline"
    assert "URGENT" in inbox.mailbox.wait_for(DSL)["Subject"]


def test_when_the_bot_is_down_a_disclosure_still_gets_help_and_an_alert(inbox: Inbox) -> None:
    said = inbox.client.post(
        "/api/chat", json={"sender": "wbotdown0001", "message": "my dad hits me"}
    )
    assert said.status_code == 200, "not the 'try again later' the widget would retry"
    assert "0800 1111" in said.json()[0]["text"]
    assert inbox.mailbox.wait_for(HUB)["Subject"].startswith("URGENT safeguarding alert SG-")
    ordinary = inbox.client.post("/api/chat", json={"sender": "wbotdown0002", "message": "hi"})
    assert ordinary.status_code == 503
