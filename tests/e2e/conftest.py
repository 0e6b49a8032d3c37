"""The real stack: Rasa server, action server and web service on free ports, own database."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser

from ops.processes import Stack
from ops.settings import REPO, StackSettings
from ops.training import train_if_needed
from tests.conftest import load_real_content
from tests.databases import sqlite_url
from tests.e2e.browser import chromium
from tests.mail import Mailbox, smtp_server
from tests.people import seed as seed_inbox

# The day the content was written: its opportunities are open then, so tests stay true.
PINNED_TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, once per test module."""
    with chromium() as running:
        yield running


@pytest.fixture(scope="session")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as running:
        yield running


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, mailbox: Mailbox) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("stack")
    settings = StackSettings.on_free_ports(
        sqlite_url(data_dir),
        today=PINNED_TODAY,
        var_dir=data_dir,
        extra_env={
            "CAREERS_SMTP_HOST": "127.0.0.1",
            "CAREERS_SMTP_PORT": str(mailbox.port),
            "CAREERS_MAIL_RETRY_SECONDS": "1",
            "CAREERS_OUTBOX_RETRY_SECONDS": "1",
            # Every test talks from 127.0.0.1, far faster than any school: limits per
            # address are proved in tests/abuse, not here.
            "CAREERS_RATE_CHAT_PER_ADDRESS": "100000/60",
            "CAREERS_RATE_UPDATES_PER_ADDRESS": "100000/60",
            "CAREERS_RATE_API_PER_ADDRESS": "100000/60",
            "CAREERS_RATE_LOGINS_PER_ADDRESS": "100000/60",
        },
    )
    load_real_content(settings.database_url)
    seed_inbox(settings.database_url)
    model = train_if_needed(settings)
    log_dir = REPO / "test-output" / "logs"
    with Stack(settings, model, log_dir=log_dir) as running:
        groups = [process.pid for process in running.processes.values()]
        yield running
    survivors = [pid for pid in groups if _group_alive(pid)]
    assert not survivors, f"processes left behind after stopping the stack: {survivors}"


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


class ChatClient:
    """Talks to the bot the way a client of the chat contract does."""

    def __init__(self, base_url: str, path: str, sender: str):
        self.url = base_url + path
        self.sender = sender

    def say(self, message: str, **metadata: str) -> list[dict]:
        body: dict = {"sender": self.sender, "message": message}
        if metadata:
            body["metadata"] = metadata
        response = httpx.post(self.url, json=body, timeout=60)
        response.raise_for_status()
        return response.json()


def rest_chat(stack: Stack, conversation: str) -> ChatClient:
    """A new conversation over Rasa's REST channel, its sender id derived from a name."""
    sender = "c" + hashlib.sha1(conversation.encode()).hexdigest()[:16]
    return ChatClient(stack.settings.rasa_url, "/webhooks/rest/webhook", sender)


@pytest.fixture
def rasa_chat(stack: Stack, request: pytest.FixtureRequest) -> ChatClient:
    return rest_chat(stack, request.node.nodeid)


@pytest.fixture
def widget_chat(stack: Stack, request: pytest.FixtureRequest) -> ChatClient:
    sender = "w" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    return ChatClient(stack.settings.web_url, "/api/chat", sender)
