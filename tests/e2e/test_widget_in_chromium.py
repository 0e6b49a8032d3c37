"""The chat widget in real Chromium against the real stack, as students use it: on a
phone and a desktop, by mouse and by keyboard, across pages and reloads, offline for a
moment, on the school's own website, and with axe-core checking every state.

Screenshots of the main states go to test-output/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ops.processes import Stack
from ops.settings import free_port
from tests.e2e.browser import screenshot_path
from tests.e2e.widget import (
    announced,
    axe_violations,
    bot_messages,
    focused_in_widget,
    last_bot_message,
    message_box,
    my_messages,
    open_widget,
    small_targets,
    widget_says,
)
from tests.people import HUB, PASSWORD

pytestmark = pytest.mark.e2e
QUESTION = "what jobs are there in digital?"
ANSWER = "software developer"


@pytest.fixture
def context(stack: Stack, browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=stack.settings.web_url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.goto("/")
    return page


def ask_about_digital(page: Page) -> None:
    widget_says(page, QUESTION)
    expect(last_bot_message(page)).to_contain_text(ANSWER, ignore_case=True)


def test_a_question_is_answered_with_its_source_card(page: Page) -> None:
    page.screenshot(path=screenshot_path("widget-closed"))
    open_widget(page)
    page.screenshot(path=screenshot_path("widget-greeting"))
    ask_about_digital(page)
    card = page.get_by_role("link", name="Digital and technology")
    expect(card).to_contain_text("Sector")
    assert card.get_attribute("href").endswith("/k/sector/digital")
    live_region = page.locator("[aria-live=polite]")  # the answer is read out
    expect(live_region).to_contain_text(ANSWER, ignore_case=True)
    page.screenshot(path=screenshot_path("widget-answer-with-source"))


def test_a_quick_reply_asks_for_the_student(page: Page) -> None:
    open_widget(page)
    ask_about_digital(page)
    choice = page.locator(".choices button").first
    title = choice.text_content()
    choice.click()
    expect(my_messages(page).last).to_have_text(title)
    expect(last_bot_message(page)).to_contain_text(title.split()[0], ignore_case=True)
    pressed = page.get_by_role("button", name=title, exact=True)
    expect(pressed).to_have_count(0)  # a choice is made once
    page.screenshot(path=screenshot_path("widget-quick-reply"))


def test_the_chat_survives_reloads_and_pages_and_can_be_cleared(page: Page) -> None:
    open_widget(page)
    ask_about_digital(page)
    page.reload()
    expect(last_bot_message(page)).to_contain_text(ANSWER, ignore_case=True)
    assert announced(page) == "", "the history is not read out again after a reload"
    page.get_by_role("link", name="Careers events", exact=True).click()
    expect(page).to_have_url(re.compile(r"/demo/events$"))
    expect(my_messages(page)).to_have_text([QUESTION])
    page.get_by_role("button", name="Clear chat").click()
    page.get_by_role("button", name="Yes, clear it").click()
    expect(my_messages(page)).to_have_count(0)
    expect(bot_messages(page)).to_have_count(1)  # the greeting again
    page.reload()
    expect(my_messages(page)).to_have_count(0)


def test_closing_the_browser_forgets_the_chat_unless_the_student_keeps_it(
    stack: Stack, browser: Browser, page: Page, context: BrowserContext
) -> None:
    open_widget(page)
    ask_about_digital(page)
    assert not history_after_closing(stack, browser, context), "nothing kept by default"
    page.get_by_role("checkbox", name="Keep this chat on this device").check()
    assert history_after_closing(stack, browser, context) == [QUESTION]


def history_after_closing(stack: Stack, browser: Browser, context: BrowserContext) -> list[str]:
    """What a student sees after closing the browser and coming back to the page."""
    later = browser.new_context(
        base_url=stack.settings.web_url, storage_state=context.storage_state()
    )
    try:
        page = later.new_page()
        page.goto("/")
        page.locator("careers-assistant").wait_for(state="attached")
        return my_messages(page).all_text_contents()
    finally:
        later.close()


def test_keyboard_only_from_launcher_to_answer_and_back(page: Page) -> None:
    for _ in range(30):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if (focused_in_widget(page) or {}).get("label") == "Careers chat":
            break
    launcher = focused_in_widget(page)
    assert launcher == {"label": "Careers chat", "outline": "solid 3px"}, launcher
    page.keyboard.press("Enter")
    assert focused_in_widget(page)["label"] == "Your message", "focus moves into the chat"
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    expect(last_bot_message(page)).to_contain_text(ANSWER, ignore_case=True)
    page.keyboard.press("Shift+Tab")  # back from the box to the last quick reply
    choice = focused_in_widget(page)
    assert choice["outline"] == "solid 3px", "focus is visible"
    answers_so_far = bot_messages(page).count()
    page.keyboard.press("Enter")
    expect(my_messages(page).last).to_have_text(choice["label"])
    expect(bot_messages(page).nth(answers_so_far)).to_be_visible()  # the choice is answered
    page.keyboard.press("Escape")
    expect(message_box(page)).to_be_hidden()
    assert focused_in_widget(page)["label"] == "Careers chat", "focus returns to the launcher"


@pytest.mark.parametrize(
    ("query", "name"), [("", "school-colour"), ("?accent=%23ffe14d&position=left", "pale-accent")]
)
def test_axe_finds_nothing_to_fix_closed_open_and_answering(
    page: Page, query: str, name: str
) -> None:
    page.goto("/" + query)
    assert axe_violations(page) == []
    open_widget(page)
    ask_about_digital(page)
    assert axe_violations(page) == []
    page.screenshot(path=screenshot_path(f"widget-{name}"))


def test_html_and_script_in_a_message_stay_plain_text(page: Page) -> None:
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script><b>hi</b>'
    open_widget(page)
    widget_says(page, attack)
    expect(my_messages(page).last).to_have_text(attack)
    expect(bot_messages(page).nth(1)).to_be_visible()  # the bot has answered
    assert page.evaluate("window.pwned") is None
    assert page.locator("careers-assistant img, careers-assistant b").count() == 0
    page.screenshot(path=screenshot_path("widget-injection-as-text"))


@pytest.mark.parametrize(("width", "height", "name"), [(320, 640, "phone"), (640, 400, "zoom-200")])
def test_narrow_screens_and_200_percent_zoom(
    context: BrowserContext, width: int, height: int, name: str
) -> None:
    """320 CSS pixels is a small phone; 640 by 400 is a 1280 by 800 screen at 200% zoom."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    open_widget(page)
    ask_about_digital(page)
    panel = page.get_by_role("dialog", name="Careers assistant").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width
    assert panel["y"] >= 0 and panel["y"] + panel["height"] <= height
    expect(message_box(page)).to_be_in_viewport()
    assert small_targets(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_path(f"widget-{name}"))


