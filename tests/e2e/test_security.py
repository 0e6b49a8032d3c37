"""The security review's attacks, tried against the real running stack: each is refused.

- a forged action call straight to the action server (it would raise an URGENT alert for
  any school, or a hand-off with an attacker's email);
- Rasa's HTTP API without its token (every conversation, model replacement);
- a disclosure behind a leading "/" or a disguise;
- a student's email address kept in the tracker store, and student text in the logs.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from sqlalchemy import create_engine, text

from ops.processes import Stack
from ops.settings import REPO
from tests.e2e.conftest import ChatClient, rest_chat
from tests.e2e.test_handoff import Student, adviser_api, ask_for_adviser
from tests.people import HUB
from tests.replies import custom_of

pytestmark = pytest.mark.e2e
EMAIL = "riley.student@example.org"

FORGED_CALL = {
    "next_action": "action_safeguarding",
    "sender_id": "attacker",
    "version": "3.6.2",
    "domain": {},
    "tracker": {
        "sender_id": "attacker",
        "slots": {"school_slug": "north-academy"},
        "latest_message": {"text": "i want to kill myself", "intent": {"name": "disclosure"}},
        "events": [],
        "latest_event_time": 0,
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    },
}


def alert_conversations(stack: Stack) -> set[str]:
    alerts = adviser_api(stack, HUB).get("/api/alerts").json()
    return {turn["text"] for alert in alerts for turn in alert["transcript"]} | {
        alert["reference"] for alert in alerts
    }


def test_a_forged_action_call_is_refused(stack: Stack) -> None:
    before = alert_conversations(stack)
    url = f"{stack.settings.action_url}/webhook"
    anonymous = httpx.post(url, json=FORGED_CALL, timeout=30)
    guessed = httpx.post(
        url, json=FORGED_CALL, headers={"Authorization": "Bearer guess"}, timeout=30
    )
    assert anonymous.status_code == 401 and guessed.status_code == 401
    assert httpx.get(f"{stack.settings.action_url}/health", timeout=30).status_code == 200
    time.sleep(2)
    assert alert_conversations(stack) == before, "no alert was raised"


def test_the_action_server_listens_on_loopback_only(stack: Stack) -> None:
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no address but loopback")
    with socket.socket() as probe:
        probe.settimeout(2)
        refused = probe.connect_ex((outward, stack.settings.action_port)) != 0
    assert refused, f"the action server answers on {outward}"


def _outward_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = sock.getsockname()[0]
    return None if address.startswith("127.") else address


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/conversations/anyone/tracker"),
        ("POST", "/conversations/anyone/tracker/events"),
        ("PUT", "/model"),
        ("DELETE", "/model"),
        ("POST", "/model/parse"),
    ],
)
def test_rasas_api_answers_only_with_its_token(stack: Stack, method: str, path: str) -> None:
    response = httpx.request(method, stack.settings.rasa_url + path, json={}, timeout=30)
    assert response.status_code == 401


def test_rasas_api_works_with_its_token(stack: Stack) -> None:
    response = httpx.post(
        stack.settings.rasa_url + "/model/parse",
        params={"token": stack.settings.rasa_token},
        json={"text": "hello"},
        timeout=30,
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "message",
    [
        "/i want to kill myself",
        "/my dad hits me",
        "//i dont want to be here anymore",
        "i want to k1ll mys3lf",
        "s e l f h a r m again last night",
        "my step\u200bdad h\u200bits me",
        "i want to kіll myself",  # a Cyrillic і
    ],
)
def test_a_disguised_disclosure_gets_help_from_the_bot_and_the_relay(
    stack: Stack, message: str
) -> None:
    for chat in (
        rest_chat(stack, f"disguised {message}"),
        ChatClient(stack.settings.web_url, "/api/chat", "w" + str(abs(hash(message)))[:16]),
    ):
        replies = chat.say(message)
        assert replies, "never an empty reply to a disclosure"
        assert custom_of(replies).get("safeguarding"), f"{message!r} via {chat.url}"


def test_the_students_email_is_never_in_the_tracker_store(
    stack: Stack, widget_chat: ChatClient
) -> None:
    finished = Student(widget_chat)
    ask_for_adviser(finished)
    for answer in ("riley", "north academy", "year 10", "help choosing options", "by email"):
        finished.say(answer)
    finished.say(EMAIL)
    finished.say("yes send it")
    assert finished.stages[-1] == "created"
    stopped = Student(ChatClient(widget_chat.url, "", widget_chat.sender + "stop"))
    ask_for_adviser(stopped)
    for answer in ("riley", "north academy", "year 10", "help choosing options", EMAIL):
        stopped.say(answer)
    assert "Nothing was sent" in stopped.say("stop")
    assert _in_tracker_store(stack, "riley.student") == 0
    for sender in (finished.chat.sender, stopped.chat.sender):
        response = httpx.post(
            stack.settings.web_url + "/api/chat/forget", json={"sender": sender}, timeout=30
        )
        assert response.status_code == 200
    assert _in_tracker_store(stack, "riley.student") == 0
    raw = (stack.settings.var_dir / "tracker.db").read_bytes()
    assert b"riley.student" not in raw, "not even in the database file's free pages"


def _in_tracker_store(stack: Stack, needle: str) -> int:
    engine = create_engine(stack.settings.tracker_database_url)
    with engine.connect() as connection:
        return connection.scalar(
            text("SELECT count(*) FROM events WHERE data LIKE :needle"), {"needle": f"%{needle}%"}
        )


def test_no_student_text_reaches_any_log(stack: Stack, rasa_chat: ChatClient) -> None:
    rasa_chat.say("/quokkaparade my number is 07700 900123 and i'm at sam_x99 on insta")
    rasa_chat.say("quokkaparade what jobs are there in digital?")
    time.sleep(1)
    for log in (REPO / "test-output" / "logs").glob("*.log"):
        written = log.read_text(errors="replace")
        for secret in ("quokkaparade", "07700 900123", "sam_x99"):
            assert secret not in written, f"{secret} in {log.name}"
