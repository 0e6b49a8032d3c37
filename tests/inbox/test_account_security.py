"""Ending someone's access, passwords, the audit log, and one-time codes kept out of the
access log: each attack as it would be tried, on the real service and databases."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

from inbox import accounts as account_rules
from knowledge.db import session_factory
from knowledge.inbox_models import LoginSession, PasswordReset
from knowledge.loader import load_directory
from ops.settings import free_port
from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.inbox.test_ambassadors import ask
from tests.inbox.test_sessions_and_live_chat import browser_login
from tests.knowledge.small_content import write_content
from tests.people import ADA, BEN, HUB, PASSWORD

BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
NEW_PASSWORD = "lighthouse kipper bicycle"


def account_id(inbox: Inbox, email: str) -> int:
    listed = inbox.client.get("/api/accounts", headers=inbox.login(HUB)).json()
    return next(a["id"] for a in listed if a["email"] == email)


def api_login(inbox: Inbox, email: str, password: str = PASSWORD) -> httpx.Response:
    return inbox.client.post("/api/session", json={"email": email, "password": password})


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


# --- deactivating and reactivating -------------------------------------------------------


def test_a_deactivated_account_is_logged_out_at_once_and_cannot_log_in(inbox: Inbox) -> None:
    bearer = inbox.login(ADA)
    browser_login(inbox)  # and a browser's cookie
    assert inbox.client.get("/api/handoffs", headers=bearer).status_code == 200
    assert inbox.client.get("/api/handoffs").status_code == 200
    ada, hub = account_id(inbox, ADA), inbox.login(HUB)

    off = inbox.client.post(f"/api/accounts/{ada}/deactivate", headers=hub)
    assert off.status_code == 200 and off.json()["active"] is False

    assert inbox.client.get("/api/handoffs", headers=bearer).status_code == 401
    assert inbox.client.get("/api/handoffs").status_code == 401
    assert inbox.client.get("/inbox", follow_redirects=False).headers["location"] == "/inbox/login"
    assert api_login(inbox, ADA).status_code == 401
    form = {"email": ADA, "password": PASSWORD}
    form["csrf_token"] = csrf_of(inbox.client.get("/inbox/login").text)
    assert "don't match" in unescape(inbox.client.post("/inbox/login", data=form).text)
    with session_factory(inbox.database_url)() as db:
        left = db.scalars(select(LoginSession).where(LoginSession.account_id == ada)).all()
        assert left == [], "her sessions are gone, not just refused"

    on = inbox.client.post(f"/api/accounts/{ada}/reactivate", headers=hub)
    assert on.status_code == 200 and on.json()["active"] is True
    assert inbox.client.get("/api/handoffs", headers=inbox.login(ADA)).status_code == 200


def test_an_admin_cannot_lock_themselves_out(inbox: Inbox) -> None:
    hub = inbox.login(HUB)
    refused = inbox.client.post(f"/api/accounts/{account_id(inbox, HUB)}/deactivate", headers=hub)
    assert refused.status_code == 409 and "another admin" in refused.json()["detail"]
    assert inbox.client.get("/api/accounts", headers=hub).status_code == 200


def test_only_an_admin_deactivates(inbox: Inbox) -> None:
    ben = account_id(inbox, BEN)
    refused = inbox.client.post(f"/api/accounts/{ben}/deactivate", headers=inbox.login(ADA))
    assert refused.status_code == 403
    assert inbox.client.get("/api/handoffs", headers=inbox.login(BEN)).status_code == 200


# --- changing your own password ----------------------------------------------------------


def test_changing_your_password_needs_the_current_one_and_ends_your_other_logins(
    inbox: Inbox,
) -> None:
    here, elsewhere = inbox.login(ADA), inbox.login(ADA)
    change = "/api/session/password"
    wrong = {"current_password": "not my password", "new_password": NEW_PASSWORD}
    refused = inbox.client.post(change, json=wrong, headers=here)
    assert refused.status_code == 422 and "current password" in refused.json()["detail"]
    assert inbox.client.get("/api/handoffs", headers=elsewhere).status_code == 200

    right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    assert inbox.client.post(change, json=right, headers=here).status_code == 204
    assert inbox.client.get("/api/handoffs", headers=here).status_code == 200
    assert inbox.client.get("/api/handoffs", headers=elsewhere).status_code == 401
    assert api_login(inbox, ADA).status_code == 401
    assert api_login(inbox, ADA, NEW_PASSWORD).status_code == 200


def test_the_password_page_changes_it_too(inbox: Inbox) -> None:
    browser_login(inbox, BEN)
    page = inbox.client.get("/inbox/password")
    assert page.status_code == 200
    form = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    forged = inbox.client.post("/inbox/password", data={**form, "csrf_token": "forged"})
    assert forged.status_code == 403 and api_login(inbox, BEN).status_code == 200
    changed = inbox.client.post("/inbox/password", data={**form, "csrf_token": csrf_of(page.text)})
    assert changed.status_code == 200 and "Your password is changed" in changed.text
    assert api_login(inbox, BEN, NEW_PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("password", "at least 12 characters"),
        ("unbelievable", "most common"),  # in the list, and 12 characters long
        ("Password1234!", "most common"),  # a common one, padded
        ("qwertyqwertyqwerty", "most common"),  # one piece repeated
        ("202520252025", "most common"),  # only digits
        ("ada's very own key", "email address"),  # ada@adviser.example.org
        ("North East Careers 2025", "careers"),
    ],
)
def test_easily_guessed_passwords_are_refused_everywhere(
    inbox: Inbox, password: str, why: str
) -> None:
    hub = inbox.login(HUB)
    new = {"email": "eve@adviser.example.org", "display_name": "Eve", "password": password}
    if why == "email address":
        new["email"] = "ada.lovelace@adviser.example.org"
    made = inbox.client.post("/api/accounts", json=new, headers=hub)
    assert made.status_code == 422 and why in made.json()["detail"]
    changed = inbox.client.post(
        "/api/session/password",
        json={"current_password": PASSWORD, "new_password": password},
        headers=inbox.login(ADA),
    )
    assert changed.status_code == 422 and why in changed.json()["detail"]
    link = inbox.client.post(f"/api/accounts/{account_id(inbox, ADA)}/password-reset", headers=hub)
    code = link.json()["link"].partition("#")[2]
    reset = inbox.client.post("/api/password-reset", json={"token": code, "password": password})
    assert reset.status_code == 422 and why in reset.json()["detail"]
    assert api_login(inbox, ADA).status_code == 200


# --- an admin's reset link ---------------------------------------------------------------


def test_a_reset_link_sets_a_new_password_once_and_ends_every_login(inbox: Inbox) -> None:
    before = inbox.login(ADA)
    made = inbox.client.post(
        f"/api/accounts/{account_id(inbox, ADA)}/password-reset", headers=inbox.login(HUB)
    )
    assert made.status_code == 201
    link = made.json()["link"]
    assert link.startswith("http://inbox.test/inbox/reset#"), "the code is never sent in a path"
    code = link.partition("#")[2]
    with session_factory(inbox.database_url)() as db:
        stored = db.scalars(select(PasswordReset)).one()
        assert stored.token_hash == account_rules.token_digest(code) != code

    page = inbox.client.get("/inbox/reset")
    form = {"token": code, "password": NEW_PASSWORD, "csrf_token": csrf_of(page.text)}
    assert "/static/link-code.js" in page.text
    done = inbox.client.post("/inbox/reset", data=form)
    assert done.status_code == 200 and "Your new password is set" in done.text
    assert inbox.client.get("/api/handoffs", headers=before).status_code == 401
    assert api_login(inbox, ADA).status_code == 401
    assert api_login(inbox, ADA, NEW_PASSWORD).status_code == 200

    again = inbox.client.post("/api/password-reset", json={"token": code, "password": PASSWORD})
    assert again.status_code == 422 and "doesn't work" in again.json()["detail"]


def test_a_reset_link_runs_out_after_a_day(inbox: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    made = inbox.client.post(
        f"/api/accounts/{account_id(inbox, BEN)}/password-reset", headers=inbox.login(HUB)
    )
    code = made.json()["link"].partition("#")[2]
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=24, minutes=1)
    monkeypatch.setattr(account_rules, "now", lambda: later)
    late = inbox.client.post("/api/password-reset", json={"token": code, "password": NEW_PASSWORD})
    assert late.status_code == 422 and "run out" in late.json()["detail"]


def test_a_deactivated_account_cannot_use_a_reset_link(inbox: Inbox) -> None:
    hub, ben = inbox.login(HUB), account_id(inbox, BEN)
    made = inbox.client.post(f"/api/accounts/{ben}/password-reset", headers=hub)
    inbox.client.post(f"/api/accounts/{ben}/deactivate", headers=hub)
    code = made.json()["link"].partition("#")[2]
    used = inbox.client.post("/api/password-reset", json={"token": code, "password": NEW_PASSWORD})
    assert used.status_code == 422
    inbox.client.post(f"/api/accounts/{ben}/reactivate", headers=hub)
    assert api_login(inbox, BEN).status_code == 200


# --- the audit log -----------------------------------------------------------------------


def test_the_audit_log_says_who_did_what_without_passwords_or_students_words(
    inbox: Inbox,
) -> None:
    ticket = inbox.as_bot(help_with="My secret worry about maths")
    assert api_login(inbox, ADA, "a wrong guess at it").status_code == 401
    ada, hub = inbox.login(ADA), inbox.login(HUB)
    path = f"/api/handoffs/{ticket['reference']}"
    inbox.client.post(f"{path}/claim", headers=ada)
    inbox.client.post(f"{path}/replies", json={"text": "Student words: call me"}, headers=ada)
    inbox.client.put(f"{path}/outcome", json={"text": "Talked about resits"}, headers=ada)
    inbox.client.post(f"{path}/close", headers=ada)
    alert = raise_alert(inbox)
    inbox.client.post(f"/api/alerts/{alert}/acknowledge", headers=ada)
    inbox.client.post("/api/ambassador-invitations", headers=ada)
    new = {"email": "eve@adviser.example.org", "display_name": "Eve", "password": NEW_PASSWORD}
    eve = inbox.client.post("/api/accounts", json=new, headers=hub).json()["id"]
    inbox.client.post(f"/api/accounts/{eve}/deactivate", headers=hub)
    inbox.client.post(f"/api/accounts/{eve}/reactivate", headers=hub)
    inbox.client.post(f"/api/accounts/{eve}/password-reset", headers=hub)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    inbox.client.post("/api/session/password", json=change, headers=ada)
    inbox.client.delete("/api/session", headers=ada)

    log = inbox.client.get("/api/audit", headers=hub)
    assert log.status_code == 200
    events = [(e["actor_email"], e["action"], e["target"]) for e in log.json()]
    targets = {
        "ref": ticket["reference"],
        "alert": alert,
        "eve": f"account:{eve}",
        "ada": f"account:{account_id(inbox, ADA)}",
    }
    assert events[: len(EXPECTED)] == [
        (who, action, targets.get(target, target)) for who, action, target in EXPECTED
    ]
    failed = next(e for e in log.json() if e["action"] == "login_failed")
    assert failed["actor_id"] is None and failed["detail"] == "wrong password"
    assert failed["client"] == "testclient"
    text = log.text + inbox.client.get("/inbox/admin/audit", headers=hub).text
    for secret in (PASSWORD, NEW_PASSWORD, "a wrong guess", "secret worry", "call me", "resits"):
        assert secret not in text

    claims = inbox.client.get("/api/audit?action=handoff_claim", headers=hub).json()
    assert [e["target"] for e in claims] == [ticket["reference"]]
    about_eve = inbox.client.get(f"/api/audit?account={eve}", headers=hub).json()
    assert {e["action"] for e in about_eve} == {
        "account_create", "account_deactivate", "account_reactivate", "password_reset_link"
    }  # fmt: skip
    page = inbox.client.get(f"/inbox/admin/audit?action=&account={eve}", headers=hub)
    assert page.status_code == 200 and "Deactivated an account" in page.text
    assert "Claimed a hand-off" not in page.text.partition("<table>")[2]
    everyone = inbox.client.get("/inbox/admin/audit?action=handoff_claim&account=", headers=hub)
    assert ticket["reference"] in everyone.text


EXPECTED = [  # newest first; a failed login's actor is the email given, its target the account
    (ADA, "logout", None),
    (ADA, "password_change", "ada"),
    (HUB, "password_reset_link", "eve"),
    (HUB, "account_reactivate", "eve"),
    (HUB, "account_deactivate", "eve"),
    (HUB, "account_create", "eve"),
    (ADA, "invitation", None),
    (ADA, "alert_acknowledge", "alert"),
    (ADA, "handoff_close", "ref"),
    (ADA, "handoff_outcome", "ref"),
    (ADA, "handoff_reply", "ref"),
    (ADA, "handoff_claim", "ref"),
    (HUB, "login", None),
    (ADA, "login", None),
    (ADA, "login_failed", "ada"),
]


def raise_alert(inbox: Inbox) -> str:
    alert = {
        "reference": "SG-AUD234",
        "conversation_id": "w0123456789abcdef",
        "school_slug": "north-academy",
        "concern": "abuse",
        "transcript": [{"who": "student", "text": "my stepdad hits me"}],
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    assert inbox.client.post("/api/alerts", json=alert, headers=BOT).status_code == 201
    return alert["reference"]


def test_the_audit_log_is_for_admins_only(inbox: Inbox) -> None:
    assert inbox.client.get("/api/audit", headers=inbox.login(ADA)).status_code == 403
    page = inbox.client.get("/inbox/admin/audit", headers=inbox.login(ADA))
    assert page.status_code == 403 and "Only an admin" in page.text


def test_moderating_ambassadors_answers_is_audited(inbox: Inbox, tmp_path: Path) -> None:
    code = invitation_code(inbox)
    load_small_knowledge(inbox.database_url, tmp_path)
    assert join(inbox, code).status_code == 303
    jess = inbox.login(JESS)
    for number in (1, 2):
        ask(inbox, reference=f"AQ-AUDIT{number}")
        answer = f"/api/ambassador/questions/AQ-AUDIT{number}/answer"
        written = inbox.client.post(answer, json={"text": "Great fun."}, headers=jess)
        assert written.status_code == 201, written.text
    ada = inbox.login(ADA)
    approve = "/api/ambassador-answers/AQ-AUDIT1/approve"
    assert inbox.client.post(approve, json={"text": "Edited: great fun."}, headers=ada).is_success
    reject = "/api/ambassador-answers/AQ-AUDIT2/reject"
    assert inbox.client.post(reject, json={"reason": "Say more."}, headers=ada).is_success

    log = inbox.client.get("/api/audit", headers=inbox.login(HUB)).json()
    done = [(e["actor_email"], e["action"], e["target"]) for e in log if "answer" in e["action"]]
    assert done == [(ADA, "answer_reject", "AQ-AUDIT2"), (ADA, "answer_edit", "AQ-AUDIT1")]
    joined = next(e for e in log if e["action"] == "account_create")
    assert joined["actor_email"] == JESS and joined["detail"] == "ambassador"
    assert "Great fun" not in str(log) and "Say more" not in str(log)


JESS = "jess@apprentice.example.org"
JOIN_FORM = {
    "email": JESS,
    "password": PASSWORD,
    "first_name": "Jess",
    "apprenticeship": "Electrical installation",
    "level": "3",
    "employer_type": "large employer",
    "sectors": ["construction"],
    "place": "gateshead",
}


def load_small_knowledge(database_url: str, folder: Path) -> None:
    """A sector (construction) and a place (gateshead) to join with: the small test content."""
    load_directory(database_url, write_content(folder / "content"))


def invitation_code(inbox: Inbox) -> str:
    made = inbox.client.post("/api/ambassador-invitations", headers=inbox.login(ADA))
    return made.json()["link"].partition("#")[2]


def join(inbox: Inbox | httpx.Client, code: str) -> httpx.Response:
    """Join as the link's page does: post the code for the form, then post the form."""
    client = inbox.client if isinstance(inbox, Inbox) else inbox
    page = client.post("/ambassador/join/open", data={"token": code})
    form = {**JOIN_FORM, "token": code, "csrf_token": csrf_of(page.text)}
    return client.post("/ambassador/join", data=form, follow_redirects=False)


