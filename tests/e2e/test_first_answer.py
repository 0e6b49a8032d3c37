"""The first real question, answered end to end through all three processes."""

import httpx
import pytest

from ops.processes import Stack
from tests.replies import cited, custom_of, text_of

pytestmark = pytest.mark.e2e


def test_digital_question_over_rasa_rest_gets_a_grounded_answer(rasa_chat) -> None:
    replies = rasa_chat.say("what jobs are there in digital?")
    assert "software developer" in text_of(replies)
    assert cited(replies)[0] == ("sector", "digital")
    record = custom_of(replies)["records"][0]
    assert record["title"] == "Digital and technology"
    assert record["url"] == "/k/sector/digital"


def test_the_web_service_relays_the_same_conversation(widget_chat) -> None:
    replies = widget_chat.say("what jobs are there in digital?", school="demo-school")
    assert cited(replies)[0] == ("sector", "digital")


def test_the_source_card_link_opens_the_record_page(stack: Stack, rasa_chat) -> None:
    record = custom_of(rasa_chat.say("what jobs are there in digital?"))["records"][0]
    page = httpx.get(stack.settings.web_url + record["url"], timeout=10)
    assert page.status_code == 200
    assert "Digital and technology" in page.text


def test_a_malformed_chat_body_gets_a_clear_4xx(stack: Stack) -> None:
    response = httpx.post(
        stack.settings.web_url + "/api/chat",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
