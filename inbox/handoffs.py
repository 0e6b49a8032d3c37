"""Hand-off tickets: created from the bot, then claimed, answered and closed by advisers.

Who may see a ticket: advisers see the tickets of their own schools; admins see all,
including those whose school could not be worked out. Every function that reads or
changes a ticket for a person goes through ``ticket_for``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.payloads import TicketIn
from contract.references import same_conversation
from inbox.schools import match_school, school_by_slug
from knowledge.clock import now
from knowledge.inbox_models import Account, Handoff, HandoffMessage

STATUSES = ("new", "claimed", "replied", "closed")


class NotYoursError(LookupError):
    """No such ticket, or not one this person may see (the two look the same from outside)."""


class NotAllowedError(ValueError):
    """The ticket cannot change that way now; the message says why."""


def receive_ticket(db: Session, ticket: TicketIn) -> tuple[Handoff, bool]:
    """Store a ticket, once: a retried delivery of the same reference changes nothing.

    Returns the ticket and whether it is new.
    """
    existing = db.scalar(select(Handoff).where(Handoff.reference == ticket.reference))
    if existing:
        same_conversation(existing.conversation_id, ticket.conversation_id, ticket.reference)
        return existing, False
    school = school_by_slug(db, ticket.school_slug)
    if school is None and ticket.school_given:
        school = match_school(db, ticket.school_given)
    moment = now()
    handoff = Handoff(
        reference=ticket.reference,
        conversation_id=ticket.conversation_id,
        school=school,
        school_given=ticket.school_given,
        first_name=ticket.first_name,
        year_group=ticket.year_group,
        help_with=ticket.help_with,
        contact_method=ticket.contact_method,
        email=ticket.email if ticket.contact_method == "email" else None,
        topics=[topic.model_dump() for topic in ticket.topics],
        transcript=[turn.model_dump() for turn in ticket.transcript],
        status="new",
        live=False,
        requested_at=ticket.requested_at,
        received_at=moment,
        updated_at=moment,
    )
    db.add(handoff)
    db.flush()
    return handoff, True


def visible_to(account: Account):
    """The SQL condition for the tickets an account may see."""
    if account.role == "admin":
        return Handoff.id.is_not(None)
    return Handoff.school_id.in_([school.id for school in account.schools])


def list_tickets(
    db: Session,
    account: Account,
    status: str | None = None,
    school_slug: str | None = None,
    max_age_days: int | None = None,
) -> list[Handoff]:
    query = select(Handoff).where(visible_to(account)).order_by(Handoff.received_at.desc())
    if status:
        query = query.where(Handoff.status == status)
    if school_slug:
        school = school_by_slug(db, school_slug)
        query = query.where(Handoff.school_id == (school.id if school else -1))
    if max_age_days is not None:
        query = query.where(Handoff.received_at >= now() - dt.timedelta(days=max_age_days))
    return list(db.scalars(query))


def ticket_for(db: Session, account: Account, reference: str) -> Handoff:
    handoff = db.scalar(select(Handoff).where(Handoff.reference == reference, visible_to(account)))
    if handoff is None:
        raise NotYoursError(reference)
    return handoff


def claim(db: Session, account: Account, reference: str) -> Handoff:
    handoff = ticket_for(db, account, reference)
    if handoff.claimed_by_id not in (None, account.id):
        raise NotAllowedError(
            f"{handoff.claimed_by.display_name} has already claimed this request."
        )
    _still_open(handoff)
    handoff.claimed_by = account
    if handoff.status == "new":
        handoff.status = "claimed"
    return _touched(handoff)


def reply(db: Session, account: Account, reference: str, text: str) -> HandoffMessage:
    """An adviser's message to the student; it claims the ticket if nobody has."""
    handoff = _claimed_by_me(db, account, reference)
    message = _add_message(handoff, "adviser", text, account)
    if not handoff.live:
        handoff.status = "replied"
    return message


def record_outcome(db: Session, account: Account, reference: str, outcome: str) -> Handoff:
    handoff = _claimed_by_me(db, account, reference, allow_closed=True)
    handoff.outcome = outcome.strip()
    return _touched(handoff)


def close(db: Session, account: Account, reference: str) -> Handoff:
    handoff = _claimed_by_me(db, account, reference)
    if handoff.live:
        hand_back(db, account, reference)
    handoff.status = "closed"
    return _touched(handoff)


def take_over(db: Session, account: Account, reference: str) -> Handoff:
    """The adviser chats with the student live; the bot keeps quiet until hand_back."""
    handoff = _claimed_by_me(db, account, reference)
    if not handoff.live:
        handoff.live = True
        _add_message(
            handoff, "system", f"{account.display_name}, a careers adviser, has joined the chat."
        )
    return _touched(handoff)


def hand_back(db: Session, account: Account, reference: str) -> Handoff:
    handoff = _claimed_by_me(db, account, reference, allow_closed=True)
    if handoff.live:
        handoff.live = False
        _add_message(
            handoff, "system", "The adviser has left the chat. You're back with the careers bot."
        )
    return _touched(handoff)


def live_ticket(db: Session, conversation_id: str) -> Handoff | None:
    """The ticket an adviser is chatting on live in this conversation, if any."""
    return db.scalar(
        select(Handoff).where(Handoff.conversation_id == conversation_id, Handoff.live.is_(True))
    )


def student_says(db: Session, handoff: Handoff, text: str) -> HandoffMessage:
    return _add_message(handoff, "student", text)


def messages_for_student(
    db: Session, conversation_id: str, after: int = 0
) -> tuple[list[Handoff], list[HandoffMessage]]:
    """The conversation's tickets, and the messages for the student newer than ``after``."""
    tickets = list(
        db.scalars(
            select(Handoff).where(Handoff.conversation_id == conversation_id).order_by(Handoff.id)
        )
    )
    messages = [
        message
        for handoff in tickets
        for message in handoff.messages
        if message.id > after and message.author in ("adviser", "system")
    ]
    return tickets, sorted(messages, key=lambda message: message.id)


def _claimed_by_me(
    db: Session, account: Account, reference: str, allow_closed: bool = False
) -> Handoff:
    handoff = ticket_for(db, account, reference)
    if not allow_closed:
        _still_open(handoff)
    if handoff.claimed_by_id is None:
        claim(db, account, reference)
    elif handoff.claimed_by_id != account.id:
        raise NotAllowedError(f"{handoff.claimed_by.display_name} is looking after this request.")
    return handoff


def _still_open(handoff: Handoff) -> None:
    if handoff.status == "closed":
        raise NotAllowedError("This request is closed.")


def _add_message(
    handoff: Handoff, author: str, text: str, account: Account | None = None
) -> HandoffMessage:
    text = text.strip()
    if not text:
        raise NotAllowedError("The message is empty.")
    message = HandoffMessage(
        author=author,
        account_id=account.id if account else None,
        author_name=account.display_name if account else "",
        text=text,
        created_at=now(),
    )
    handoff.messages.append(message)
    _touched(handoff)
    return message


def _touched(handoff: Handoff) -> Handoff:
    handoff.updated_at = now()
    return handoff
