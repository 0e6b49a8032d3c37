"""The hand-off form: asking for each detail, and reading every answer the student gives.

Rasa runs ``validate_handoff_form`` on every message while the form is open. It fills the
slot being asked for, explains "why do you need that?", takes "i'd rather not say" kindly,
ends the form when the student says stop (nothing is sent: ``action_create_handoff``
only sends a confirmed request), and lets go of the message (no slot set) when the student
asks a careers question instead, so that a rule in bot/data/rules/adviser.yml answers it
and the form asks again.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.compose.reply import Reply, button, in_words
from actions.handoff import details
from actions.handoff.contacts import contacts
from actions.handoff.offer import nothing_sent
from actions.knowledge_base import knowledge_base
from actions.reading import CLASSIFIER_KINDS
from actions.replies import send_reply

COLLECTING = {"stage": "collecting"}
# Intents that leave the form for a moment (their rules answer, then the form asks again).
LEAVE_FORM_INTENTS = {"bot_challenge", *CLASSIFIER_KINDS}
CONFIDENT = 0.6
SHORT_WORDS = 8
CHANGE_BUTTONS = [
    {"title": "My name", "payload": "change my name"},
    {"title": "My school", "payload": "change my school"},
    {"title": "My year", "payload": "change my year"},
    {"title": "What I want help with", "payload": "change what i want help with"},
    {"title": "How to contact me", "payload": "change how to contact me"},
]
AGAIN = {
    "handoff_name": (
        "Sorry, I didn't catch that. Just your first name or initials, like 'Sam' or 'J.B.'."
    ),
    "handoff_school": "Sorry, I didn't catch that. Which school or college do you go to?",
    "handoff_year": "Sorry, I didn't get that. Which year are you in, from 7 to 13?",
    "handoff_topic": "Could you say a bit about what you'd like help with?",
    "handoff_contact": "Sorry, was that through your school, or by email?",
    "handoff_email": (
        "That doesn't look like an email address. Could you check it and type it again?"
    ),
    "handoff_confirmed": "Shall I send it? Tap 'Yes, send it', or tell me what to change.",
}


def proposed_topic(tracker: Tracker) -> str | None:
    """A summary of what the chat was about, for the student to accept or change."""
    reason = (tracker.get_slot("handoff_reason") or "").strip()
    titles = topic_titles(tracker.get_slot("topics_discussed") or [])
    if reason and titles:
        return f"{reason} (we talked about {in_words(titles)})"
    if titles:
        return f"Questions about {in_words(titles)}"
    return reason or None


def topic_titles(discussed: list[str]) -> list[str]:
    """The titles of records discussed, or their slugs if the knowledge base is unreachable."""
    titles = []
    for key in discussed[-5:]:
        kind, _, slug = key.partition("/")
        try:
            view = knowledge_base().get(kind, slug)
        except SQLAlchemyError:  # the database may be down; the slug still says enough
            view = None
        titles.append(view.ref.title if view else slug.replace("-", " "))
    return titles


class ValidateHandoffForm(Action):
    def name(self) -> str:
        return "validate_handoff_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slot = tracker.get_slot("requested_slot")
        if slot is None:
            return []
        text = (tracker.latest_message.get("text") or "").strip()
        intent = tracker.latest_message.get("intent") or {}
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name == "disclosure":
            return []  # safeguarding first: its rule answers and the form stops
        # Then the plain phrasings, which are certain; then an answer to the question;
        # only then what the classifier thought, which is often unsure of short replies.
        said = phrasing(text, slot)
        if said:
            return self.respond(dispatcher, slot, said, tracker.sender_id)
        filled = read_answer(slot, text, name, tracker)
        if filled is not None:
            return self.accept(dispatcher, slot, filled)
        meant = name if confidence >= CONFIDENT else None
        if meant == "stop" and not details.field_named(text):
            return stop(dispatcher, tracker.sender_id)  # but "change my year" is a correction
        if meant in ("ask_why", "decline_detail") or (
            name == "deny" and slot != "handoff_confirmed"
        ):
            said = "ask_why" if meant == "ask_why" else "decline"
            return self.respond(dispatcher, slot, said, tracker.sender_id)
        if meant in LEAVE_FORM_INTENTS:
            return []  # the form steps aside; a rule answers, then the form asks again
        if slot == "handoff_confirmed" and name == "deny":
            send_reply(
                dispatcher,
                Reply("What would you like to change?", buttons=CHANGE_BUTTONS),
                handoff=COLLECTING,
            )
            return [SlotSet(slot, None)]
        send_reply(dispatcher, Reply(AGAIN[slot]), handoff=COLLECTING)
        return [SlotSet(slot, None)]

    def respond(
        self, dispatcher: CollectingDispatcher, slot: str, said: str, conversation_id: str
    ) -> list:
        if said == "stop":
            return stop(dispatcher, conversation_id)
        return self.explain(dispatcher, slot, declined=said == "decline")

    def explain(self, dispatcher: CollectingDispatcher, slot: str, declined: bool = False) -> list:
        opening = "That's okay. I ask " if declined else "Good question. I ask "
        closing = " If you'd rather not carry on, just say stop." if declined else ""
        why = details.WHY[slot]
        send_reply(
            dispatcher, Reply(f"{opening}{why[0].lower()}{why[1:]}{closing}"), handoff=COLLECTING
        )
        return [SlotSet(slot, None)]

    def accept(self, dispatcher: CollectingDispatcher, slot: str, filled: list[dict]) -> list:
        if slot == "handoff_email":
            masked = next(e["value"] for e in filled if e["name"] == "handoff_email")
            send_reply(dispatcher, Reply(f"Thanks, I've got {masked}."), handoff=COLLECTING)
        return filled


def phrasing(text: str, slot: str) -> str | None:
    """ "stop", "ask_why" or "decline" when the message plainly says so, else None."""
    if details.wants_to_stop(text):
        return "stop"
    if len(text.split()) > SHORT_WORDS:  # a longer "why ..." is an answer, not a question
        return None
    if details.asks_why(text):
        return "ask_why"
    if details.declines(text) and slot != "handoff_confirmed":
        return "decline"
    return None


def stop(dispatcher: CollectingDispatcher, conversation_id: str) -> list[dict[str, Any]]:
    """End the form with nothing sent (``requested_slot`` None tells Rasa the form is done)
    and the email address, if one was given, forgotten."""
    contacts().forget(conversation_id)
    closed = nothing_sent(dispatcher, "Okay, I've stopped. Nothing was sent to anyone.")
    return [*closed, SlotSet("requested_slot", None)]


def read_answer(slot: str, text: str, intent: str | None, tracker: Tracker) -> list[dict] | None:
    """The slot events for an answer to ``slot``, or None if the text doesn't answer it."""
    if slot == "handoff_confirmed":
        return read_confirmation(text, intent, tracker.sender_id)
    if slot == "handoff_topic":
        return read_topic(text, intent, tracker)
    if slot == "handoff_contact":
        return read_contact(text, tracker.sender_id)
    if slot == "handoff_email":
        email = details.parse_email(text)
        return None if email is None else [held_email(tracker.sender_id, email)]
    parser = {
        "handoff_name": details.parse_name,
        "handoff_school": details.parse_school,
        "handoff_year": details.parse_year,
    }[slot]
    value = parser(text)
    return None if value is None else [SlotSet(slot, value)]


