"""The adviser inbox's JSON API: who may see what, and a ticket's life from new to closed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from knowledge.db import session_factory
from knowledge.inbox_models import Account, Handoff
from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.people import ADA, BEN, CAL, HUB, PASSWORD


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/handoffs"),
        ("GET", "/api/handoffs/NE-T00001"),
        ("POST", "/api/handoffs/NE-T00001/claim"),
        ("POST", "/api/handoffs/NE-T00001/close"),
        ("POST", "/api/handoffs/NE-T00001/live"),
        ("GET", "/api/accounts"),
        ("GET", "/api/schools"),
    ],
)
def test_an_anonymous_request_gets_401(inbox: Inbox, method: str, path: str) -> None:
    response = inbox.client.request(method, path)
    assert response.status_code == 401
    assert response.json()["detail"] == "Please log in."


def test_only_the_bot_can_create_tickets(inbox: Inbox) -> None:
    ticket = {"reference": "NE-XXXXXX"}
    assert inbox.client.post("/api/handoffs", json=ticket).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token"}
    assert inbox.client.post("/api/handoffs", json=ticket, headers=wrong).status_code == 401
    adviser = inbox.login(ADA)
    assert inbox.client.post("/api/handoffs", json=ticket, headers=adviser).status_code == 401


def test_a_ticket_sent_twice_is_stored_once(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    again = inbox.client.post(
        "/api/handoffs", json=ticket, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
    )
    assert again.json() == {"reference": ticket["reference"], "new": False}
    with session_factory(inbox.database_url)() as db:
        stored = db.scalars(select(Handoff).where(Handoff.reference == ticket["reference"]))
        assert len(list(stored)) == 1


def test_an_adviser_cannot_read_another_schools_tickets(inbox: Inbox) -> None:
    ticket = inbox.as_bot(school_slug="north-academy")
    cal = inbox.login(CAL)
    assert inbox.client.get("/api/handoffs", headers=cal).json() == []
    for method, suffix in [("GET", ""), ("POST", "/claim"), ("POST", "/close")]:
        response = inbox.client.request(
            method, f"/api/handoffs/{ticket['reference']}{suffix}", headers=cal
        )
        assert response.status_code == 404
    ada = inbox.login(ADA)
    listed = inbox.client.get("/api/handoffs", headers=ada).json()
    assert [h["reference"] for h in listed] == [ticket["reference"]]


def test_a_school_typed_by_the_student_is_matched_or_goes_to_admins(inbox: Inbox) -> None:
    matched = inbox.as_bot(school_slug=None, school_given="south sixth form")
    unmatched = inbox.as_bot(school_slug=None, school_given="Somewhere Else High")
    cal_sees = [
        h["reference"] for h in inbox.client.get("/api/handoffs", headers=inbox.login(CAL)).json()
    ]
    assert cal_sees == [matched["reference"]]
    hub_sees = {
        h["reference"] for h in inbox.client.get("/api/handoffs", headers=inbox.login(HUB)).json()
    }
    assert unmatched["reference"] in hub_sees


def test_claim_reply_outcome_close_and_the_student_reads_the_reply(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    reference, ada = ticket["reference"], inbox.login(ADA)
    path = f"/api/handoffs/{reference}"

    detail = inbox.client.get(path, headers=ada).json()
    assert detail["status"] == "new"
    assert detail["transcript"][0] == {"who": "student", "text": "i failed maths what now"}
    assert detail["topics"][0]["title"] == "Apprenticeships"

    assert inbox.client.post(f"{path}/claim", headers=ada).json()["claimed_by"] == "Ada"
    ben_tries = inbox.client.post(f"{path}/claim", headers=inbox.login(BEN))
    assert ben_tries.status_code == 409
    assert "Ada has already claimed" in ben_tries.json()["detail"]

    reply = "Hi Sam, resits are common. Let's talk about your options."
    assert (
        inbox.client.post(f"{path}/replies", json={"text": reply}, headers=ada).status_code == 201
    )
    assert inbox.client.get(path, headers=ada).json()["status"] == "replied"

    updates = inbox.client.post(
        "/api/chat/updates", json={"sender": ticket["conversation_id"]}
    ).json()
    assert updates["handoffs"] == [{"reference": reference, "stage": "created"}]
    assert [(m["author"], m["author_name"], m["text"]) for m in updates["messages"]] == [
        ("adviser", "Ada", reply)
    ]
    newer = inbox.client.post(
        "/api/chat/updates",
        json={"sender": ticket["conversation_id"], "after": updates["messages"][-1]["id"]},
    ).json()
    assert newer["messages"] == []

    outcome = {"text": "Booked a resit plan meeting."}
    assert (
        inbox.client.put(f"{path}/outcome", json=outcome, headers=ada).json()["outcome"]
        == outcome["text"]
    )
    assert inbox.client.post(f"{path}/close", headers=ada).json()["status"] == "closed"
    refused = inbox.client.post(f"{path}/replies", json={"text": "one more"}, headers=ada)
    assert refused.status_code == 409
    assert (
        inbox.client.get("/api/handoffs?status=closed", headers=ada).json()[0]["reference"]
        == reference
    )


def test_the_list_filters_by_status_school_and_age(inbox: Inbox) -> None:
    first, second = inbox.as_bot(), inbox.as_bot()
    hub = inbox.login(HUB)
    inbox.client.post(f"/api/handoffs/{first['reference']}/claim", headers=hub)

    def listed(query: str) -> set[str]:
        return {
            h["reference"] for h in inbox.client.get(f"/api/handoffs?{query}", headers=hub).json()
        }

    assert listed("status=claimed") == {first["reference"]}
    assert listed("status=new") == {second["reference"]}
    assert listed("school=south-college") == set()
    assert listed("school=north-academy&max_age_days=1") == {
        first["reference"],
        second["reference"],
    }
    assert inbox.client.get("/api/handoffs?status=lost", headers=hub).status_code == 422


def test_new_handoffs_email_the_schools_advisers_and_nothing_personal(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    for address in (ADA, BEN):
        message = inbox.mailbox.wait_for(address)
        body = message.get_content()
        assert ticket["reference"] in message["Subject"]
        assert f"http://inbox.test/inbox/handoffs/{ticket['reference']}" in body
        assert "sam.student@example.org" not in body and "Sam" not in body
    assert all(m["To"] != CAL for m in inbox.mailbox.messages)


def test_admins_create_advisers_and_assign_schools(inbox: Inbox) -> None:
    hub, ada = inbox.login(HUB), inbox.login(ADA)
    new = {
        "email": "dee@adviser.example.org",
        "display_name": "Dee",
        "role": "adviser",
        "password": "another long password",
        "schools": ["south-college"],
    }
    assert inbox.client.post("/api/accounts", json=new, headers=ada).status_code == 403
    created = inbox.client.post("/api/accounts", json=new, headers=hub)
    assert created.status_code == 201, created.text
    account_id = created.json()["id"]
    moved = inbox.client.put(
        f"/api/accounts/{account_id}/schools", json={"schools": ["north-academy"]}, headers=hub
    )
    assert moved.json()["schools"] == ["north-academy"]
    short = dict(new, email="eve@adviser.example.org", password="short")
    assert (
        "at least 12"
        in inbox.client.post("/api/accounts", json=short, headers=hub).json()["detail"]
    )
    with session_factory(inbox.database_url)() as db:
        stored = db.scalar(select(Account).where(Account.email == new["email"]))
        assert stored.password_hash.startswith("$argon2id$")
        assert new["password"] not in stored.password_hash


def test_a_wrong_password_is_refused_kindly(inbox: Inbox) -> None:
    response = inbox.client.post("/api/session", json={"email": ADA, "password": "wrong password!"})
    assert response.status_code == 401
    assert response.json()["detail"] == "That email and password don't match."
    unknown = inbox.client.post(
        "/api/session", json={"email": "nobody@x.org", "password": PASSWORD}
    )
    assert unknown.status_code == 401
