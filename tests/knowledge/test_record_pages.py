"""Every record is readable by people at /k/<kind>/<slug> and as JSON at /api/knowledge/."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.settings import WebSettings


@pytest.fixture(scope="module")
def client(kb_url: str) -> TestClient:
    return TestClient(create_app(WebSettings(database_url=kb_url)))


def test_a_record_page_shows_its_text_links_source_and_date(client: TestClient) -> None:
    page = client.get("/k/occupation/electrician")
    assert page.status_code == 200
    assert "<h1>Electrician</h1>" in page.text
    assert 'href="/k/sector/construction"' in page.text
    assert "Facts as of" in page.text and "https://" in page.text


def test_a_record_as_json_carries_links_source_and_date(client: TestClient) -> None:
    body = client.get("/api/knowledge/sector/digital").json()
    assert body["title"] == "Digital and technology"
    assert body["sources"] and body["as_of"]
    jobs = {r["slug"] for r in body["linked_from"]["sector"]}
    assert "software-developer" in jobs


@pytest.mark.parametrize("path", ["/k/sector/knitting", "/api/knowledge/occupation/wizard"])
def test_an_unknown_slug_is_a_404_with_a_plain_message(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "There is no" in response.text
