"""Browser logins (cookie, CSRF, expiry) and an adviser taking the chat over live."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from inbox import accounts as account_rules
from tests.inbox.conftest import Inbox
from tests.people import ADA, PASSWORD


def browser_login(inbox: Inbox, email: str = ADA) -> str:
    """Log in through the form as a browser does; returns the page's CSRF token."""
    page = inbox.client.get("/inbox/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = inbox.client.post(
        "/inbox/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    inbox_page = inbox.client.get("/inbox")
    return re.search(r'name="csrf-token" content="([^"]+)"', inbox_page.text).group(1)


def test_the_login_form_needs_its_csrf_token(inbox: Inbox) -> None:
    inbox.client.get("/inbox/login")
    response = inbox.client.post(
        "/inbox/login", data={"email": ADA, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert "The form had expired" in response.text
    assert inbox.client.get("/inbox", follow_redirects=False).status_code == 303


def test_cookie_requests_that_change_things_need_the_csrf_token(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    csrf = browser_login(inbox)
    claim = f"/api/handoffs/{ticket['reference']}/claim"
    assert inbox.client.get("/api/handoffs").status_code == 200
    assert inbox.client.post(claim).status_code == 403
    assert inbox.client.post(claim, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert inbox.client.post(claim, headers={"X-CSRF-Token": csrf}).status_code == 200


def test_sessions_expire_after_an_idle_hour(inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = inbox.login(ADA)
    assert inbox.client.get("/api/handoffs", headers=headers).status_code == 200
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1, minutes=1)
    monkeypatch.setattr(account_rules, "now", lambda: later)
    assert inbox.client.get("/api/handoffs", headers=headers).status_code == 401


def test_logging_out_ends_the_session(inbox: Inbox) -> None:
    csrf = browser_login(inbox)
    inbox.client.post("/inbox/logout", data={"csrf_token": csrf})
    assert inbox.client.get("/api/handoffs").status_code == 401


def test_a_live_adviser_gets_the_students_messages_and_the_bot_stays_quiet(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    sender, reference, ada = ticket["conversation_id"], ticket["reference"], inbox.login(ADA)
    path = f"/api/handoffs/{reference}"
    assert inbox.client.post(f"{path}/live", headers=ada).json()["live"] is True

    said = inbox.client.post("/api/chat", json={"sender": sender, "message": "are you there?"})
    assert said.status_code == 200
    assert said.json() == [{"custom": {"handoff": {"stage": "live", "reference": reference}}}]
    messages = inbox.client.get(path, headers=ada).json()["messages"]
    assert [(m["author"], m["text"]) for m in messages][-1] == ("student", "are you there?")
    inbox.client.post(f"{path}/replies", json={"text": "Yes, I'm here."}, headers=ada)
    updates = inbox.client.post("/api/chat/updates", json={"sender": sender}).json()
    assert updates["handoffs"][0]["stage"] == "live"
    assert [m["text"] for m in updates["messages"]][-1] == "Yes, I'm here."

    inbox.client.delete(f"{path}/live", headers=ada)
    back = inbox.client.post("/api/chat", json={"sender": sender, "message": "thanks"})
    # Handed back: the message goes to the bot again (not running here, so the kind 503).
    assert back.status_code == 503
    assert "National Careers Service" in back.json()[0]["text"]
    system = inbox.client.post("/api/chat/updates", json={"sender": sender}).json()["messages"]
    assert "back with the careers bot" in system[-1]["text"]


def test_another_conversation_is_not_taken_over(inbox: Inbox) -> None:
    ticket = inbox.as_bot()
    inbox.client.post(f"/api/handoffs/{ticket['reference']}/live", headers=inbox.login(ADA))
    other = inbox.client.post("/api/chat", json={"sender": "someone-else", "message": "hi"})
    assert other.status_code == 503  # went to the bot, not to the adviser
    assert inbox.client.post("/api/chat/updates", json={"sender": "someone-else"}).json() == {
        "handoffs": [],
        "messages": [],
        "ambassador": [],
    }
