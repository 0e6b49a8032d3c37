"""Using the chat widget in Chromium the way a student does, and checking it with axe-core.

Playwright's locators reach inside the widget's open shadow root, so tests find its parts
by role and name, as assistive technology does.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Locator, Page, expect

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"


def open_widget(page: Page) -> None:
    page.get_by_role("button", name="Careers chat").click()
    expect(message_box(page)).to_be_focused()


def message_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Your message")


def widget_says(page: Page, text: str) -> None:
    box = message_box(page)
    box.fill(text)
    box.press("Enter")


def bot_messages(page: Page) -> Locator:
    return page.locator(".msg.bot")


def last_bot_message(page: Page) -> Locator:
    return bot_messages(page).last


def my_messages(page: Page) -> Locator:
    return page.locator(".msg.me")


def tap(page: Page, title: str) -> None:
    page.get_by_role("button", name=title).last.click()


def announced(page: Page) -> str:
    """What the polite live region holds: the newest messages, for screen readers."""
    return page.locator("careers-assistant").evaluate(
        "host => host.shadowRoot.querySelector('[aria-live=polite]').textContent"
    )


def axe_violations(page: Page) -> list[dict]:
    """axe-core's violations for the whole page, the widget's shadow root included. axe is
    run through the DevTools protocol: the page's CSP (script-src 'self') rightly refuses
    an injected inline script, and the test keeps that CSP in force."""
    page.evaluate(AXE_SCRIPT.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help,
                where: v.nodes.map(n => n.target.join(" > ")),
            }));
        }"""
    )


def focused_in_widget(page: Page) -> dict[str, str] | None:
    """The widget's focused control: its label and outline, or None if focus is elsewhere."""
    return page.evaluate(
        """() => {
            const host = document.activeElement;
            if (!host || host.tagName !== "CAREERS-ASSISTANT") return null;
            const el = host.shadowRoot.activeElement;
            if (!el) return null;
            const style = getComputedStyle(el);
            return {
                label: el.getAttribute("aria-label") || el.textContent.trim(),
                outline: style.outlineStyle + " " + style.outlineWidth,
            };
        }"""
    )


def small_targets(page: Page) -> list[str]:
    """The widget's visible buttons, links and boxes smaller than 24 by 24 CSS pixels."""
    return page.locator("careers-assistant").evaluate(
        """host => [...host.shadowRoot.querySelectorAll("button, a, input")]
            .filter(el => el.getClientRects().length)
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([, box]) => box.width < 24 || box.height < 24)
            .map(([el, box]) => `${el.textContent || el.id}: ${box.width}x${box.height}`)"""
    )
