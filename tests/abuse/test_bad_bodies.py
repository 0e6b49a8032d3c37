"""Bad request bodies on every POST and PUT endpoint get a clear 4xx JSON answer with a
``detail``: never a server error, never a stack trace. Bodies over the size limit get a
kind 413 before they are read, whether or not they say how long they are."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from tests.abuse.conftest import BOT, Service, serving, settings_for
from tests.abuse.routes import Endpoint, concrete_path, listed_endpoints
from tests.databases import fresh_database
from tests.people import HUB, seed
from web.auth import bot_service
from web.limits import TOO_BIG

JSON = "application/json"
MULTIPART = "multipart/form-data; boundary=xx"
_junk = random.Random(7)
BAD_BODIES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", JSON),
    "binary junk": (bytes(_junk.randrange(256) for _ in range(4096)), "application/octet-stream"),
    "binary junk said to be JSON": (bytes(_junk.randrange(256) for _ in range(4096)), JSON),
    "invalid UTF-8": (b'{"text": "caf\xe9 \xff\xfe \xc3\x28", "sender": "a\x80"}', JSON),
    "malformed JSON": (b'{"text": "hello", "sender": ', JSON),
    "JSON of the wrong shape": (b'[{"text": "hello"}]', JSON),
    "JSON null": (b"null", JSON),
    "NaN and Infinity": (b'{"text": NaN, "after": Infinity, "year_group": -Infinity}', JSON),
    "numbers too big": (b'{"after": 1e999999, "account_id": 123456789012345678901234567890}', JSON),
    "lists nested 30000 deep": (b"[" * 30_000 + b"]" * 30_000, JSON),
    "objects nested 10000 deep": (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, JSON),
    "JSON said to be plain text": (b'{"text": "hello", "sender": "abc"}', "text/plain"),
    "a form instead of JSON": (b"text=hello&sender=abc", "application/x-www-form-urlencoded"),
    "broken multipart": (b"--xx\r\nContent-Disposition: form-data\r\n\r\njunk", MULTIPART),
    "multipart without a boundary": (b"junk", "multipart/form-data"),
    "XML with an entity": (b'<!DOCTYPE x [<!ENTITY a "aa">]><x>&a;</x>', "application/xml"),
}  # fmt: skip

ENDPOINTS = [e for e in listed_endpoints() if e.method in ("POST", "PUT")]
READING = [e for e in ENDPOINTS if e.reads_body]
NOT_READING = [e for e in ENDPOINTS if not e.reads_body]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """One service for the module (SQLite): these answers do not depend on the database."""
    folder = tmp_path_factory.mktemp("bad-bodies")
    with fresh_database("sqlite", folder) as url:
        seed(url)
        with serving(settings_for(url, folder)) as running:
            yield running


@pytest.fixture(scope="module")
def ticket(service: Service) -> dict:
    return service.as_bot()


@pytest.fixture(scope="module")
def admin(service: Service) -> dict[str, str]:
    return service.login(HUB)


def send(service: Service, endpoint: Endpoint, ticket: dict, admin: dict, body, content_type):
    """Send ``body`` to the endpoint with the right credentials, so it is the body that is
    judged (the bot's token for the ticket endpoint, an admin's login for the rest)."""
    path = concrete_path(
        endpoint,
        reference=ticket["reference"],
        slug="north-academy",
        account_id=1,
        token="not-a-real-invitation",
    )
    headers = dict(BOT if endpoint.depends_on(bot_service) else admin)
    if content_type:
        headers["Content-Type"] = content_type
    return service.client.request(endpoint.method, path, content=body, headers=headers)


def assert_clear_refusal(response, *statuses: int) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if statuses:
        assert response.status_code in statuses
    assert response.headers["content-type"].startswith(JSON)
    assert response.json()["detail"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize("endpoint", READING, ids=str)
@pytest.mark.parametrize("name", BAD_BODIES)
def test_a_bad_body_gets_a_clear_4xx(
    service: Service, ticket: dict, admin: dict, endpoint: Endpoint, name: str
) -> None:
    body, content_type = BAD_BODIES[name]
    assert_clear_refusal(send(service, endpoint, ticket, admin, body, content_type))


@pytest.mark.parametrize("endpoint", NOT_READING, ids=str)
@pytest.mark.parametrize("name", BAD_BODIES)
def test_an_endpoint_without_a_body_ignores_one_safely(
    service: Service, ticket: dict, admin: dict, endpoint: Endpoint, name: str
) -> None:
    body, content_type = BAD_BODIES[name]
    response = send(service, endpoint, ticket, admin, body, content_type)
    assert response.status_code < 500, response.text[:300]


ENORMOUS = {
    "lists nested 100000 deep": b"[" * 100_000 + b"]" * 100_000,
    "a megabyte of text": b'{"text": "' + b"a" * 1_000_000 + b'"}',
}


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
@pytest.mark.parametrize("name", ENORMOUS)
def test_an_enormous_body_is_refused_kindly_before_it_is_read(
    service: Service, ticket: dict, admin: dict, endpoint: Endpoint, name: str
) -> None:
    response = send(service, endpoint, ticket, admin, ENORMOUS[name], JSON)
    assert_clear_refusal(response, 413)
    assert response.json() == {"detail": TOO_BIG}


@pytest.mark.parametrize("endpoint", READING, ids=str)
def test_an_enormous_body_that_does_not_say_its_length_is_cut_off(
    service: Service, ticket: dict, admin: dict, endpoint: Endpoint
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"email=" if endpoint.reads_form else b'{"text": "'
        for _ in range(100):
            yield b"a" * 10_000

    content_type = "application/x-www-form-urlencoded" if endpoint.reads_form else JSON
    response = send(service, endpoint, ticket, admin, chunks(), content_type)
    assert "content-length" not in {k.lower() for k in response.request.headers}
    assert_clear_refusal(response, 413)
    assert response.json() == {"detail": TOO_BIG}


def test_a_body_just_under_the_limit_is_read(service: Service) -> None:
    body = b'{"sender": "abc", "message": "hello"}'
    padded = body + b" " * (service.app.state.settings.max_body_bytes - len(body))
    response = service.client.post("/api/chat", content=padded, headers={"Content-Type": JSON})
    assert response.status_code == 503  # read, and passed on to Rasa, which is not running
