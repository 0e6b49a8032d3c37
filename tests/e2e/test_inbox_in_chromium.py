"""The whole hand-off in real Chromium: a student asks in the widget on the demo school
page, an adviser logs in to the inbox, claims and replies, and the reply reaches the
student's widget, and is still there when the page is opened again."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from ops.processes import Stack
from tests.e2e.browser import screenshot_path
from tests.e2e.widget import last_bot_message, open_widget, tap, widget_says
from tests.people import ADA, HUB, PASSWORD

pytestmark = pytest.mark.e2e
DEE_PASSWORD = "a long enough password"
REPLY = "Hi Sam, thanks for getting in touch. Shall we meet on Thursday at lunch?"


def student_asks_for_an_adviser(page: Page) -> str:
    widget_says(page, "can i talk to someone")
    tap(page, "Yes, go ahead")
    expect(last_bot_message(page)).to_contain_text("first name")
    for answer, next_question in [
        ("Sam", "What year are you in"),
        ("year 10", "What would you like help with"),
        ("i want to know about apprenticeships", "How should the adviser get in touch"),
    ]:
        widget_says(page, answer)
        expect(last_bot_message(page)).to_contain_text(next_question)
    tap(page, "Through my school")
    expect(last_bot_message(page)).to_contain_text("Shall I send it?")
    tap(page, "Yes, send it")
    done = last_bot_message(page)
    expect(done).to_contain_text("Your reference is NE-")
    text = done.text_content()
    return re.search(r"\bNE-[A-Z0-9]+", text).group(0)


def adviser_replies(page: Page, reference: str) -> None:
    log_in(page, ADA)
    link = page.get_by_role("link", name=reference)
    expect(link).to_be_visible()  # the new hand-off is in the list
    link.click()
    expect(page.locator("#summary")).to_contain_text("apprenticeships")
    expect(page.locator("#transcript")).to_contain_text("can i talk to someone")
    page.get_by_role("button", name="Claim").click()
    expect(page.locator("#summary")).to_contain_text("Ada")
    page.get_by_label("Reply to the student").fill(REPLY)
    page.get_by_role("button", name="Send reply").click()
    expect(page.locator("#messages")).to_contain_text(REPLY)
    page.screenshot(path=screenshot_path("inbox-handoff-replied"), full_page=True)


def test_an_adviser_answers_in_the_inbox_and_the_student_reads_it(
    stack: Stack, browser: Browser
) -> None:
    student_context = browser.new_context(base_url=stack.settings.web_url)
    student = student_context.new_page()
    student.goto("/")
    open_widget(student)
    reference = student_asks_for_an_adviser(student)
    student.screenshot(path=screenshot_path("widget-handoff-created"))

    adviser_context = browser.new_context(base_url=stack.settings.web_url)
    adviser_replies(adviser_context.new_page(), reference)

    reply = student.locator(".msg.adviser")
    expect(reply).to_contain_text(REPLY, timeout=20_000)
    expect(reply).to_contain_text("Ada, careers adviser")
    student.screenshot(path=screenshot_path("widget-adviser-reply"))

    student.reload()  # the same device, later: the reply is still there
    expect(student.locator(".msg.adviser")).to_contain_text(REPLY, timeout=20_000)


def test_an_adviser_sees_how_worrying_an_alert_is_and_what_raised_it(
    stack: Stack, browser: Browser
) -> None:
    student = browser.new_context(base_url=stack.settings.web_url).new_page()
    student.goto("/")
    open_widget(student)
    widget_says(student, "my stepdad hits me when he's drunk and im scared to go home")
    expect(student.locator(".msg.bot").last).to_contain_text("Childline", timeout=20_000)

    reference = alert_reference(stack, "scared to go home")  # other tests raise alerts too
    adviser = browser.new_context(base_url=stack.settings.web_url).new_page()
    log_in(adviser, ADA)
    alert = adviser.locator("#alert-list a").filter(has_text=f"URGENT {reference}:")
    expect(alert).to_be_visible(timeout=20_000)
    alert.click()
    summary = adviser.locator("#summary")
    expect(summary).to_contain_text("Urgent: a clear risk of harm")
    expect(summary).to_contain_text("Words that raised it")
    expect(summary).to_contain_text("Worrying messages")
    expect(adviser.locator("#transcript")).to_contain_text("scared to go home")
    adviser.screenshot(path=screenshot_path("inbox-alert"), full_page=True)


def alert_reference(stack: Stack, words: str, timeout: float = 20.0) -> str:
    """The reference of the alert whose transcript holds ``words``, as Ada's API lists it."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=stack.settings.web_url, timeout=30) as client:
        token = client.post("/api/session", json={"email": ADA, "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        while time.monotonic() < deadline:
            for alert in client.get("/api/alerts", headers=headers).json():
                if any(words in turn["text"] for turn in alert["transcript"]):
                    return alert["reference"]
            time.sleep(0.5)
    raise AssertionError(f"No alert mentions {words!r} within {timeout}s")


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/inbox/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_an_admin_adds_a_school_and_an_adviser_for_it(stack: Stack, browser: Browser) -> None:
    page = browser.new_context(base_url=stack.settings.web_url).new_page()
    log_in(page, HUB)
    page.get_by_role("link", name="Accounts and schools").click()
    school = page.locator("#new-school")
    school.get_by_label("Identifier").fill("kenton-school")
    school.get_by_label("Name").fill("Kenton School")
    school.get_by_role("button", name="Add school").click()
    expect(page.locator("#schools")).to_contain_text("Kenton School (kenton-school)")
    account = page.locator("#new-account")
    account.get_by_label("Email").fill("dee@adviser.example.org")
    account.get_by_label("Name").fill("Dee")
    account.get_by_label("Password").fill(DEE_PASSWORD)
    account.get_by_label("Schools").fill("kenton-school")
    account.get_by_role("button", name="Add account").click()
    row = page.locator("#accounts tr", has_text="dee@adviser.example.org")
    expect(row.get_by_label("Schools of dee@adviser.example.org")).to_have_value("kenton-school")
    page.screenshot(path=screenshot_path("inbox-admin"), full_page=True)

    adviser = browser.new_context(base_url=stack.settings.web_url).new_page()
    log_in(adviser, "dee@adviser.example.org", DEE_PASSWORD)
    expect(adviser.get_by_role("heading", name="Hand-offs")).to_be_visible()
    admin_page = adviser.goto("/inbox/admin")
    assert admin_page.status == 403, "an adviser cannot manage accounts"
