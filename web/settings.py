"""The web service's settings, read from the environment once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from knowledge.db import database_url


@dataclass(frozen=True)
class WebSettings:
    rasa_url: str = field(
        default_factory=lambda: os.environ.get("CAREERS_RASA_URL", "http://127.0.0.1:5005")
    )
    database_url: str = field(default_factory=database_url)
    max_message_chars: int = field(
        default_factory=lambda: int(os.environ.get("CAREERS_MAX_MESSAGE_CHARS", 500))
    )
    rasa_timeout_seconds: float = 30.0
