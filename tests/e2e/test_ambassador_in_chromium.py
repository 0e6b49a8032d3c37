"""Ambassador mode in real Chromium, every person in their own browser: an adviser invites
an apprentice, who joins on a phone; a student asks in the widget on the demo school page;
the adviser reads the question and passes it on; the apprentice answers (a guardrail stops
an offer to meet first); the adviser approves;
and the student reads the answer in the widget. Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ops.processes import Stack
from tests.e2e.browser import screenshot_path
from tests.e2e.test_inbox_in_chromium import log_in
from tests.e2e.widget import last_bot_message, open_widget, tap, widget_says
from tests.people import ADA

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
JO = "jo@ambassador.example.org"
JO_PASSWORD = "a long enough password"
QUESTION = "do nurses get a proper break on long shifts"
WORDED = "Do nurses get a proper break on long shifts?"
ANSWER = "Yes, on a 12 hour shift you get an hour of breaks, and the team covers for you."


def context_for(stack: Stack, browser: Browser, **options) -> BrowserContext:
    return browser.new_context(base_url=stack.settings.web_url, **options)


def adviser_invites(page: Page) -> str:
    log_in(page, ADA)
    page.get_by_role("link", name="Ambassadors").click()
    page.get_by_role("button", name="Make an invitation link").click()
    return page.locator("#invitation-link").text_content().strip()


def apprentice_joins(page: Page, link: str) -> None:
    page.goto(link)
    page.get_by_label("Email").fill(JO)
    page.get_by_label("Password").fill(JO_PASSWORD)
    page.get_by_label("First name").fill("Jo")
    page.get_by_label("Your apprenticeship").fill("Nursing associate")
    page.get_by_label("Level").select_option("5")
    page.get_by_label("Kind of employer").select_option(label="NHS trust")
    page.get_by_label("Area you work in").select_option(label="Sunderland")
    page.get_by_label("Health and social care").check()
    page.screenshot(path=screenshot_path("ambassador-join-phone"), full_page=True)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name="Hello Jo")).to_be_visible()


def student_asks(page: Page) -> str:
    open_widget(page)
    tap(page, "Ask an apprentice")  # one of the widget's starters
    tap(page, "Yes, ask an apprentice")
    expect(last_bot_message(page)).to_contain_text("What would you like to ask?")
    widget_says(page, QUESTION)
    expect(page.locator(".msg.note").last).to_contain_text("Keep this chat on this device")
    done = page.locator(".msg.bot", has_text="Your reference is AQ-")
    expect(done).to_be_visible()
    text = done.text_content()
    return re.search(r"\bAQ-[A-Z0-9]+", text).group(0)


def apprentice_answers(page: Page, reference: str) -> None:
    page.reload()
    card = page.locator(f"#q-{reference}")
    expect(card).to_contain_text(WORDED)
    box = card.get_by_label("Your answer")
    box.fill("Come and meet me at the hospital and I'll show you round.")
    card.get_by_role("button", name="Send for a check").click()
    card = page.locator(f"#q-{reference}")
    expect(card.get_by_role("alert")).to_contain_text("offer to meet")
    expect(card.get_by_label("Your answer")).to_have_value(
        "Come and meet me at the hospital and I'll show you round."
    )  # nothing typed is lost
    page.screenshot(path=screenshot_path("ambassador-guardrail-phone"), full_page=True)
    card.get_by_label("Your answer").fill(ANSWER)
    card.get_by_role("button", name="Send for a check").click()
    expect(page.get_by_role("status")).to_contain_text("waiting for a check")


def adviser_passes_on(page: Page, reference: str) -> None:
    page.reload()
    check = page.get_by_role("region", name=f"Question {reference}")
    box = check.get_by_label("Question as apprentices will see it")
    expect(box).to_have_value(QUESTION)
    box.fill(WORDED)
    page.screenshot(path=screenshot_path("inbox-ambassador-question-to-check"), full_page=True)
    check.get_by_role("button", name="Pass on to apprentices").click()
    expect(page.get_by_role("region", name=f"Question {reference}")).to_have_count(0)


def adviser_approves(page: Page, reference: str) -> None:
    page.reload()
    check = page.get_by_role("region", name=f"Answer to {reference}")
    expect(check).to_contain_text("Jo, Level 5 Nursing associate apprentice at an NHS trust")
    expect(check).to_contain_text("Health and social care")
    page.screenshot(path=screenshot_path("inbox-ambassador-answer-to-check"), full_page=True)
    check.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_role("region", name=f"Answer to {reference}")).to_have_count(0)


def test_a_student_asks_an_apprentice_answers_an_adviser_approves_the_student_reads_it(
    stack: Stack, browser: Browser
) -> None:
    adviser = context_for(stack, browser).new_page()
    link = adviser_invites(adviser)
    apprentice = context_for(stack, browser, viewport=PHONE).new_page()
    apprentice_joins(apprentice, link)

    student = context_for(stack, browser).new_page()
    student.goto("/")
    reference = student_asks(student)
    apprentice.reload()
    expect(apprentice.locator(f"#q-{reference}")).to_have_count(0)  # not before an adviser
    adviser_passes_on(adviser, reference)
    apprentice_answers(apprentice, reference)
    expect(student.locator(".msg.ambassador")).to_have_count(0)  # not before the check

    adviser_approves(adviser, reference)
    answer = student.locator(".msg.ambassador")
    expect(answer).to_contain_text(ANSWER, timeout=20_000)
    expect(answer).to_contain_text("Jo, Level 5 Nursing associate apprentice")
    student.screenshot(path=screenshot_path("widget-ambassador-answer"))

    apprentice.reload()
    expect(apprentice.locator("#my-answers ~ ul")).to_contain_text("Approved")
    used_again = context_for(stack, browser).new_page()
    used_again.goto(link)
    expect(used_again.locator("body")).to_contain_text("already been used")
