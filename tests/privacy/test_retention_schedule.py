"""The web service runs retention on its own schedule, without anyone asking."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from knowledge.db import migrate
from tests.databases import sqlite_url
from tests.privacy.test_retention_and_erasure import chatted, days_ago, stored_conversations
from web.app import create_app
from web.settings import WebSettings


def test_the_web_service_deletes_old_conversations_on_its_schedule(tmp_path: Path) -> None:
    url, tracker = sqlite_url(tmp_path), f"sqlite:///{tmp_path / 'tracker.db'}"
    migrate(url)
    chatted(tracker, "wold000009", days_ago(45))
    chatted(tracker, "wnew000009", days_ago(1))
    settings = WebSettings(
        database_url=url, tracker_database_url=tracker, retention_interval_seconds=0.2
    )
    with TestClient(create_app(settings)):
        deadline = time.monotonic() + 10
        while "wold000009" in stored_conversations(tracker) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert stored_conversations(tracker) == {"wnew000009"}
