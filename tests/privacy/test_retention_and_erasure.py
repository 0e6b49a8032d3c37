"""What we keep is deleted on time, and on request, from every store: our database
(hand-offs, their messages, alerts, emails, questions for apprentices and visit requests)
and Rasa's stored conversations. On SQLite and
PostgreSQL, with the stores' real tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from contract.payloads import AlertIn, QuestionIn, TicketIn, VisitIn
from inbox.alerts import receive_alert
from inbox.ambassadors import receive_question, receive_visit
from inbox.handoffs import receive_ticket, student_says
from knowledge.db import migrate, session_factory
from knowledge.inbox_models import (
    AmbassadorQuestion,
    AmbassadorVisit,
    Handoff,
    HandoffMessage,
    Notification,
    SafeguardingAlert,
)
from knowledge.models import Record
from privacy import conversations
from privacy.__main__ import main as privacy_cli
from privacy.erasure import erase_conversation, erase_handoff
from privacy.retention import RetentionPolicy, apply_retention
from tests.databases import fresh_database
from tests.inbox.conftest import new_ticket
from tests.people import seed

NOW = dt.datetime.now(dt.timezone.utc)


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Session, str]]:
    """Our database and Rasa's tracker store (on PostgreSQL, the same database)."""
    with fresh_database(request.param, tmp_path) as url:
        migrate(url)
        seed(url)
        tracker_url = url if request.param == "postgresql" else f"sqlite:///{tmp_path}/tracker.db"
        with session_factory(url)() as db:
            yield db, tracker_url


def chatted(tracker_url: str, conversation_id: str, when: dt.datetime) -> None:
    """A conversation as Rasa's tracker store keeps it: a user message, then the bot's."""
    with conversations.connect(tracker_url) as connection, connection.begin():
        for kind in ("user", "bot"):
            connection.execute(
                insert(conversations.events).values(
                    sender_id=conversation_id, type_name=kind, timestamp=when.timestamp(), data="{}"
                )
            )


def stored_conversations(tracker_url: str) -> set[str]:
    with conversations.connect(tracker_url) as connection:
        return set(connection.scalars(select(conversations.events.c.sender_id).distinct()))


def handoff_from(db: Session, conversation_id: str, last_change: dt.datetime) -> Handoff:
    ticket = TicketIn.model_validate(new_ticket(conversation_id=conversation_id))
    handoff, _ = receive_ticket(db, ticket)
    student_says(db, handoff, "thanks, see you thursday")
    handoff.updated_at = last_change
    db.flush()
    return handoff


def alert_from(db: Session, conversation_id: str, acknowledged: dt.datetime | None) -> None:
    alert = receive_alert(
        db,
        AlertIn(
            reference=f"SG-{conversation_id[-6:].upper()}",
            conversation_id=conversation_id,
            concern="abuse",
            raised_at=days_ago(400),
        ),
    ).alert
    alert.acknowledged_at = acknowledged


def asked_an_apprentice(db: Session, conversation_id: str, received: dt.datetime) -> None:
    """A question for an apprentice ambassador and a request for a visit, from one chat."""
    if not db.scalar(select(Record).where(Record.kind == "sector")):
        db.add(
            Record(
                kind="sector", slug="construction", title="Construction", summary="Building.",
                data={}, sources=[], as_of="2026",
            )
        )  # fmt: skip
        db.flush()
    tag = conversation_id[-6:].upper()
    question, _ = receive_question(
        db,
        QuestionIn(
            reference=f"AQ-{tag}", conversation_id=conversation_id, sector="construction",
            question="is it hard being an apprentice electrician", asked_at=received,
        ),
    )  # fmt: skip
    visit, _ = receive_visit(
        db, VisitIn(reference=f"AV-{tag}", conversation_id=conversation_id, requested_at=received)
    )
    question.received_at = visit.received_at = received
    db.flush()


def count(db: Session, model: type) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_conversations_without_a_handoff_go_after_30_days(stores) -> None:
    db, tracker = stores
    chatted(tracker, "wold000001", days_ago(31))
    chatted(tracker, "wrecent0001", days_ago(29))
    deleted = apply_retention(db, RetentionPolicy(), tracker)
    assert stored_conversations(tracker) == {"wrecent0001"}
    assert deleted.conversations == 1


