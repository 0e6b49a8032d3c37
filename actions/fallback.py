"""What the bot says when it could not understand or answer, and when to offer a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.adviser import OFFER_BUTTONS, offer_text
from actions.answer import answer_if_named
from actions.compose.reply import Reply
from actions.replies import CAN_HELP_WITH, send_reply

STUCK_AFTER = 2
GREETING = (
    "Hiya! I'm the North East careers assistant. Ask me about jobs, courses, "
    "apprenticeships, colleges or opportunities round here."
)


class ActionUnanswered(Action):
    def name(self) -> str:
        return "action_unanswered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answered = answer_if_named(dispatcher, tracker)
        if answered is not None:
            return answered
        turns = int(tracker.get_slot("unanswered_turns") or 0) + 1
        reply = Reply(f"Sorry, I can't help with that. {CAN_HELP_WITH}", unanswered=True)
        send_reply(dispatcher, reply)
        if turns >= STUCK_AFTER:
            offer = Reply(offer_text(stuck=True), buttons=OFFER_BUTTONS)
            send_reply(dispatcher, offer, handoff={"stage": "offered"})
        return [SlotSet("unanswered_turns", turns)]


class ActionFeedbackNegative(Action):
    def name(self) -> str:
        return "action_feedback_negative"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answered = answer_if_named(dispatcher, tracker)
        if answered is not None:
            return answered
        reply = Reply(
            "Sorry that didn't help. Try asking in a different way, or I can put you in "
            "touch with a careers adviser.",
            buttons=OFFER_BUTTONS,
        )
        send_reply(dispatcher, reply, handoff={"stage": "offered"})
        return []


class ActionGreet(Action):
    """Say hello, unless the "greeting" was really a question ("whats the toon like")."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        answered = answer_if_named(dispatcher, tracker)
        if answered is None:
            dispatcher.utter_message(text=GREETING)
            return []
        return answered
