"""Ambassador mode over the real stack: a student's question is read by a careers adviser,
then reaches an apprentice in its sector, the apprentice answers, a careers adviser
approves, and the student reads it; the approved answer is then shared with another student
who asks it differently. A rejected answer never reaches a student. (The same loop in
Chromium: test_ambassador_in_chromium.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select

from inbox.ambassadors import invite, join
from knowledge.db import session_factory
from knowledge.inbox_models import Account
from ops.processes import Stack
from tests.e2e.conftest import ChatClient
from tests.mail import Mailbox
from tests.people import ADA, AMBASSADORS, AMY, CAL, DEV, HUB, PASSWORD
from tests.replies import custom_of, text_of

pytestmark = pytest.mark.e2e
SCHOOL = "north-academy"
ANSWER = "Early starts and cold sites in winter, but I learn something new every week."
STAGES = {"offered", "queued", "answered"}


@pytest.fixture(scope="module")
def ambassadors(stack: Stack) -> None:
    """Amy (construction and energy) and Dev (digital) join through real invitations."""
    with session_factory(stack.settings.database_url)() as db, db.begin():
        if db.scalar(select(Account).where(Account.email == AMY)):
            return
        hub = db.scalar(select(Account).where(Account.email == HUB))
        for email in (AMY, DEV):
            join(db, invite(db, hub).token, email, PASSWORD, AMBASSADORS[email])


def student(stack: Stack, name: str) -> ChatClient:
    sender = "w" + hashlib.sha1(name.encode()).hexdigest()[:20]
    return ChatClient(stack.settings.web_url, "/api/chat", sender)


@pytest.fixture
def logged_in(stack: Stack) -> Iterator:
    clients: list[httpx.Client] = []

    def as_person(email: str) -> httpx.Client:
        client = httpx.Client(base_url=stack.settings.web_url, timeout=30)
        token = client.post("/api/session", json={"email": email, "password": PASSWORD})
        client.headers["Authorization"] = f"Bearer {token.json()['token']}"
        clients.append(client)
        return client

    yield as_person
    for client in clients:
        client.close()


def ambassador_stage(replies: list[dict]) -> dict:
    stage = custom_of(replies).get("ambassador") or {}
    assert not stage or stage["stage"] in STAGES, stage  # the chat contract's stages
    return stage


def updates_for(stack: Stack, chat: ChatClient) -> list[dict]:
    response = httpx.post(
        f"{stack.settings.web_url}/api/chat/updates", json={"sender": chat.sender}, timeout=30
    )
    return response.json()["ambassador"]


def queue_of(client: httpx.Client) -> dict[str, dict]:
    return {q["reference"]: q for q in client.get("/api/ambassador/questions").json()}


def pass_on(adviser: httpx.Client, reference: str, wording: str | None = None) -> dict:
    """An adviser reads a student's question and passes it to apprentices (as worded)."""
    waiting = {q["reference"]: q for q in adviser.get("/api/ambassador-questions").json()}
    text = wording or waiting[reference]["question"]
    passed = adviser.post(f"/api/ambassador-questions/{reference}/pass-on", json={"text": text})
    assert passed.status_code == 200, passed.text
    return waiting[reference]


def ask_an_apprentice(chat: ChatClient, question: str) -> str:
    """A "what is it really like" question, then yes to passing it on: its reference."""
    offered = chat.say(question, school=SCHOOL)
    assert ambassador_stage(offered) == {"stage": "offered"}, text_of(offered)
    assert "reads every question before an apprentice sees it" in text_of(offered)
    queued = ambassador_stage(chat.say("yes please", school=SCHOOL))
    assert queued["stage"] == "queued"
    return queued["reference"]