def test_handoffs_and_their_conversations_go_after_their_retention_period(stores) -> None:
    db, tracker = stores
    handoff_from(db, "wkept000001", last_change=days_ago(100))
    handoff_from(db, "wexpired001", last_change=days_ago(366))
    chatted(tracker, "wkept000001", days_ago(100))  # quiet, but its hand-off still needs it
    chatted(tracker, "wexpired001", days_ago(366))
    apply_retention(db, RetentionPolicy(), tracker)
    assert [h.conversation_id for h in db.scalars(select(Handoff))] == ["wkept000001"]
    assert count(db, HandoffMessage) == 1, "the expired hand-off's messages went with it"
    assert stored_conversations(tracker) == {"wkept000001"}


def test_alerts_go_only_once_acknowledged_and_their_time_has_passed(stores) -> None:
    db, tracker = stores
    alert_from(db, "walert00001", acknowledged=days_ago(91))
    alert_from(db, "walert00002", acknowledged=None)  # nobody has acted yet: kept
    alert_from(db, "walert00003", acknowledged=days_ago(10))
    chatted(tracker, "walert00002", days_ago(400))
    apply_retention(db, RetentionPolicy(), tracker)
    kept = set(db.scalars(select(SafeguardingAlert.conversation_id)))
    assert kept == {"walert00002", "walert00003"}
    assert stored_conversations(tracker) == {"walert00002"}


def test_sent_emails_go_after_30_days_and_unsent_ones_stay(stores) -> None:
    db, tracker = stores
    for sent in (days_ago(31), days_ago(1), None):
        db.add(
            Notification(to_address="a@b.org", subject="s", body="b", created_at=NOW, sent_at=sent)
        )
    db.flush()
    apply_retention(db, RetentionPolicy(), tracker)
    assert sorted(str(n.sent_at is None) for n in db.scalars(select(Notification))) == [
        "False",
        "True",
    ]


def test_questions_for_apprentices_and_visit_requests_go_after_90_days(stores) -> None:
    db, tracker = stores
    asked_an_apprentice(db, "wasked00091", days_ago(91))
    asked_an_apprentice(db, "wasked00089", days_ago(89))
    deleted = apply_retention(db, RetentionPolicy(), tracker)
    assert set(db.scalars(select(AmbassadorQuestion.conversation_id))) == {"wasked00089"}
    assert set(db.scalars(select(AmbassadorVisit.conversation_id))) == {"wasked00089"}
    assert deleted.ambassador_items == 2


def test_a_shorter_period_can_be_configured(stores, monkeypatch: pytest.MonkeyPatch) -> None:
    db, tracker = stores
    monkeypatch.setenv("CAREERS_CONVERSATION_RETENTION_DAYS", "7")
    chatted(tracker, "wweekold001", days_ago(8))
    apply_retention(db, RetentionPolicy(), tracker)
    assert stored_conversations(tracker) == set()


def test_erasing_a_conversation_reaches_every_store_and_nothing_else(stores) -> None:
    db, tracker = stores
    handoff_from(db, "wmine000001", last_change=NOW)
    handoff_from(db, "wother00001", last_change=NOW)
    chatted(tracker, "wmine000001", NOW)
    chatted(tracker, "wother00001", NOW)
    asked_an_apprentice(db, "wmine000001", NOW)
    asked_an_apprentice(db, "wother00001", NOW)
    erased = erase_conversation(db, "wmine000001", tracker)
    assert (erased.handoffs, erased.events) == (1, 2)
    assert [h.conversation_id for h in db.scalars(select(Handoff))] == ["wother00001"]
    for asked in (AmbassadorQuestion, AmbassadorVisit):
        assert list(db.scalars(select(asked.conversation_id))) == ["wother00001"]
    assert stored_conversations(tracker) == {"wother00001"}


def test_erasing_by_reference_takes_the_whole_conversation(stores) -> None:
    db, tracker = stores
    handoff = handoff_from(db, "wmine000002", last_change=NOW)
    chatted(tracker, "wmine000002", NOW)
    assert erase_handoff(db, handoff.reference, tracker) is not None
    assert count(db, Handoff) == 0 and stored_conversations(tracker) == set()
    assert erase_handoff(db, "NE-NOSUCH", tracker) is None


def test_the_command_runs_retention_and_erasure(
    stores, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, tracker = stores
    monkeypatch.setenv("CAREERS_DATABASE_URL", str(db.get_bind().url.render_as_string(False)))
    monkeypatch.setenv("CAREERS_TRACKER_DATABASE_URL", tracker)
    chatted(tracker, "wold000002", days_ago(40))
    chatted(tracker, "wmine000003", NOW)
    assert privacy_cli(["retention"]) == 0
    assert "Deleted 1 conversations" in capsys.readouterr().out
    assert privacy_cli(["erase", "--conversation", "wmine000003"]) == 0
    assert stored_conversations(tracker) == set()