def test_a_message_typed_while_offline_is_sent_when_the_line_is_back(
    page: Page, context: BrowserContext
) -> None:
    open_widget(page)
    context.set_offline(True)
    widget_says(page, QUESTION)
    expect(page.get_by_text("Not sent yet. I'll keep trying.")).to_be_visible()
    page.screenshot(path=screenshot_path("widget-offline"))
    context.set_offline(False)
    expect(last_bot_message(page)).to_contain_text(ANSWER, ignore_case=True, timeout=30_000)
    expect(page.get_by_text("Not sent yet. I'll keep trying.")).to_have_count(0)
    expect(my_messages(page)).to_have_text([QUESTION])


# --- on a school's own website ---------------------------------------------------------

HOSTILE_PAGE = """<!doctype html><html lang="en"><head><title>North Academy</title>
<style>
  button {{ background: rgb(255, 0, 0) !important; font-family: serif !important; }}
  p, div, span {{ color: rgb(0, 128, 0); font-size: 30px; }}
</style></head><body><main><h1>North Academy careers</h1>
<button id="page-button">A button of the school's own</button></main>
<script src="{web}/widget/widget.js" data-school="north-academy" defer></script>
</body></html>"""


@pytest.fixture
def school_site(stack: Stack, tmp_path: Path) -> Iterator[str]:
    """A school's website on another origin, with styles that would clash with any widget."""
    (tmp_path / "index.html").write_text(HOSTILE_PAGE.format(web=stack.settings.web_url))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    allow_websites(stack, [])