def test_a_question_reaches_an_apprentice_and_the_approved_answer_comes_back(
    stack: Stack, ambassadors: None, logged_in
) -> None:
    chat = student(stack, "asks what being an electrician is like")
    first = chat.say("what is it really like being an electrician", school=SCHOOL)
    assert "electrician" in text_of(first).lower(), "the facts come first"
    assert "I don't have an answer from an apprentice about that yet" in text_of(first)
    assert "apprentice who works in construction" in text_of(first)
    queued = chat.say("yes please", school=SCHOOL)
    reference = ambassador_stage(queued)["reference"]
    assert "adviser reads it first" in text_of(queued) and reference in text_of(queued)

    amy, dev, ada = logged_in(AMY), logged_in(DEV), logged_in(ADA)
    assert reference not in queue_of(amy), "no apprentice sees it before an adviser has"
    assert reference not in [
        q["reference"] for q in logged_in(CAL).get("/api/ambassador-questions").json()
    ]
    as_asked = pass_on(ada, reference, "What is it really like being an electrician apprentice?")
    assert as_asked["question"] == "what is it really like being an electrician"
    seen = queue_of(amy)[reference]
    assert seen["question"] == "What is it really like being an electrician apprentice?"
    assert chat.sender not in str(seen) and SCHOOL not in str(seen), "no trace of the student"
    assert reference not in queue_of(dev), "a digital apprentice never sees it"

    blocked = amy.post(
        f"/api/ambassador/questions/{reference}/answer", json={"text": "add me on snap x"}
    )
    assert blocked.status_code == 422 and "social media" in blocked.text
    written = amy.post(f"/api/ambassador/questions/{reference}/answer", json={"text": ANSWER})
    assert written.status_code == 201
    assert updates_for(stack, chat) == [{"reference": reference, "stage": "queued", "answer": None}]

    assert (
        logged_in(CAL).post(f"/api/ambassador-answers/{reference}/approve", json={}).status_code
        == 404
    )
    approved = ada.post(f"/api/ambassador-answers/{reference}/approve", json={})
    assert approved.status_code == 200
    [answered] = updates_for(stack, chat)
    assert answered["stage"] == "answered" and answered["answer"]["text"] == ANSWER
    assert answered["answer"]["by"].startswith("Amy, Level 3 Electrical installation apprentice")

    later = student(stack, "another student, other words")
    shared = later.say("whats it actually like being a sparky?")
    assert f'An apprentice said: "{ANSWER}"' in text_of(shared)
    kinds = [r["kind"] for r in custom_of(shared).get("records", [])]
    assert "ambassador_answer" in kinds, "the answer is cited as a knowledge record"
    asked = later.say("can i ask an apprentice about being an electrician")
    assert ANSWER in text_of(asked), "asking for an apprentice shares it too"


def test_a_rejected_answer_never_reaches_a_student(
    stack: Stack, ambassadors: None, logged_in
) -> None:
    chat = student(stack, "asks about solar panels")
    offered = chat.say("can i ask an apprentice a question", school=SCHOOL)
    assert ambassador_stage(offered)["stage"] == "offered"
    asks = chat.say("yes", school=SCHOOL)
    assert "What would you like to ask?" in text_of(asks)
    asks = chat.say("do you have to climb on roofs to fit solar panels", school=SCHOOL)
    assert "Which kind of work" in text_of(asks), "the question named no job it knows"
    reference = ambassador_stage(chat.say("energy", school=SCHOOL))["reference"]

    amy = logged_in(AMY)
    pass_on(logged_in(ADA), reference)
    rejected_text = "Yes but you get used to heights after a few weeks on the job."
    assert (
        amy.post(
            f"/api/ambassador/questions/{reference}/answer", json={"text": rejected_text}
        ).status_code
        == 201
    )
    reason = "Please say how apprentices are kept safe at height."
    logged_in(ADA).post(f"/api/ambassador-answers/{reference}/reject", json={"reason": reason})

    assert updates_for(stack, chat) == [{"reference": reference, "stage": "queued", "answer": None}]
    mine = {a["reference"]: a for a in amy.get("/api/ambassador/answers").json()}
    assert reason in str(mine[reference]), "the ambassador sees why"
    assert reference in queue_of(amy), "the question is back on the queue"
    other = student(stack, "asks about roofs too")
    replies = other.say("is it hard fitting solar panels, do you have to climb on roofs")
    assert rejected_text not in text_of(replies)


def test_stop_while_typing_the_question_sends_nothing(
    stack: Stack, ambassadors: None, logged_in
) -> None:
    chat = student(stack, "changes their mind")
    chat.say("can i talk to an apprentice", school=SCHOOL)
    chat.say("yes", school=SCHOOL)
    stopped = chat.say("stop", school=SCHOOL)
    assert "Nothing was sent" in text_of(stopped)
    assert updates_for(stack, chat) == []


def test_a_visit_request_reaches_the_schools_careers_team(
    stack: Stack, ambassadors: None, logged_in, mailbox: Mailbox
) -> None:
    chat = student(stack, "wants a visit")
    offered = chat.say("can an apprentice come to our school", school=SCHOOL)
    assert "nothing about you" in text_of(offered)
    done = chat.say("yes", school=SCHOOL)
    reference = ambassador_stage(done)["reference"]
    assert reference.startswith("AV-") and "careers team" in text_of(done)
    assert reference in [
        v["reference"] for v in logged_in(ADA).get("/api/ambassador-visits").json()
    ]
    assert reference not in str(logged_in(CAL).get("/api/ambassador-visits").json())
    email = mailbox.wait_for(ADA, subject=f"Ambassador visit request {reference}")
    assert chat.sender not in email.get_content()
