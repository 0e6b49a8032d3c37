"""What the bot says when it could not understand or answer, and when to offer a person.

Each of these first checks whether the message, though the classifier read it as small
talk or nonsense, clearly names something in the knowledge base ("vet?"): then it answers.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.ambassador.share import asks_what_its_like, share_and_offer
from actions.answer import answer_if_named, read
from actions.compose.reply import Reply
from actions.handoff.offer import OFFER_BUTTONS
from actions.personal import asks_for_a_person, describes_a_situation, offer_a_person
from actions.replies import send_reply
from actions.unanswered import cannot_help

GREETING = (
    "Hiya! I'm the North East careers assistant. Ask me about jobs, courses, "
    "apprenticeships, colleges or opportunities round here."
)


class AnswerIfNamed:
    """Mixed into an action: answer a misread question first, otherwise do its own thing.

    (Not an Action itself: rasa-sdk registers every Action subclass it finds.)
    ``follows_the_topic``: a message that refers back to the scheme or programme being
    discussed is answered about it (not for feedback, where "that" is the bot's answer).
    """

    follows_the_topic = False

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if asks_for_a_person(text) and (offer := offer_a_person(tracker)):
            return offer
        answered = answer_if_named(dispatcher, tracker, self.follows_the_topic)
        if describes_a_situation(text) and (offer := offer_a_person(tracker)):
            return (answered or []) + offer
        if asks_what_its_like(text) and not tracker.active_loop_name:
            return (answered or []) + share_and_offer(dispatcher, tracker, read(tracker), text)
        return answered if answered is not None else self.otherwise(dispatcher, tracker)

    def otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        raise NotImplementedError


class ActionUnanswered(AnswerIfNamed, Action):
    follows_the_topic = True

    def name(self) -> str:
        return "action_unanswered"

    def otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        turns = cannot_help(dispatcher, int(tracker.get_slot("unanswered_turns") or 0))
        return [SlotSet("unanswered_turns", turns)]


class ActionDefaultFallback(AnswerIfNamed, Action):
    """When no rule fits the turn (a "stop" with nothing to stop, say), Rasa runs this in
    place of its own fallback, which would say nothing at all (the domain has no
    ``utter_default``). The student always gets an answer or a kind "sorry"; then the
    turn is reverted, as Rasa's own fallback does, so the dialogue carries on as before."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        super().run(dispatcher, tracker, domain)
        return [UserUtteranceReverted()]

    def otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        cannot_help(dispatcher, int(tracker.get_slot("unanswered_turns") or 0))
        return []


class ActionFeedbackNegative(AnswerIfNamed, Action):
    def name(self) -> str:
        return "action_feedback_negative"

    def otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        reply = Reply(
            "Sorry that didn't help. Try asking in a different way, or I can put you in "
            "touch with a careers adviser.",
            buttons=OFFER_BUTTONS,
        )
        send_reply(dispatcher, reply, handoff={"stage": "offered"})
        return []


class ActionGreet(AnswerIfNamed, Action):
    """Say hello, unless the "greeting" was really a question ("whats the toon like")."""

    def name(self) -> str:
        return "action_greet"

    def otherwise(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
        dispatcher.utter_message(text=GREETING)
        return []
