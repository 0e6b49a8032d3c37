"""The web service on a real database for the abuse tests, with rates and a clock they set.

Rasa is not started: its address is a closed port, so a chat message that gets through
the limits is answered with the relay's kind 503.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inbox.notify import MailSettings
from ops.settings import free_port
from tests.databases import fresh_database
from tests.inbox.conftest import SERVICE_TOKEN, new_ticket
from tests.people import PASSWORD, seed
from web.app import create_app
from web.limits import Limiter, Rate
from web.settings import RateLimits, WebSettings

REDIS_URL = "redis://127.0.0.1:6379/0"
# So many that only the rate limit tests ever meet a limit.
GENEROUS = RateLimits(**{f.name: Rate(100_000, 60) for f in dataclasses.fields(RateLimits)})


class FakeClock:
    """Seconds since the epoch, moved on by the test. It starts on the edge of a window."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.moment = start

    def __call__(self) -> float:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += seconds


@dataclass
class Service:
    """A test client of the web service, with the ways in that the tests need."""

    client: TestClient
    database_url: str

    @property
    def app(self) -> FastAPI:
        return self.client.app

    def login(self, email: str) -> dict[str, str]:
        response = self.client.post("/api/session", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def as_bot(self, **fields) -> dict:
        ticket = new_ticket(**fields)
        response = self.client.post("/api/handoffs", json=ticket, headers=BOT)
        assert response.status_code == 201, response.text
        return ticket


BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}


def settings_for(database_url: str, folder: Path, **changes) -> WebSettings:
    """Test settings: Rasa absent, emails written to ``folder``, rates generous."""
    defaults = dict(
        environment="development",
        rasa_url=f"http://127.0.0.1:{free_port()}",
        database_url=database_url,
        tracker_database_url=f"sqlite:///{folder / 'tracker.db'}",
        service_token=SERVICE_TOKEN,
        mail=MailSettings(
            sender="careers-assistant@test.example.org",
            smtp_host=None,
            smtp_port=25,
            drop_folder=folder / "mail",
            inbox_url="http://inbox.test",
        ),
        rates=GENEROUS,
        redis_url=None,
    )
    return WebSettings(**{**defaults, **changes})


@contextmanager
def serving(
    settings: WebSettings, limiter: Limiter | None = None, address: str = "testclient"
) -> Iterator[Service]:
    app = create_app(settings, limiter=limiter)
    with TestClient(app, client=(address, 50000)) as client:
        yield Service(client, settings.database_url)


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[str]:
    with fresh_database("sqlite", tmp_path) as url:
        seed(url)
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        seed(url)
        yield url


@pytest.fixture
def service(database_url: str, tmp_path: Path) -> Iterator[Service]:
    """The service on SQLite and on PostgreSQL, with rates that are never met."""
    with serving(settings_for(database_url, tmp_path)) as running:
        yield running


@dataclass
class RedisSpace:
    """A Redis client and a key prefix of this test's own, emptied afterwards."""

    client: redis.Redis
    prefix: str

    def stored_keys(self) -> list[bytes]:
        return list(self.client.scan_iter(match=f"{self.prefix}*"))


@pytest.fixture
def redis_space() -> Iterator[RedisSpace]:
    client = redis.Redis.from_url(REDIS_URL)
    space = RedisSpace(client, f"careers-test:{uuid.uuid4().hex}:")
    try:
        yield space
    finally:
        for key in space.stored_keys():
            client.delete(key)
        client.close()
