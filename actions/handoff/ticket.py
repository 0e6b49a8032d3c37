"""Creating the hand-off ticket once the student has checked their details."""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply
from actions.handoff.contacts import contacts
from actions.handoff.form import topic_titles
from actions.handoff.offer import FORM_SLOTS, NATIONAL_CAREERS_SERVICE
from actions.outbox import outbox
from actions.replies import send_reply
from contract.payloads import TURN_CHARS, TicketIn, TopicIn, TurnIn
from contract.references import new_reference
from knowledge.clock import now
from privacy.redact import redact

REPLY_PROMISE = os.environ.get("CAREERS_REPLY_PROMISE", "within two school days")
MAX_TRANSCRIPT_TURNS = 60


def transcript(tracker: Tracker) -> list[TurnIn]:
    """The chat so far, contact details removed, newest turns kept, each cut to fit."""
    turns = [
        TurnIn(
            who="student" if event["event"] == "user" else "bot",
            text=redact(event["text"])[:TURN_CHARS],
        )
        for event in tracker.events
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    return turns[-MAX_TRANSCRIPT_TURNS:]


def ticket(tracker: Tracker, reference: str) -> TicketIn:
    """The ticket, every field cut to what the web service accepts."""
    slot = tracker.get_slot
    discussed = slot("topics_discussed") or []
    titles = topic_titles(discussed)
    return TicketIn(
        reference=reference,
        conversation_id=tracker.sender_id,
        school_slug=slot("school_slug"),
        school_given=None if slot("school_slug") else (slot("handoff_school") or "")[:200],
        first_name=slot("handoff_name")[:80],
        year_group=int(slot("handoff_year")),
        help_with=redact(slot("handoff_topic"))[:2000],
        contact_method=slot("handoff_contact"),
        email=contacts().take(tracker.sender_id) if slot("handoff_contact") == "email" else None,
        topics=[
            TopicIn(kind=key.partition("/")[0], slug=key.partition("/")[2], title=title[:200])
            for key, title in zip(discussed[-5:], titles, strict=True)
        ],
        transcript=transcript(tracker),
        requested_at=now(),
    )


class ActionCreateHandoff(Action):
    def name(self) -> str:
        return "action_create_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not tracker.get_slot("handoff_confirmed"):
            return [SlotSet(slot, None) for slot in FORM_SLOTS]  # stopped: nothing to send
        reference = new_reference("NE")
        delivered = outbox().submit(ticket(tracker, reference))
        send_reply(
            dispatcher,
            Reply(created_text(reference, delivered, tracker)),
            handoff={"stage": "created", "reference": reference},
        )
        # The details now live in the ticket; the conversation forgets them.
        return [SlotSet(slot, None) for slot in FORM_SLOTS]


def created_text(reference: str, delivered: bool, tracker: Tracker) -> str:
    how = (
        "An adviser will email you"
        if tracker.get_slot("handoff_contact") == "email"
        else "Your school's careers team will get in touch"
    )
    sent = (
        f"Done! I've sent your request to a careers adviser. Your reference is {reference}."
        if delivered
        else f"I've saved your request, reference {reference}, but I can't reach the advisers' "
        "system right now. I'll keep trying and send it as soon as I can. You don't need "
        "to do anything."
    )
    return (
        f"{sent} {how}, usually {REPLY_PROMISE}. Their reply will also show here if you "
        "come back to this chat on this device. If you need help sooner, call "
        f"{NATIONAL_CAREERS_SERVICE}."
    )
