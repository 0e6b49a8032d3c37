"""Secrets come from the environment, and in production the service will not start with a
missing, short or example service token, or with login cookies allowed over plain HTTP."""

from __future__ import annotations

import re
import secrets

import pytest

from contract.secrets import UnsafeSettingsError
from ops.settings import StackSettings
from tests.conftest import REPO
from web.app import create_app
from web.settings import WebSettings

GOOD_TOKEN = secrets.token_urlsafe(32)


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A production environment that is safe until a test changes one thing."""
    monkeypatch.setenv("CAREERS_ENV", "production")
    monkeypatch.setenv("CAREERS_SERVICE_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("CAREERS_SECURE_COOKIES", "1")
    monkeypatch.setenv("CAREERS_DATABASE_URL", "sqlite://")
    return monkeypatch


def env_example() -> str:
    return (REPO / ".env.example").read_text()


def documented_example_token() -> str:
    return re.search(r"^# CAREERS_SERVICE_TOKEN=(\S+)$", env_example(), re.MULTILINE).group(1)


def test_a_safe_production_environment_starts(production: pytest.MonkeyPatch) -> None:
    app = create_app()
    assert app.state.settings.service_token == GOOD_TOKEN


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (None, "CAREERS_SERVICE_TOKEN is not set"),
        ("", "CAREERS_SERVICE_TOKEN is not set"),
        ("a" * 31, "CAREERS_SERVICE_TOKEN is too short (31 characters)"),
        (documented_example_token(), "CAREERS_SERVICE_TOKEN is an example value"),
        ("test-service-token", "CAREERS_SERVICE_TOKEN is an example value"),
    ],
)
def test_production_refuses_an_unsafe_service_token(
    production: pytest.MonkeyPatch, token: str | None, says: str
) -> None:
    if token is None:
        production.delenv("CAREERS_SERVICE_TOKEN")
    else:
        production.setenv("CAREERS_SERVICE_TOKEN", token)
    with pytest.raises(UnsafeSettingsError, match=re.escape(says)):
        create_app()


@pytest.mark.parametrize("value", [None, "0", "yes", "true"])
def test_production_needs_secure_cookies(production: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        production.delenv("CAREERS_SECURE_COOKIES")
    else:
        production.setenv("CAREERS_SECURE_COOKIES", value)
    with pytest.raises(UnsafeSettingsError, match="CAREERS_SECURE_COOKIES must be 1"):
        create_app()


def test_every_problem_is_named_at_once(production: pytest.MonkeyPatch) -> None:
    production.delenv("CAREERS_SERVICE_TOKEN")
    production.delenv("CAREERS_SECURE_COOKIES")
    with pytest.raises(UnsafeSettingsError) as refused:
        create_app()
    assert "CAREERS_SERVICE_TOKEN" in str(refused.value)
    assert "CAREERS_SECURE_COOKIES" in str(refused.value)


def test_outside_production_the_defaults_still_start(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CAREERS_ENV", "CAREERS_SERVICE_TOKEN", "CAREERS_SECURE_COOKIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CAREERS_DATABASE_URL", "sqlite://")
    assert create_app().state.settings.service_token is None


def test_the_secrets_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREERS_SERVICE_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv("CAREERS_REDIS_URL", "redis://cache.internal:6379/2")
    settings = WebSettings()
    assert (settings.service_token, settings.redis_url) == (
        GOOD_TOKEN,
        "redis://cache.internal:6379/2",
    )


def test_the_documented_example_rates_are_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """.env.example shows the defaults; reading it as the environment changes nothing."""
    documented = dict(
        re.findall(r"^(CAREERS_(?:RATE_\w+|MAX_BODY_BYTES))=(\S+)$", env_example(), re.M)
    )
    assert len(documented) == 11
    for name in documented:
        monkeypatch.delenv(name, raising=False)
    defaults = WebSettings(database_url="sqlite://")
    for name, value in documented.items():
        monkeypatch.setenv(name, value)
    assert WebSettings(database_url="sqlite://").rates == defaults.rates
    assert WebSettings(database_url="sqlite://").max_body_bytes == defaults.max_body_bytes


@pytest.mark.parametrize(
    "name", ["CAREERS_SERVICE_TOKEN", "CAREERS_ACTION_TOKEN", "CAREERS_RASA_TOKEN"]
)
def test_the_stack_will_not_make_up_a_secret_in_production(
    production: pytest.MonkeyPatch, name: str
) -> None:
    """Outside production each run makes its own secrets; in production each must be set."""
    for secret in ("CAREERS_SERVICE_TOKEN", "CAREERS_ACTION_TOKEN", "CAREERS_RASA_TOKEN"):
        production.setenv(secret, GOOD_TOKEN)
    production.delenv(name)
    with pytest.raises(UnsafeSettingsError, match=f"{name} is not set"):
        StackSettings()
    production.setenv(name, "short")
    with pytest.raises(UnsafeSettingsError, match=f"{name} is too short"):
        StackSettings()
    production.setenv(name, GOOD_TOKEN)
    assert getattr(StackSettings(), name.removeprefix("CAREERS_").lower()) == GOOD_TOKEN
