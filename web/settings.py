"""The web service's settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from inbox.notify import MailSettings
from knowledge.db import REPO_ROOT, database_url


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or default


@dataclass(frozen=True)
class WebSettings:
    rasa_url: str = field(default_factory=lambda: _env("CAREERS_RASA_URL", "http://127.0.0.1:5005"))
    database_url: str = field(default_factory=database_url)
    max_message_chars: int = field(
        default_factory=lambda: int(_env("CAREERS_MAX_MESSAGE_CHARS", "500"))
    )
    rasa_timeout_seconds: float = 30.0
    # Shared with the action server, which sends hand-off tickets with it.
    service_token: str | None = field(default_factory=lambda: _env("CAREERS_SERVICE_TOKEN"))
    # Cookies only over HTTPS: on in production, off for http://localhost.
    secure_cookies: bool = field(default_factory=lambda: _env("CAREERS_SECURE_COOKIES") == "1")
    mail_retry_seconds: float = field(
        default_factory=lambda: float(_env("CAREERS_MAIL_RETRY_SECONDS", "30"))
    )
    # Where people reach this service: links in emails, and the service's own website.
    public_url: str = field(default_factory=lambda: public_url())
    mail: MailSettings = field(default_factory=lambda: mail_settings())


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
