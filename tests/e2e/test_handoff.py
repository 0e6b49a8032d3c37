"""From "can i talk to someone" to a ticket in the advisers' inbox, over the real stack.

The student talks through the web service's relay (/api/chat) with the widget's school
metadata, or straight to Rasa's REST channel when the web service is down.
"""

from __future__ import annotations

import time

import httpx
import pytest

from inbox.cli import DEMO_SCHOOL
from ops.processes import Stack
from tests.e2e.conftest import ChatClient
from tests.mail import Mailbox
from tests.people import ADA, CAL, HUB, PASSWORD
from tests.replies import custom_of, text_of

pytestmark = pytest.mark.e2e
EMAIL = "sam.student@example.org"


class Student:
    """A student in the widget, remembering each turn's hand-off stage."""

    def __init__(self, chat: ChatClient, school: str | None = None):
        self.chat = chat
        self.school = school
        self.stages: list[str | None] = []
        self.reference: str | None = None

    def say(self, message: str) -> str:
        metadata = {"school": self.school} if self.school else {}
        replies = self.chat.say(message, **metadata)
        handoff = custom_of(replies).get("handoff") or {}
        self.stages.append(handoff.get("stage"))
        self.reference = handoff.get("reference", self.reference)
        text = text_of(replies)
        assert EMAIL not in text, "the bot never shows the email address back in full"
        return text


def adviser_api(stack: Stack, email: str = ADA) -> httpx.Client:
    client = httpx.Client(base_url=stack.settings.web_url, timeout=30)
    login = client.post("/api/session", json={"email": email, "password": PASSWORD})
    client.headers["Authorization"] = f"Bearer {login.json()['token']}"
    return client


def ask_for_adviser(student: Student) -> str:
    offer = student.say("can i talk to someone")
    assert "qualified" in offer, "says what an adviser does"
    assert "first name, school, year group" in offer, "says what will be shared"
    assert "at risk of harm" in offer, "says where confidentiality ends"
    return student.say("yes please")


def all_references(stack: Stack) -> set[str]:
    return {h["reference"] for h in adviser_api(stack, HUB).get("/api/handoffs").json()}


def test_a_student_goes_from_asking_to_a_ticket(
    stack: Stack, widget_chat: ChatClient, mailbox: Mailbox
) -> None:
    student = Student(widget_chat, school=DEMO_SCHOOL[0])
    student.say("how do i become an electrician")
    assert "first name" in ask_for_adviser(student)
    assert "what to call you" in student.say("why do you need that")
    assert "What year are you in" in student.say("im sam"), "the widget told it the school"
    proposal = student.say("year 10")
    assert "Questions about Electrician" in proposal
    assert "Through your school, or by email" in student.say("use that")
    assert "email address" in student.say("by email")
    checked = student.say(EMAIL)
    assert "s•••@e•••.org" in checked and "Year 10" in checked
    assert "What year are you in" in student.say("change my year")
    assert "Year 11" in student.say("year 11")
    done = student.say("yes send it")
    assert student.reference and student.reference in done
    assert "within two school days" in done and "0800 100 900" in done
    assert student.stages[1:] == ["offered"] + ["collecting"] * 9 + ["created"]

    ticket = adviser_api(stack).get(f"/api/handoffs/{student.reference}").json()
    assert (ticket["first_name"], ticket["year_group"], ticket["school"]) == (
        "Sam",
        11,
        DEMO_SCHOOL[1],
    )
    assert ticket["contact_method"] == "email" and ticket["email"] == EMAIL
    assert "Electrician" in ticket["help_with"]
    assert [t["slug"] for t in ticket["topics"]] == ["electrician"]
    said = [turn["text"] for turn in ticket["transcript"] if turn["who"] == "student"]
    assert "how do i become an electrician" in said and "[email removed]" in said
    assert EMAIL not in str(ticket["transcript"])

    email = mailbox.wait_for(ADA, subject="New hand-off")
    assert student.reference in email["Subject"]
    cal = adviser_api(stack, CAL)
    assert cal.get(f"/api/handoffs/{student.reference}").status_code == 404


def test_saying_no_to_the_offer_sends_nothing(stack: Stack, widget_chat: ChatClient) -> None:
    before = all_references(stack)
    student = Student(widget_chat)
    student.say("i've no idea what to do with my life")
    declined = student.say("no thanks")
    assert "haven't sent anything" in declined and "0800 100 900" in declined
    assert student.stages == ["offered", "closed"]
    assert all_references(stack) == before


def test_a_refusal_a_question_and_stop_in_the_middle_of_the_form(
    stack: Stack, widget_chat: ChatClient
) -> None:
    before = all_references(stack)
    student = Student(widget_chat)
    ask_for_adviser(student)
    assert "That's okay" in student.say("id rather not say")
    assert "Which school" in student.say("jo")
    answer = widget_chat.say("how much do electricians earn")
    assert "electrical" in text_of(answer).lower() and custom_of(answer)["records"]
    assert "Which school" in text_of(answer), "the form asks again after the answer"
    stopped = student.say("stop")
    assert "Nothing was sent" in stopped and student.stages[-1] == "closed"
    assert all_references(stack) == before
    assert "technical courses" in student.say("what is a t level"), "the bot carries on as normal"


def test_a_ticket_made_while_the_web_service_is_down_arrives_when_it_is_back(
    stack: Stack, rasa_chat: ChatClient
) -> None:
    stack.stop_process("web")
    try:
        student = Student(rasa_chat)
        ask_for_adviser(student)
        for answer in (
            "J.B.",
            "north academy",
            "yr 9",
            "help choosing my options",
            "through my school",
        ):
            student.say(answer)
        saved = student.say("yes")
        assert "can't reach" in saved and student.reference in saved
        assert student.stages[-1] == "created"
    finally:
        stack.start_process("web")
    ada = adviser_api(stack)
    deadline = time.monotonic() + 60
    while ada.get(f"/api/handoffs/{student.reference}").status_code != 200:
        assert time.monotonic() < deadline, "the saved hand-off never arrived"
        time.sleep(1)
    ticket = ada.get(f"/api/handoffs/{student.reference}").json()
    assert ticket["school"] == "North Academy" and ticket["school_given"] == "north academy"
    assert ticket["contact_method"] == "school" and ticket["email"] is None