# --- one-time codes stay out of the access log -------------------------------------------


@contextmanager
def served_with_access_log(app: FastAPI) -> Iterator[str]:
    """The app under uvicorn on a free port, its access log going to the root logger."""
    port = free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_config=None, log_level="info", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the web service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_invitation_and_reset_codes_never_reach_the_access_log(
    inbox: Inbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_small_knowledge(inbox.database_url, tmp_path)
    caplog.set_level(logging.INFO, logger="uvicorn.access")
    with served_with_access_log(inbox.client.app) as url, httpx.Client(base_url=url) as client:
        hub = {"Authorization": f"Bearer {api_login(inbox, HUB).json()['token']}"}
        link = client.post("/api/ambassador-invitations", headers=hub).json()["link"]
        code = link.partition("#")[2]
        opened = client.get(link.replace("http://inbox.test", url))  # as the browser does
        assert opened.status_code == 200 and "/static/link-code.js" in opened.text
        assert join(client, code).status_code == 303

        older = invitation_code(inbox)  # a link in the old form, with the code in its path
        moved = client.get(f"/ambassador/join/{older}", follow_redirects=False)
        assert moved.headers["location"] == f"/ambassador/join#{older}"

        ada = account_id(inbox, ADA)
        made = client.post(f"/api/accounts/{ada}/password-reset", headers=hub).json()["link"]
        reset = made.partition("#")[2]
        page = client.get(made.replace("http://inbox.test", url))
        form = {"token": reset, "password": NEW_PASSWORD, "csrf_token": csrf_of(page.text)}
        assert "Your new password is set" in client.post("/inbox/reset", data=form).text

    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "uvicorn.access")
    assert '"POST /ambassador/join HTTP/1.1" 303' in logged, "the access log was captured"
    assert '"GET /ambassador/join/[hidden] HTTP/1.1" 303' in logged
    for secret in (code, older, reset):
        assert secret not in logged and secret not in caplog.text
