"""The outbox never retries a refused ticket or alert for ever in silence: a refused alert
still reaches the safeguarding lead in its shortest form, anything else becomes a dead
letter that admins see and are emailed about, and a reference another conversation holds
is sent again under a new one. Against the real web service over HTTP."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from actions.outbox import REFUSALS, Outbox, entries
from contract.payloads import AlertIn, QuestionIn, TicketIn
from knowledge.db import session_factory
from knowledge.inbox_models import Handoff, SafeguardingAlert
from tests.abuse.conftest import BOT, Service, serving, settings_for
from tests.inbox.conftest import SERVICE_TOKEN, new_ticket
from tests.people import HUB
from tests.support.serving import served

NOW = dt.datetime.now(dt.timezone.utc)


@pytest.fixture
def web(sqlite_database: str, tmp_path: Path) -> Iterator[tuple[Service, Outbox]]:
    with serving(settings_for(sqlite_database, tmp_path)) as service, served(service.app) as url:
        yield service, Outbox(tmp_path / "outbox.db", url, SERVICE_TOKEN)


def deliver_until_settled(outbox: Outbox) -> None:
    for _ in range(REFUSALS + 2):
        outbox.deliver_pending()


def queue_as_is(outbox: Outbox, payload: dict) -> None:
    """Queue a payload without building it (as an older bot, or a bug, might have)."""
    with outbox.engine.begin() as connection:
        connection.execute(
            entries.insert().values(
                reference=payload["reference"],
                payload=json.dumps(payload),
                queued_at=NOW.isoformat(),
                attempts=0,
                refusals=0,
                minimal=0,
            )
        )


def stored_alert(service: Service, reference: str) -> SafeguardingAlert | None:
    with session_factory(service.database_url)() as db:
        query = select(SafeguardingAlert).where(SafeguardingAlert.reference == reference)
        return db.scalars(query).unique().one_or_none()


def test_an_alert_refused_whole_still_reaches_the_lead_in_its_shortest_form(web) -> None:
    service, outbox = web
    alert = AlertIn(
        reference="SG-REFUSED1",
        conversation_id="conversation-refused",
        school_slug="north-academy",
        concern="neglect",
        grade="urgent",
        raised_at=NOW,
    )
    too_long = alert.model_dump(mode="json") | {"trigger": "y" * 5000}  # past the API's limit
    queue_as_is(outbox, too_long)
    deliver_until_settled(outbox)
    stored = stored_alert(service, "SG-REFUSED1")
    assert stored is not None, "the lead is told, even though the whole alert was refused"
    assert stored.school is not None and stored.grade == "urgent"
    assert outbox.waiting() == [], "nothing is left retrying for ever"
    problems = service.client.get("/api/problems", headers=service.login(HUB)).json()
    assert "SG-REFUSED1" in [d["reference"] for d in problems["dead_letters"]]


def test_a_ticket_refused_again_and_again_becomes_a_dead_letter_for_admins(web) -> None:
    service, outbox = web
    ticket = TicketIn.model_validate(new_ticket(reference="NE-DEADLTR1"))
    outbox.submit(ticket)  # delivered
    question = QuestionIn(
        reference="AQ-DEADLTR1",
        conversation_id="conversation-question",
        sector="no-such-sector",  # refused: the web service knows no such sector
        question="What is it like?",
        asked_at=NOW,
    )
    assert outbox.submit(question) is False
    deliver_until_settled(outbox)
    assert outbox.waiting() == []
    problems = service.client.get("/api/problems", headers=service.login(HUB)).json()
    letters = {d["reference"]: d for d in problems["dead_letters"]}
    assert "AQ-DEADLTR1" in letters and "422" in letters["AQ-DEADLTR1"]["last_error"]
    assert "What is it like" not in str(problems), "no student words reach the admins' page"


def test_a_reference_another_conversation_holds_is_sent_again_under_a_new_one(web) -> None:
    service, outbox = web
    service.as_bot(reference="NE-COLLIDE1", conversation_id="first-conversation")
    clash = TicketIn.model_validate(
        new_ticket(reference="NE-COLLIDE1", conversation_id="second-conversation")
    )
    assert outbox.submit(clash) is True
    with session_factory(service.database_url)() as db:
        tickets = db.scalars(select(Handoff).where(Handoff.conversation_id.like("%-conversation")))
        owners = {t.conversation_id: t.reference for t in tickets}
    assert owners["first-conversation"] == "NE-COLLIDE1", "the first student's ticket stands"
    assert owners["second-conversation"] != "NE-COLLIDE1", "the second is kept, re-issued"


def test_the_bot_endpoints_refuse_anyone_without_the_service_token(web) -> None:
    service, _ = web
    report = {
        "reference": "SG-FORGED01",
        "queued_at": NOW.isoformat(),
        "attempts": 1,
        "last_error": "x",
    }
    assert service.client.post("/api/dead-letters", json=report).status_code == 401
    assert service.client.post("/api/dead-letters", json=report, headers=BOT).status_code == 201
