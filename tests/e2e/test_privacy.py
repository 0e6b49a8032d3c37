"""Privacy by design over the real stack: what is stored has contact details removed, logs
hold no message text, a student can erase their conversation, and the widget sets no
cookies and asks nothing of anyone but our own service."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine, select

from ops.processes import Stack
from ops.settings import REPO
from privacy.conversations import events
from tests.e2e.conftest import ChatClient
from tests.e2e.widget import last_bot_message, open_widget, widget_says

pytestmark = pytest.mark.e2e
CONTACT = "my email is sam.student@example.org, i live at 12 Acacia Avenue NE6 5AA"


def chat(stack: Stack, name: str) -> ChatClient:
    sender = "w" + hashlib.sha1(name.encode()).hexdigest()[:20]
    return ChatClient(stack.settings.web_url, "/api/chat", sender)


def stored_events(stack: Stack, sender: str) -> list[str]:
    """What Rasa's tracker store holds for a conversation (its events' JSON)."""
    engine = create_engine(stack.settings.tracker_database_url)
    with engine.connect() as connection:
        query = select(events.c.data).where(events.c.sender_id == sender)
        return list(connection.scalars(query))


def test_the_tracker_store_keeps_no_contact_details(stack: Stack) -> None:
    student = chat(stack, "contact details")
    student.say(CONTACT)
    stored = "\n".join(stored_events(stack, student.sender))
    assert "[email removed]" in stored and "[address removed]" in stored
    for detail in ("sam.student@example.org", "Acacia", "NE6 5AA"):
        assert detail not in stored


def test_the_logs_hold_no_message_text(stack: Stack) -> None:
    marker = "zebracrossing what jobs are there in digital?"
    chat(stack, "logs").say(marker)
    for log in (REPO / "test-output" / "logs").glob("*.log"):
        assert "zebracrossing" not in log.read_text(errors="replace"), log.name


def test_a_student_erases_their_conversation(stack: Stack) -> None:
    student = chat(stack, "erase me")
    student.say("what jobs are there in digital?")
    assert stored_events(stack, student.sender)
    response = httpx.post(
        stack.settings.web_url + "/api/chat/forget", json={"sender": student.sender}, timeout=30
    )
    assert response.json() == {"deleted": True}
    assert stored_events(stack, student.sender) == []


def test_the_widget_sets_no_cookies_and_talks_only_to_our_service(
    stack: Stack, browser: Browser
) -> None:
    context = browser.new_context(base_url=stack.settings.web_url)
    hosts: set[str] = set()
    context.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page = context.new_page()
    page.goto("/")
    open_widget(page)
    widget_says(page, "what jobs are there in digital?")
    expect(last_bot_message(page)).to_contain_text("software developer", ignore_case=True)
    page.get_by_role("link", name="Privacy").click()
    assert hosts == {urlsplit(stack.settings.web_url).netloc}
    assert context.cookies() == []
    context.close()


def test_clear_chat_erases_the_conversation_on_the_server_too(
    stack: Stack, browser: Browser
) -> None:
    context = browser.new_context(base_url=stack.settings.web_url)
    page = context.new_page()
    page.goto("/")
    open_widget(page)
    widget_says(page, "what jobs are there in digital?")
    expect(last_bot_message(page)).to_contain_text("software developer", ignore_case=True)
    sender = page.evaluate(
        "JSON.parse(sessionStorage.getItem('careers-assistant:demo-school')).sender"
    )
    assert stored_events(stack, sender)
    page.get_by_role("button", name="Clear chat").click()
    page.get_by_role("button", name="Yes, clear it").click()
    expect(page.locator(".msg.me")).to_have_count(0)
    page.wait_for_timeout(1000)
    assert stored_events(stack, sender) == []
    context.close()
