"""Offering a careers adviser, and what happens when the student says no or stops."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply, button
from actions.personal import describes_a_situation
from actions.replies import send_reply

NATIONAL_CAREERS_SERVICE = "the National Careers Service, free on 0800 100 900"
OFFER_BUTTONS = [button("Talk to an adviser", "request_adviser")]
CONSENT_BUTTONS = [button("Yes, go ahead", "affirm"), button("No thanks", "deny")]
FORM_SLOTS = (
    "handoff_name",
    "handoff_school",
    "handoff_year",
    "handoff_topic",
    "handoff_contact",
    "handoff_email",
    "handoff_confirmed",
    "handoff_reason",
)

WHAT_AN_ADVISER_DOES = (
    "A careers adviser is a qualified person who can talk through your options with you, "
    "one to one."
)
WHAT_IS_SHARED = (
    "If you'd like one to get in touch, I'll ask for your first name, school, year group, "
    "what you want help with and how to reach you. I'll send that with a summary of our chat "
    "to your school's careers advisers, and no one else."
)
CONFIDENTIALITY = (
    "What you tell them stays private, unless they think you or someone else could be at "
    "risk of harm. Then they have to tell someone who can help keep you safe."
)


def offer_text(stuck: bool = False) -> str:
    """A short offer, for when the bot could not help ("Talk to an adviser" button)."""
    opening = "It sounds like a chat with a person might help. " if stuck else ""
    return f"{opening}{WHAT_AN_ADVISER_DOES} You can also call {NATIONAL_CAREERS_SERVICE}."


def school_from_metadata(tracker: Tracker) -> str | None:
    metadata = tracker.latest_message.get("metadata") or {}
    school = metadata.get("school")
    return school if isinstance(school, str) and school else None


class ActionOfferAdviser(Action):
    """Say what an adviser does, what is shared and the limits of privacy; ask consent."""

    def name(self) -> str:
        return "action_offer_adviser"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        implicit = tracker.get_intent_of_latest_message() == "need_guidance" or (
            describes_a_situation(text)
        )
        opening = (
            "That sounds like a lot to think about, and a careers adviser could really help. "
            if implicit
            else ""
        )
        send_reply(
            dispatcher,
            Reply(f"{opening}{WHAT_AN_ADVISER_DOES} {WHAT_IS_SHARED}"),
            handoff={"stage": "offered"},
        )
        send_reply(
            dispatcher,
            Reply(
                f"{CONFIDENTIALITY} Would you like an adviser to get in touch?",
                buttons=CONSENT_BUTTONS,
            ),
            handoff={"stage": "offered"},
        )
        events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in FORM_SLOTS]
        events.append(SlotSet("ambassador_offer", False))  # "yes" now answers this offer
        if implicit:
            events.append(SlotSet("handoff_reason", tracker.latest_message.get("text")))
        school = school_from_metadata(tracker)
        events.append(SlotSet("school_slug", school))
        if school:
            events.append(SlotSet("handoff_school", school))
        return events


class ActionHandoffDeclined(Action):
    def name(self) -> str:
        return "action_handoff_declined"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return nothing_sent(dispatcher, "No problem, I haven't sent anything.")


def nothing_sent(dispatcher: CollectingDispatcher, opening: str) -> list[dict[str, Any]]:
    """Close the hand-off without sending anything, and forget what was typed for it."""
    send_reply(
        dispatcher,
        Reply(
            f"{opening} You can ask for an adviser any time, or call {NATIONAL_CAREERS_SERVICE}."
        ),
        handoff={"stage": "closed"},
    )
    return [SlotSet(slot, None) for slot in FORM_SLOTS]
