"""The web service's inbox on a real database (SQLite and PostgreSQL) with a real SMTP server.

Rasa is not started here: its address points at a closed port, so a message that reaches
it gets the relay's kind 503. The whole stack is in tests/e2e.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inbox.notify import MailSettings
from ops.settings import free_port
from tests.databases import fresh_database
from tests.mail import Mailbox, smtp_server
from tests.people import PASSWORD, seed
from web.app import create_app
from web.settings import WebSettings

SERVICE_TOKEN = "test-service-token"
_references = itertools.count(1)


@dataclass
class Inbox:
    client: TestClient
    mailbox: Mailbox
    database_url: str

    def as_bot(self, **fields) -> dict:
        """Send a ticket the way the action server does; returns the ticket sent."""
        ticket = new_ticket(**fields)
        response = self.client.post(
            "/api/handoffs", json=ticket, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
        )
        assert response.status_code == 201, response.text
        return ticket

    def login(self, email: str) -> dict[str, str]:
        """Bearer headers for an account (the API's own login)."""
        response = self.client.post("/api/session", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}


def new_ticket(**fields) -> dict:
    number = next(_references)
    ticket = {
        "reference": f"NE-T{number:05d}",
        "conversation_id": f"conversation{number}",
        "school_slug": "north-academy",
        "first_name": "Sam",
        "year_group": 10,
        "help_with": "I failed maths and don't know what to do next.",
        "contact_method": "email",
        "email": "sam.student@example.org",
        "topics": [{"kind": "route", "slug": "apprenticeship", "title": "Apprenticeships"}],
        "transcript": [
            {"who": "student", "text": "i failed maths what now"},
            {"who": "bot", "text": "That sounds like a lot to think about."},
        ],
        "requested_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    ticket.update(fields)
    return ticket


@pytest.fixture(params=["sqlite", "postgresql"])
def inbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Inbox]:
    with fresh_database(request.param, tmp_path) as url, smtp_server() as mailbox:
        seed(url)
        settings = WebSettings(
            rasa_url=f"http://127.0.0.1:{free_port()}",
            database_url=url,
            tracker_database_url=f"sqlite:///{tmp_path / 'tracker.db'}",
            service_token=SERVICE_TOKEN,
            mail_retry_seconds=0.5,
            mail=MailSettings(
                sender="careers-assistant@test.example.org",
                smtp_host="127.0.0.1",
                smtp_port=mailbox.port,
                drop_folder=tmp_path / "mail",
                inbox_url="http://inbox.test",
            ),
        )
        with TestClient(create_app(settings)) as client:
            yield Inbox(client, mailbox, url)