def allow_websites(stack: Stack, websites: list[str]) -> None:
    with httpx.Client(base_url=stack.settings.web_url) as client:
        token = client.post("/api/session", json={"email": HUB, "password": PASSWORD}).json()
        response = client.put(
            "/api/schools/north-academy/websites",
            json={"allowed_origins": websites},
            headers={"Authorization": f"Bearer {token['token']}"},
        )
        response.raise_for_status()


def test_on_a_school_website_only_once_the_school_lists_it(
    stack: Stack, context: BrowserContext, school_site: str
) -> None:
    page = context.new_page()
    page.goto(school_site)
    open_widget(page)
    widget_says(page, QUESTION)
    expect(page.locator(".msg.note").last).to_contain_text("isn't set up for this website")
    page.screenshot(path=screenshot_path("widget-refused-on-unlisted-website"))

    allow_websites(stack, [school_site])
    widget_says(page, QUESTION)
    expect(last_bot_message(page)).to_contain_text(ANSWER, ignore_case=True)
    page.screenshot(path=screenshot_path("widget-on-a-school-website"))


def test_the_page_and_the_widget_do_not_restyle_each_other(
    context: BrowserContext, school_site: str
) -> None:
    page = context.new_page()
    page.goto(school_site)
    launcher = page.get_by_role("button", name="Careers chat")
    style = launcher.evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontFamily]"
    )
    assert style[0] != "rgb(255, 0, 0)" and style[1].split(",")[0].strip() != "serif"
    own = page.locator("#page-button").evaluate("b => getComputedStyle(b).backgroundColor")
    assert own == "rgb(255, 0, 0)", "the widget leaves the school's own buttons alone"
    open_widget(page)
    greeting = bot_messages(page).first.evaluate("p => getComputedStyle(p).fontSize")
    assert greeting == "16px"


# --- parts of the chat contract the bot will send in later issues ------------------------

SIGNPOSTING = [
    {
        "text": "Thank you for telling me. You don't have to deal with this on your own.",
        "custom": {
            "safeguarding": {
                "services": [
                    {"name": "Childline", "contact": "0800 1111"},
                    {"name": "Shout", "contact": "text SHOUT to 85258"},
                ]
            },
            "ambassador": {"stage": "queued", "reference": "AQ-123456"},
        },
    }
]


def test_signposting_is_a_panel_with_tap_to_call_links(page: Page) -> None:
    """The widget's side of ``custom.safeguarding`` and ``custom.ambassador``, with the
    web service's answer given by the test: the bot sends these from issues 7 and 8."""
    page.route("**/api/chat", lambda route: route.fulfill(json=SIGNPOSTING))
    open_widget(page)
    widget_says(page, "a message the bot takes as a disclosure")
    help_panel = page.get_by_role("region", name="Help you can get now")
    expect(help_panel.get_by_role("link", name="Childline 0800 1111")).to_have_attribute(
        "href", "tel:08001111"
    )
    shout = help_panel.get_by_role("link", name="Shout text SHOUT to 85258")
    expect(shout).to_have_attribute("href", "sms:85258?&body=SHOUT")
    expect(page.get_by_role("status")).to_have_text("Your question is with an apprentice")
    assert axe_violations(page) == []
    page.screenshot(path=screenshot_path("widget-safeguarding-panel"))
