"""A secret that is not ASCII (a bearer token, a CSRF header or form field) is refused like
any wrong one, never a server error: ``hmac.compare_digest`` raises on non-ASCII str, so
every comparison is of UTF-8 bytes. Every route is walked, as the app lists them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.abuse.conftest import serving, settings_for
from tests.abuse.routes import Endpoint, concrete_path, listed_endpoints
from tests.databases import fresh_database
from tests.people import ADA, PASSWORD, seed
from web.auth import SESSION_COOKIE

# Sent as UTF-8 bytes; the service reads header bytes as Latin-1, so both kinds are met.
NOT_ASCII = "é-Ω-😀".encode()
SAMPLES = {"reference": "NE-ABC234", "slug": "north-academy", "account_id": 1,
           "kind": "sector", "token": "no-such-link"}  # fmt: skip
# The double-submit cookies of the forms that have one before anyone logs in.
FORM_COOKIES = {
    "careers_login_csrf": "/inbox",
    "careers_join_csrf": "/ambassador/join",
    "careers_reset_csrf": "/inbox/reset",
}

# Every other field the forms need, so that it is the token that is judged.
FORM_FIELDS = {
    "email": "nobody@example.org",
    "password": "not the password",
    "current_password": "not the password",
    "new_password": "not the password",
    "token": "no-such-link",
    "text": "Hello",
    "reason": "Because",
}

ENDPOINTS = listed_endpoints()
API = [e for e in ENDPOINTS if e.path.startswith("/api/") and str(e) != "POST /api/session"]
CHANGING_API = [e for e in API if e.method not in ("GET", "HEAD", "OPTIONS")]
CSRF_FORMS = [
    e for e in ENDPOINTS
    if e.reads_form and any(p.name == "csrf_token" for p in e.context.dependant.body_params)
]  # fmt: skip


@dataclass
class Browser:
    """A client logged in as Ada with a cookie, and her session's token."""

    client: TestClient
    session: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    folder = tmp_path_factory.mktemp("non-ascii")
    with fresh_database(request.param, folder) as url:
        seed(url)
        with serving(settings_for(url, folder)) as service:
            login = {"email": ADA, "password": PASSWORD}
            token = service.client.post("/api/session", json=login).json()["token"]
            yield Browser(service.client, token)


def fresh_cookies(browser: Browser) -> None:
    browser.client.cookies.clear()
    browser.client.cookies.set(SESSION_COOKIE, browser.session)
    for name, path in FORM_COOKIES.items():
        browser.client.cookies.set(name, "an-ordinary-ascii-token", path=path)


@pytest.mark.parametrize("endpoint", API, ids=str)
def test_a_non_ascii_bearer_token_is_refused(browser: Browser, endpoint: Endpoint) -> None:
    browser.client.cookies.clear()
    response = browser.client.request(
        endpoint.method,
        concrete_path(endpoint, **SAMPLES),
        headers={"Authorization": b"Bearer " + NOT_ASCII},
    )
    assert response.status_code in (401, 403, 404, 422), response.text


@pytest.mark.parametrize("endpoint", CHANGING_API, ids=str)
def test_a_non_ascii_csrf_header_is_refused(browser: Browser, endpoint: Endpoint) -> None:
    fresh_cookies(browser)
    response = browser.client.request(
        endpoint.method, concrete_path(endpoint, **SAMPLES), headers={"X-CSRF-Token": NOT_ASCII}
    )
    assert response.status_code in (401, 403, 422), response.text


@pytest.mark.parametrize("endpoint", CSRF_FORMS, ids=str)
def test_a_non_ascii_csrf_form_field_is_refused(browser: Browser, endpoint: Endpoint) -> None:
    fresh_cookies(browser)
    response = browser.client.request(
        endpoint.method,
        concrete_path(endpoint, **SAMPLES),
        data={"csrf_token": NOT_ASCII.decode(), **FORM_FIELDS},
        follow_redirects=False,
    )
    assert response.status_code < 500, response.text
    assert browser.client.get("/api/handoffs").status_code == 200, "Ada is still logged in"


def test_the_walks_cover_the_comparisons() -> None:
    """A guard on the filters: each place a secret is compared is among them."""
    forms = {str(e) for e in CSRF_FORMS}
    assert {"POST /inbox/login", "POST /ambassador/join", "POST /inbox/reset"} <= forms
    assert {"POST /inbox/logout", "POST /inbox/password"} <= forms
    assert "POST /api/handoffs" in {str(e) for e in CHANGING_API}  # the bot's token
