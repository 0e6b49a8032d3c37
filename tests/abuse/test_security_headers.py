"""Every response carries security headers: the inbox and ambassador pages can't be framed
(clickjacking) and run only their own files, with no inline script for an injection to
hide in; the demo school page, the widget's files and its cross-origin chat still work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.abuse.conftest import BOT, serving, settings_for
from tests.abuse.routes import Endpoint, concrete_path, listed_endpoints
from tests.databases import fresh_database
from tests.inbox.conftest import new_ticket
from tests.people import HUB, PASSWORD, seed
from web.auth import SESSION_COOKIE

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
PRIVATE = ("/inbox", "/ambassador")
PAGES = [
    e for e in listed_endpoints()
    if e.method == "GET" and not e.path.startswith("/api/")
]  # fmt: skip
SCHOOL_SITE = "https://www.north-academy.example"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The service with Hub (an admin) logged in by cookie, and one hand-off."""
    folder = tmp_path_factory.mktemp("headers")
    with fresh_database("sqlite", folder) as url:
        seed(url)
        with serving(settings_for(url, folder)) as service:
            ticket = new_ticket(reference="NE-HEAD23")
            assert service.client.post("/api/handoffs", json=ticket, headers=BOT).is_success
            login = {"email": HUB, "password": PASSWORD}
            token = service.client.post("/api/session", json=login).json()["token"]
            service.client.cookies.set(SESSION_COOKIE, token)
            yield service.client


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    found = response.headers.get("content-security-policy", "")
    return dict(part.strip().partition(" ")[::2] for part in found.split(";") if part.strip())


def private(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in PRIVATE)


@pytest.mark.parametrize("endpoint", PAGES, ids=str)
def test_every_page_has_its_security_headers(client: TestClient, endpoint: Endpoint) -> None:
    values = {"reference": "NE-HEAD23", "token": "old-link", "kind": "sector", "slug": "x"}
    path = concrete_path(endpoint, **values)
    response = client.get(path, follow_redirects=False)
    assert response.status_code < 500
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    if not response.headers.get("content-type", "").startswith("text/html"):
        return
    rules = policy(response)
    if private(path):
        assert rules["frame-ancestors"] == "'none'"
        assert response.headers["x-frame-options"] == "DENY"
        assert rules["script-src"] == "'self'" and rules["style-src"] == "'self'"
        assert_no_inline_code(response.text)
    else:
        assert rules["default-src"] == "'self'" and rules["script-src"] == "'self'"
        assert rules["object-src"] == "'none'"


def test_the_api_docs_still_load_their_script_but_cannot_be_framed(client: TestClient) -> None:
    docs = client.get("/docs")
    assert policy(docs) == {"frame-ancestors": "'none'"}
    assert docs.headers["x-frame-options"] == "DENY"


def assert_no_inline_code(html: str) -> None:
    """What a policy without 'unsafe-inline' would block: the page would break."""
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style\b|\sstyle=|\son[a-z]+=", html) == []
    for source in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html):
        assert source.startswith("/"), "scripts come from this service"


PRIVATE_TEMPLATES = [
    *sorted(TEMPLATES.glob("inbox/*.html")),
    *sorted(TEMPLATES.glob("ambassador/*.html")),
    TEMPLATES / "password.html",
]


@pytest.mark.parametrize("template", PRIVATE_TEMPLATES, ids=lambda p: p.name)
def test_no_private_template_has_inline_code(template: Path) -> None:
    """Also the pages the walk above can't open (an ambassador's own, say)."""
    assert_no_inline_code(template.read_text(encoding="utf-8"))


def test_the_inbox_pages_start_their_script_from_its_tag(client: TestClient) -> None:
    page = client.get("/inbox/handoffs/NE-HEAD23")
    tag = '<script src="/static/inbox.js" data-page="handoff" data-reference="NE-HEAD23">'
    assert tag in page.text
    script = client.get("/static/inbox.js")
    assert "document.currentScript" in script.text
    assert script.headers["x-content-type-options"] == "nosniff"


def test_json_cannot_be_framed_or_load_anything(client: TestClient) -> None:
    response = client.get("/api/handoffs")
    assert response.status_code == 200
    assert policy(response) == {"default-src": "'none'", "frame-ancestors": "'none'"}
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_demo_school_page_and_the_widget_still_work(client: TestClient) -> None:
    page = client.get("/")
    rules = policy(page)
    assert "frame-ancestors" not in rules and "x-frame-options" not in page.headers
    assert rules["script-src"] == "'self'" and "'unsafe-inline'" in rules["style-src"]
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', page.text)
    assert sources == ["/widget/widget.js"] and "<script>" not in page.text
    for file, kind in (("widget.js", "javascript"), ("widget.css", "text/css")):
        served = client.get(f"/widget/{file}")
        assert served.status_code == 200 and kind in served.headers["content-type"]
        assert served.headers["x-content-type-options"] == "nosniff"


def test_a_schools_widget_still_reaches_the_chat_across_origins(client: TestClient) -> None:
    hub = {"Authorization": f"Bearer {client.cookies.get(SESSION_COOKIE)}"}
    sites = {"allowed_origins": [SCHOOL_SITE]}
    listed = client.put("/api/schools/north-academy/websites", json=sites, headers=hub)
    assert listed.status_code == 200, listed.text
    preflight = client.options("/api/chat", headers={
        "Origin": SCHOOL_SITE, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == SCHOOL_SITE
    updates = client.post(
        "/api/chat/updates",
        json={"sender": "w0123456789abcdef", "school": "north-academy"},
        headers={"Origin": SCHOOL_SITE},
    )
    assert updates.status_code == 200, updates.text
    assert updates.headers["access-control-allow-origin"] == SCHOOL_SITE
