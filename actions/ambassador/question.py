"""The question a student passes to an apprentice: reading it, then queueing it.

``validate_ambassador_question_form`` runs on every message while the form is open: it
takes the question as typed (contact details removed), then the kind of work it is
about, and stops with nothing sent when the student says stop.
"""

from __future__ import annotations

import os
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.ambassador.share import nothing_pending, sector_in
from actions.compose.reply import Reply
from actions.context import Context
from actions.handoff import details
from actions.handoff.offer import school_from_metadata
from actions.knowledge_base import knowledge_base
from actions.outbox import outbox
from actions.replies import send_reply
from contract.payloads import QuestionIn
from contract.references import new_reference
from knowledge.clock import now
from privacy.redact import redact

ANSWER_PROMISE = os.environ.get("CAREERS_AMBASSADOR_PROMISE", "about a week")
OFFERED = {"stage": "offered"}
MIN_QUESTION_CHARS = 8
AGAIN = {
    "ambassador_question": (
        "Could you type your question? For example: 'Is the work hard?' or "
        "'What do you do on a normal day?'"
    ),
    "ambassador_sector": (
        "Sorry, I didn't catch which kind of work. Try a job like 'electrician' or an area "
        "like 'health care'."
    ),
}


def stopped(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    """End a form with nothing sent (``requested_slot`` None tells Rasa it is done)."""
    send_reply(dispatcher, Reply("Okay, I've stopped. Nothing was sent to anyone."))
    return [*nothing_pending(), SlotSet("requested_slot", None)]


def wants_to_stop(tracker: Tracker) -> bool:
    text = tracker.latest_message.get("text") or ""
    intent = tracker.latest_message.get("intent") or {}
    said_stop = intent.get("name") == "stop" and (intent.get("confidence") or 0) >= 0.6
    return details.wants_to_stop(text) or said_stop


def is_disclosure(tracker: Tracker) -> bool:
    return (tracker.latest_message.get("intent") or {}).get("name") == "disclosure"


class ValidateAmbassadorQuestionForm(Action):
    def name(self) -> str:
        return "validate_ambassador_question_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        if slot is None or is_disclosure(tracker):
            return []  # safeguarding first: its rule answers and the form stops
        if wants_to_stop(tracker):
            return stopped(dispatcher)
        text = (tracker.latest_message.get("text") or "").strip()
        filled = read_question(text) if slot == "ambassador_question" else read_sector(text)
        if filled:
            return filled
        send_reply(dispatcher, Reply(AGAIN[slot]), ambassador=OFFERED)
        return [SlotSet(slot, None)]


def read_question(text: str) -> list[dict[str, Any]] | None:
    """The question, contact details removed; its kind of work too, when it names one."""
    if len(text) < MIN_QUESTION_CHARS or details.is_bare_reply(text) or text.startswith("/"):
        return None
    events = [SlotSet("ambassador_question", redact(text)[:1000])]
    sector = sector_in(text, exact=True)
    if sector:
        events.append(SlotSet("ambassador_sector", sector.slug))
    return events


def read_sector(text: str) -> list[dict[str, Any]] | None:
    sector = sector_in(text)
    return [SlotSet("ambassador_sector", sector.slug)] if sector else None


def question_payload(tracker: Tracker, reference: str) -> QuestionIn:
    """What the web service queues for apprentices: the question and what it is about."""
    slot = tracker.get_slot
    sector = slot("ambassador_sector")
    context = Context.from_tracker(tracker)
    job = context.get("occupation")
    view = knowledge_base().get("occupation", job) if job else None
    same_sector = view is not None and view.home_sector() and view.home_sector().slug == sector
    return QuestionIn(
        reference=reference,
        conversation_id=tracker.sender_id,
        school_slug=school_from_metadata(tracker) or slot("school_slug"),
        sector=sector,
        place=context.get("place"),
        occupation=job if same_sector else None,
        route=context.get("route"),
        question=slot("ambassador_question")[:1000],
        asked_at=now(),
    )


class ActionQueueAmbassadorQuestion(Action):
    def name(self) -> str:
        return "action_queue_ambassador_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not (tracker.get_slot("ambassador_question") and tracker.get_slot("ambassador_sector")):
            return nothing_pending()  # stopped: nothing to send
        reference = new_reference("AQ")
        delivered = outbox().submit(question_payload(tracker, reference))
        sector = knowledge_base().get("sector", tracker.get_slot("ambassador_sector"))
        send_reply(
            dispatcher,
            Reply(queued_text(reference, delivered, sector.ref.title.lower() if sector else "")),
            ambassador={"stage": "queued", "reference": reference},
        )
        return nothing_pending()


def queued_text(reference: str, delivered: bool, sector: str) -> str:
    where = f" who works in {sector}" if sector else ""
    sent = (
        f"Thanks! I've sent your question on. A careers adviser reads it first, passes it to "
        f"an apprentice{where}, then checks the answer before you see it."
        if delivered
        else "Thanks! I've saved your question, but I can't reach the apprentices' system "
        "right now. I'll keep trying and send it as soon as I can."
    )
    return (
        f"{sent} It usually takes {ANSWER_PROMISE}. Come back to this chat on this device "
        f"to read it. Your reference is {reference}."
    )

    return (
        f"{sent} A careers adviser reads it first, and checks the answer before you see it, "
        "so it usually "
        f"takes {ANSWER_PROMISE}. Come back to this chat on this device to read it. "
        f"Your reference is {reference}."
    )
