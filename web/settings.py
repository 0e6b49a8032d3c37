"""The web service's settings, read from the environment once at start-up.

Secrets come from the environment only. With ``CAREERS_ENV=production`` the service refuses
to start (``refuse_unsafe_production``) while a secret is missing or an example, or login
cookies could travel over plain HTTP.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.secrets import refuse_unsafe, secret_problem
from inbox.notify import MailSettings
from knowledge.db import REPO_ROOT, database_url
from privacy.conversations import tracker_database_url
from web.limits import Rate


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or default


def _rate(name: str, default: str) -> Any:
    return field(default_factory=lambda: Rate.parse(_env(name, default)))


@dataclass(frozen=True)
class RateLimits:
    """How many requests a client may make in a window (``count/seconds`` in the environment)."""

    chat_per_conversation: Rate = _rate("CAREERS_RATE_CHAT_PER_CONVERSATION", "20/60")
    # A school of 1,500 behind one router, every student sending a message in one minute.
    chat_per_address: Rate = _rate("CAREERS_RATE_CHAT_PER_ADDRESS", "1500/60")
    updates_per_conversation: Rate = _rate("CAREERS_RATE_UPDATES_PER_CONVERSATION", "30/60")
    updates_per_address: Rate = _rate("CAREERS_RATE_UPDATES_PER_ADDRESS", "3000/60")
    # The public API (the knowledge base), per address.
    api_per_address: Rate = _rate("CAREERS_RATE_API_PER_ADDRESS", "300/60")
    # Signed-in requests, per login session: apart from the public's count.
    signed_in_per_session: Rate = _rate("CAREERS_RATE_SIGNED_IN_PER_SESSION", "600/60")
    # Made-up or expired tokens from one address, before its signed-in requests wait.
    refused_credentials_per_address: Rate = _rate("CAREERS_RATE_REFUSED_CREDENTIALS", "30/60")
    # Logins: per account a burst and a window (back-off), per address far higher.
    logins_per_account_burst: Rate = _rate("CAREERS_RATE_LOGINS_PER_ACCOUNT_BURST", "3/60")
    logins_per_account: Rate = _rate("CAREERS_RATE_LOGINS_PER_ACCOUNT", "10/900")
    logins_per_address: Rate = _rate("CAREERS_RATE_LOGINS_PER_ADDRESS", "100/900")


@dataclass(frozen=True)
class WebSettings:
    # "production" turns on the start-up checks of secrets and cookies.
    environment: str = field(default_factory=lambda: _env("CAREERS_ENV", "development"))
    rasa_url: str = field(default_factory=lambda: _env("CAREERS_RASA_URL", "http://127.0.0.1:5005"))
    database_url: str = field(default_factory=database_url)
    # Rasa's stored conversations, which retention and erasure reach too.
    tracker_database_url: str = field(default_factory=tracker_database_url)
    max_message_chars: int = field(
        default_factory=lambda: int(_env("CAREERS_MAX_MESSAGE_CHARS", "500"))
    )
    # Largest request body accepted, in bytes; larger ones get 413 before they are read.
    max_body_bytes: int = field(
        default_factory=lambda: int(_env("CAREERS_MAX_BODY_BYTES", "65536"))
    )
    rasa_timeout_seconds: float = 30.0
    # Shared with the action server, which sends hand-off tickets with it.
    service_token: str | None = field(default_factory=lambda: _env("CAREERS_SERVICE_TOKEN"))
    # Cookies only over HTTPS: on in production, off for http://localhost.
    secure_cookies: bool = field(default_factory=lambda: _env("CAREERS_SECURE_COOKIES") == "1")
    mail_retry_seconds: float = field(
        default_factory=lambda: float(_env("CAREERS_MAIL_RETRY_SECONDS", "30"))
    )
    # How often retention runs (privacy/retention.py says what it deletes, and when).
    retention_interval_seconds: float = field(
        default_factory=lambda: float(_env("CAREERS_RETENTION_INTERVAL_SECONDS", "21600"))
    )
    # Where people reach this service: links in emails, and the service's own website.
    public_url: str = field(default_factory=lambda: public_url())
    mail: MailSettings = field(default_factory=lambda: mail_settings())
    rates: RateLimits = field(default_factory=RateLimits)
    # Alert emails a school gets an hour before one summary replaces them (inbox/alerts.py).
    alerts_per_school_hour: int = field(
        default_factory=lambda: int(_env("CAREERS_ALERTS_PER_SCHOOL_HOUR", "5"))
    )
    # Rate limit counts shared by several web workers; unset, each process counts alone.
    redis_url: str | None = field(default_factory=lambda: _env("CAREERS_REDIS_URL"))
    redis_key_prefix: str = "careers:rate:"
    # Reverse proxies whose X-Forwarded-For is believed (none unless set).
    trusted_proxies: frozenset[str] = field(
        default_factory=lambda: frozenset(
            p.strip() for p in (_env("CAREERS_TRUSTED_PROXIES") or "").split(",") if p.strip()
        )
    )


def public_url() -> str:
    return _env("CAREERS_PUBLIC_URL", "http://localhost:8000").rstrip("/")


def mail_settings() -> MailSettings:
    host = _env("CAREERS_SMTP_HOST")
    return MailSettings(
        sender=_env("CAREERS_MAIL_FROM", "careers-assistant@localhost"),
        smtp_host=host,
        smtp_port=int(_env("CAREERS_SMTP_PORT", "25")),
        drop_folder=Path(_env("CAREERS_MAIL_FOLDER", str(REPO_ROOT / "var" / "mail"))),
        inbox_url=public_url(),
    )


# --- production checks -------------------------------------------------------------------


def refuse_unsafe_production(settings: WebSettings) -> None:
    """In production, raise ``UnsafeSettingsError`` naming every unsafe variable."""
    if settings.environment == "production":
        service_token = secret_problem("CAREERS_SERVICE_TOKEN", settings.service_token)
        refuse_unsafe([service_token, cookie_problem(settings)])


def cookie_problem(settings: WebSettings) -> str | None:
    if settings.secure_cookies:
        return None
    return "CAREERS_SECURE_COOKIES must be 1, so login cookies are only sent over HTTPS."
