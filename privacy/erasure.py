"""Erasure on request: a student's conversation, or a hand-off by its reference, deleted
from every store that holds it (hand-offs and their messages, questions for apprentice
ambassadors and visit requests, and Rasa's conversation). An approved ambassador answer
stays as a knowledge record: it holds the question and the answer, nothing about the
student.

Safeguarding alerts are not erased on request: they are the school's safeguarding record
and follow their own retention period (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inbox import ambassadors
from knowledge.inbox_models import Handoff, HandoffMessage
from privacy import conversations


@dataclass(frozen=True)
class Erased:
    handoffs: int
    events: int


def erase_conversation(db: Session, conversation_id: str, tracker_url: str | None = None) -> Erased:
    """Delete a conversation and its hand-offs. The caller commits ``db``."""
    handoff_ids = list(
        db.scalars(select(Handoff.id).where(Handoff.conversation_id == conversation_id))
    )
    delete_handoffs(db, handoff_ids)
    ambassadors.delete_for_conversation(db, conversation_id)
    with conversations.connect(tracker_url) as connection:
        with connection.begin():
            gone = conversations.forget(connection, [conversation_id])
        conversations.scrub(connection)
    return Erased(handoffs=len(handoff_ids), events=gone)


def erase_handoff(db: Session, reference: str, tracker_url: str | None = None) -> Erased | None:
    """Delete a hand-off and the whole conversation it came from; None if there's none."""
    conversation_id = db.scalar(
        select(Handoff.conversation_id).where(Handoff.reference == reference)
    )
    return None if conversation_id is None else erase_conversation(db, conversation_id, tracker_url)


def delete_handoffs(db: Session, handoff_ids: list[int]) -> None:
    if handoff_ids:
        db.execute(delete(HandoffMessage).where(HandoffMessage.handoff_id.in_(handoff_ids)))
        db.execute(delete(Handoff).where(Handoff.id.in_(handoff_ids)))
