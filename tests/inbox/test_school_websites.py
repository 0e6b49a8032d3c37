"""Which websites may show a school's widget: an admin lists them; the chat refuses others."""

from __future__ import annotations

import pytest

from inbox.cli import main as inbox_cli
from tests.inbox.conftest import Inbox
from tests.people import ADA, HUB

NORTH_SITE = "https://www.north-academy.example"
ELSEWHERE = "https://copycat.example"


def allow_north_site(inbox: Inbox) -> None:
    response = inbox.client.put(
        "/api/schools/north-academy/websites",
        json={
            "allowed_origins": [NORTH_SITE + "/careers/", "https://www.north-academy.example:443"]
        },
        headers=inbox.login(HUB),
    )
    assert response.status_code == 200, response.text
    assert response.json()["allowed_origins"] == [NORTH_SITE], "one origin, as browsers send it"


def updates(inbox: Inbox, origin: str | None, school: str | None = "north-academy"):
    headers = {"Origin": origin} if origin else {}
    body = {"sender": "w0123456789abcdef", "after": 0, "school": school}
    return inbox.client.post("/api/chat/updates", json=body, headers=headers)


def test_a_listed_website_can_use_its_schools_chat(inbox: Inbox) -> None:
    allow_north_site(inbox)
    response = updates(inbox, NORTH_SITE)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == NORTH_SITE


def test_other_websites_are_refused_with_a_message_the_widget_can_read(inbox: Inbox) -> None:
    allow_north_site(inbox)
    for origin, school in [(ELSEWHERE, "north-academy"), (NORTH_SITE, "south-college")]:
        response = updates(inbox, origin, school)
        assert response.status_code == 403, (origin, school)
        assert "isn't set up for this website" in response.json()["detail"]
        assert response.headers["access-control-allow-origin"] == origin
    message = {"sender": "w1", "message": "hi", "metadata": {"school": "north-academy"}}
    refused = inbox.client.post("/api/chat", json=message, headers={"Origin": ELSEWHERE})
    assert refused.status_code == 403, "refused before anything reaches the bot"


def test_a_website_must_name_its_school(inbox: Inbox) -> None:
    allow_north_site(inbox)
    assert updates(inbox, NORTH_SITE, school=None).status_code == 403


def test_the_services_own_pages_and_non_browser_clients_are_not_refused(inbox: Inbox) -> None:
    assert updates(inbox, "http://testserver", school=None).status_code == 200
    assert updates(inbox, None, school=None).status_code == 200


def test_a_browser_may_ask_before_posting_from_another_website(inbox: Inbox) -> None:
    response = inbox.client.options(
        "/api/chat",
        headers={"Origin": NORTH_SITE, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-methods"] == "POST"
    assert response.headers["access-control-allow-headers"] == "Content-Type"


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "www.school.example", "https://x:notaport"]
)
def test_a_website_that_is_not_an_address_is_refused_by_name(inbox: Inbox, website: str) -> None:
    response = inbox.client.put(
        "/api/schools/north-academy/websites",
        json={"allowed_origins": [website]},
        headers=inbox.login(HUB),
    )
    assert response.status_code == 422
    assert website in response.json()["detail"]


def test_only_admins_list_websites(inbox: Inbox) -> None:
    body = {"allowed_origins": [ELSEWHERE]}
    path = "/api/schools/north-academy/websites"
    assert inbox.client.put(path, json=body).status_code == 401
    assert inbox.client.put(path, json=body, headers=inbox.login(ADA)).status_code == 403


def test_the_command_line_lists_a_schools_websites(
    inbox: Inbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CAREERS_DATABASE_URL", inbox.database_url)
    assert inbox_cli(["school", "websites", "north-academy", NORTH_SITE + "/"]) == 0
    assert NORTH_SITE in capsys.readouterr().out
    assert updates(inbox, NORTH_SITE).status_code == 200
