"""Every route is walked, as the app lists them: each /api/ endpoint not on the public list
below needs a login (401 without one), admin-only endpoints refuse advisers (403), and an
adviser asking for another school's hand-off, alert, ambassador answer or visit request is
told there is none (404). Ambassadors reach none of the careers team's endpoints or pages,
and the careers team none of the ambassadors'. A route added later without these checks
makes these tests fail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.abuse.conftest import BOT, Service, serving, settings_for
from tests.abuse.routes import Endpoint, concrete_path, endpoints, listed_endpoints
from tests.databases import fresh_database
from tests.people import ADA, AMY, CAL, HUB, seed, seed_ambassadors
from web.app import create_app
from web.auth import (
    FOR_AMBASSADORS,
    FOR_THE_CAREERS_TEAM,
    admin,
    ambassador,
    anyone_signed_in,
    bot_service,
    caller,
)
from web.settings import WebSettings

# Open to anyone on purpose; every other /api/ endpoint needs a login or the bot's token.
PUBLIC_API = {
    "POST /api/chat": "the widget's chat, by its own random conversation id",
    "POST /api/chat/updates": "advisers' replies for the widget, by conversation id",
    "POST /api/chat/forget": "a student erasing their own conversation, by conversation id",
    "GET /api/knowledge/{kind}/{slug}": "the public careers knowledge base",
    "POST /api/session": "logging in",
    "POST /api/password-reset": "setting a new password with a reset link's secret",
}
# Inbox pages anyone may reach; the others send a visitor who is not logged in to log in.
PUBLIC_INBOX_PAGES = {
    "GET /inbox/login",
    "POST /inbox/login",
    "POST /inbox/logout",
    "GET /inbox/reset",  # a password reset link (its secret, after the #, is the key)
    "POST /inbox/reset",
}
# Ambassador pages anyone may reach: an invitation link (its code is the key) and logging out.
PUBLIC_AMBASSADOR_PAGES = {
    "GET /ambassador/join",
    "GET /ambassador/join/{token}",  # an older link: sent on to /ambassador/join#<code>
    "POST /ambassador/join/open",
    "POST /ambassador/join",
    "POST /ambassador/logout",
}
# Everything under these paths is for admins only.
ADMIN_AREAS = ("/api/schools", "/api/accounts")

ENDPOINTS = listed_endpoints()
PROTECTED_API = [e for e in ENDPOINTS if e.path.startswith("/api/") and str(e) not in PUBLIC_API]
INBOX_PAGES = [
    e
    for e in ENDPOINTS
    if e.path.startswith("/inbox") and e.method == "GET" and str(e) not in PUBLIC_INBOX_PAGES
]
AMBASSADOR_PAGES = [
    e
    for e in ENDPOINTS
    if e.path.startswith("/ambassador") and e.method == "GET"
    and str(e) not in PUBLIC_AMBASSADOR_PAGES
]  # fmt: skip
ADMIN_ONLY = [e for e in PROTECTED_API if e.depends_on(admin) or e.path.startswith(ADMIN_AREAS)]
CAREERS_TEAM_API = [e for e in PROTECTED_API if e.depends_on(caller)]
AMBASSADOR_API = [e for e in PROTECTED_API if e.depends_on(ambassador)]
SCHOOL_RECORDS = [
    e
    for e in PROTECTED_API
    if "{reference}" in e.path and e not in ADMIN_ONLY and e in CAREERS_TEAM_API
]
SAMPLES = {"slug": "north-academy", "account_id": 1, "kind": "sector", "token": "no-such-link"}
BODIES = {
    "reject": {"reason": "Not from another school"},
    "drop": {"reason": "Not from another school"},
}


@dataclass
class Records:
    """North Academy's hand-off, alert, a question with an answer waiting for a check, a
    question waiting for an adviser to read it, and a request for an ambassador's visit,
    which only its own advisers may see."""

    service: Service
    handoff: str
    alert: str
    question: str
    visit: str
    unchecked: str

    def path(self, endpoint: Endpoint) -> str:
        by_area = {
            "/api/alerts/": self.alert,
            "/api/ambassador-answers/": self.question,
            "/api/ambassador/questions/": self.question,
            "/api/ambassador-visits/": self.visit,
            "/api/ambassador-questions/": self.unchecked,
        }
        reference = next(
            (ref for area, ref in by_area.items() if endpoint.path.startswith(area)), self.handoff
        )
        return concrete_path(endpoint, reference=reference, **SAMPLES)

    @property
    def references(self) -> tuple[str, ...]:
        return (self.handoff, self.alert, self.question, self.visit, self.unchecked)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def records(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Records]:
    folder = tmp_path_factory.mktemp("protection")
    with fresh_database(request.param, folder) as url:
        seed(url)
        seed_ambassadors(url)
        with serving(settings_for(url, folder)) as service:
            yield Records(
                service,
                service.as_bot()["reference"],
                raise_alert(service),
                answered_question(service),
                visit_request(service),
                question_to_check(service),
            )


def raise_alert(service: Service) -> str:
    alert = {
        "reference": "SG-PROT01",
        "conversation_id": "w0123456789abcdef",
        "school_slug": "north-academy",
        "concern": "unclear",
        "transcript": [{"who": "student", "text": "I don't feel safe"}],
        "raised_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    response = service.client.post("/api/alerts", json=alert, headers=BOT)
    assert response.status_code == 201, response.text
    return alert["reference"]


def question_to_check(service: Service, reference: str = "AQ-PROT02") -> str:
    """A North Academy student's question, waiting for an adviser to read it."""
    question = {
        "reference": reference,
        "conversation_id": "w0123456789abcdef",
        "school_slug": "north-academy",
        "sector": "construction",
        "question": "What is it like being an apprentice electrician?",
        "asked_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    response = service.client.post("/api/ambassador-questions", json=question, headers=BOT)
    assert response.status_code == 201, response.text
    return reference


def answered_question(service: Service) -> str:
    """A North Academy student's question, passed on, with Amy's answer waiting for a check."""
    question = {"reference": question_to_check(service, "AQ-PROT01")}
    path = f"/api/ambassador-questions/{question['reference']}/pass-on"
    body = {"text": "What is it like being an apprentice electrician?"}
    passed = service.client.post(path, json=body, headers=service.login(ADA))
    assert passed.status_code == 200, passed.text
    path = f"/api/ambassador/questions/{question['reference']}/answer"
    answered = service.client.post(path, json={"text": "Great fun."}, headers=service.login(AMY))
    assert answered.status_code == 201, answered.text
    return question["reference"]


def visit_request(service: Service) -> str:
    visit = {
        "reference": "AV-PROT01",
        "conversation_id": "w0123456789abcdef",
        "school_slug": "north-academy",
        "note": "Could an apprentice come to our careers fair?",
        "requested_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    response = service.client.post("/api/ambassador-visits", json=visit, headers=BOT)
    assert response.status_code == 201, response.text
    return visit["reference"]


def without_login(client: TestClient, endpoint: Endpoint, path: str, **headers: str) -> int:
    client.cookies.clear()
    return client.request(endpoint.method, path, headers=headers).status_code


# --- no login ----------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", PROTECTED_API, ids=str)
def test_an_api_endpoint_needs_a_login(records: Records, endpoint: Endpoint) -> None:
    client, path = records.service.client, records.path(endpoint)
    assert without_login(client, endpoint, path) == 401
    assert without_login(client, endpoint, path, Authorization="Bearer made-up") == 401
    assert without_login(client, endpoint, path, Authorization="Basic YWRhOnB3") == 401


@pytest.mark.parametrize("endpoint", INBOX_PAGES + AMBASSADOR_PAGES, ids=str)
def test_an_inbox_page_sends_a_visitor_to_log_in(records: Records, endpoint: Endpoint) -> None:
    records.service.client.cookies.clear()
    response = records.service.client.get(records.path(endpoint), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inbox/login"


def test_every_protected_endpoint_says_who_it_is_for() -> None:
    """Each one depends on the careers team's, the ambassadors' or the bot's check (or,
    to log out, on being logged in at all)."""
    checks = (caller, ambassador, bot_service, anyone_signed_in)
    assert [str(e) for e in PROTECTED_API if not any(map(e.depends_on, checks))] == []


def test_the_public_lists_name_only_real_endpoints() -> None:
    """A renamed or removed public endpoint must leave the list, so it never opens a door."""
    names = {str(e) for e in ENDPOINTS}
    assert names >= set(PUBLIC_API)
    assert names >= PUBLIC_INBOX_PAGES
    assert names >= PUBLIC_AMBASSADOR_PAGES


def test_the_walk_finds_a_new_route_without_a_login() -> None:
    app = create_app(WebSettings(environment="test", database_url="sqlite://"))

    @app.get("/api/ambassadors/{reference}")
    def forgot_the_login(reference: str) -> dict:
        return {"reference": reference}

    new = [e for e in endpoints(app) if e.path == "/api/ambassadors/{reference}"]
    assert new and str(new[0]) not in PUBLIC_API
    assert without_login(TestClient(app), new[0], "/api/ambassadors/X") == 200  # caught


# --- roles and schools -------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ADMIN_ONLY, ids=str)
def test_an_admin_endpoint_refuses_an_adviser(records: Records, endpoint: Endpoint) -> None:
    client = records.service.client
    response = client.request(
        endpoint.method, records.path(endpoint), headers=records.service.login(ADA)
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only an admin can do that."


@pytest.mark.parametrize("endpoint", CAREERS_TEAM_API, ids=str)
def test_a_careers_team_endpoint_refuses_an_ambassador(
    records: Records, endpoint: Endpoint
) -> None:
    amy = records.service.login(AMY)
    response = records.service.client.request(endpoint.method, records.path(endpoint), headers=amy)
    assert response.status_code == 403
    assert response.json()["detail"] == FOR_THE_CAREERS_TEAM


@pytest.mark.parametrize("endpoint", AMBASSADOR_API, ids=str)
@pytest.mark.parametrize("who", [ADA, HUB])
def test_an_ambassador_endpoint_refuses_the_careers_team(
    records: Records, endpoint: Endpoint, who: str
) -> None:
    headers = records.service.login(who)
    body = None if endpoint.method == "GET" else {"text": "Hello from the careers team"}
    client = records.service.client
    response = client.request(endpoint.method, records.path(endpoint), json=body, headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"] == FOR_AMBASSADORS


@pytest.mark.parametrize("endpoint", INBOX_PAGES, ids=str)
def test_an_inbox_page_sends_an_ambassador_to_their_own(
    records: Records, endpoint: Endpoint
) -> None:
    client, amy = records.service.client, records.service.login(AMY)
    response = client.get(records.path(endpoint), headers=amy, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ambassador"
    assert not any(reference in response.text for reference in records.references)


@pytest.mark.parametrize("endpoint", SCHOOL_RECORDS, ids=str)
def test_another_schools_record_is_not_there_for_an_adviser(
    records: Records, endpoint: Endpoint
) -> None:
    client, path = records.service.client, records.path(endpoint)
    action = endpoint.path.rsplit("/", 1)[-1]
    body = None if endpoint.method == "GET" else BODIES.get(action, {"text": "From elsewhere"})
    cal = records.service.login(CAL)
    response = client.request(endpoint.method, path, json=body, headers=cal)
    assert response.status_code == 404, response.text
    assert not any(reference in response.text for reference in records.references)
    ada = records.service.login(ADA)
    assert client.get(f"/api/handoffs/{records.handoff}", headers=ada).json()["status"] == "new"
    assert client.get(f"/api/alerts/{records.alert}", headers=ada).json()["acknowledged_by"] is None
    waiting = client.get("/api/ambassador-answers", headers=ada).json()
    assert [a["reference"] for a in waiting] == [records.question]
    visits = client.get("/api/ambassador-visits", headers=ada).json()
    assert [(v["reference"], v["done_at"]) for v in visits] == [(records.visit, None)]
    to_check = client.get("/api/ambassador-questions", headers=ada).json()
    assert [q["reference"] for q in to_check] == [records.unchecked]


def test_another_schools_records_are_not_listed(records: Records) -> None:
    cal = records.service.login(CAL)
    listings = ("handoffs", "alerts", "ambassador-answers", "ambassador-visits")
    for listing in (*listings, "ambassador-questions"):
        assert records.service.client.get(f"/api/{listing}", headers=cal).json() == []


def test_the_school_walk_covers_the_hand_off_routes() -> None:
    """A guard on the filter above: if it found nothing, the 404 test would prove nothing."""
    covered = {str(e) for e in SCHOOL_RECORDS}
    assert {"GET /api/handoffs/{reference}", "POST /api/handoffs/{reference}/replies"} <= covered
    assert "POST /api/ambassador-answers/{reference}/approve" in covered
    assert "POST /api/ambassador-visits/{reference}/done" in covered
    assert "POST /api/ambassador-questions/{reference}/pass-on" in covered
    assert "POST /api/ambassador/questions/{reference}/answer" in {str(e) for e in AMBASSADOR_API}