def held_email(conversation_id: str, email: str) -> dict[str, Any]:
    """Hold the address apart from Rasa (actions/handoff/contacts.py); the slot keeps only
    its masked form, which is all the student is ever shown."""
    contacts().keep(conversation_id, email)
    return SlotSet("handoff_email", details.mask_email(email))


def read_topic(text: str, intent: str | None, tracker: Tracker) -> list[dict] | None:
    proposal = proposed_topic(tracker)
    if proposal and (intent == "affirm" or text.lower() in ("use that", "use this")):
        return [SlotSet("handoff_topic", proposal)]
    if len(text) < 2 or details.is_bare_reply(text):
        return None
    return [SlotSet("handoff_topic", text[:1000])]


def read_contact(text: str, conversation_id: str) -> list[dict] | None:
    method = details.parse_contact(text)
    if method is None:
        return None
    events = [SlotSet("handoff_contact", method)]
    email = details.parse_email(text)
    if method == "school":
        contacts().forget(conversation_id)
        events.append(SlotSet("handoff_email", ""))
    elif email:
        events.append(held_email(conversation_id, email))
    return events


def read_confirmation(text: str, intent: str | None, conversation_id: str) -> list[dict] | None:
    field = details.field_named(text)
    if field == "handoff_contact":
        contacts().forget(conversation_id)
        return [
            SlotSet("handoff_contact", None),
            SlotSet("handoff_email", None),
            SlotSet("handoff_confirmed", None),
        ]
    if field:
        return [SlotSet(field, None), SlotSet("handoff_confirmed", None)]
    if intent == "affirm" or text.lower().startswith(("yes", "send")):
        return [SlotSet("handoff_confirmed", True)]
    return None


class ActionAskHandoffTopic(Action):
    def name(self) -> str:
        return "action_ask_handoff_topic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        proposal = proposed_topic(tracker)
        if proposal:
            reply = Reply(
                f'What would you like help with? From our chat I\'d say: "{proposal}" '
                "Tap 'Use that', or type it in your own words.",
                buttons=[{"title": "Use that", "payload": "use that"}],
            )
        else:
            reply = Reply("What would you like help with? A sentence or two is plenty.")
        send_reply(dispatcher, reply, handoff=COLLECTING)
        return []


class ActionAskHandoffConfirmed(Action):
    """Show everything that will be sent (the email masked) and ask before sending."""

    def name(self) -> str:
        return "action_ask_handoff_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send_reply(
            dispatcher,
            Reply(
                f"Here's what I'll send to a careers adviser: {summary(tracker)} Shall I send it?",
                buttons=[button("Yes, send it", "affirm"), button("Change something", "deny")],
            ),
            handoff=COLLECTING,
        )
        return []


def summary(tracker: Tracker) -> str:
    slot = tracker.get_slot
    school = "your school (from its website)" if slot("school_slug") else slot("handoff_school")
    contact = (
        f"by email to {slot('handoff_email')}"
        if slot("handoff_contact") == "email"
        else "through your school"
    )
    return (
        f"Name: {slot('handoff_name').rstrip('.')}. School: {school}. "
        f"Year {int(slot('handoff_year'))}. "
        f'Help with: "{slot("handoff_topic")}". Contact: {contact}. Plus a copy of our chat.'
    )
