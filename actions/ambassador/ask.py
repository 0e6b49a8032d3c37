"""``action_share_ambassador_answers``: "Can I ask an apprentice?"."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.ambassador.share import (
    asks_what_its_like,
    mentions_an_apprentice,
    question_in,
    share_and_offer,
)
from actions.answer import answer_if_named, read
from actions.personal import asks_for_a_person, offer_a_person


class ActionShareAmbassadorAnswers(Action):
    """What apprentices have said, and the offer to ask one. A message the classifier
    misread ("tell me about the dogger bank apprenticeship": a record, no apprentice) is
    answered as the knowledge question it is; a request for a person that names no
    apprentice ("could i talk to someone") is offered a careers adviser."""

    def name(self) -> str:
        return "action_share_ambassador_answers"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        if asks_for_a_person(text) and not mentions_an_apprentice(text):
            return offer_a_person(tracker)  # "is there an actual human i could talk to"
        answered = answer_if_named(dispatcher, tracker)  # the facts first, when it names any
        if answered is not None and not (mentions_an_apprentice(text) or asks_what_its_like(text)):
            return answered
        question = question_in(text) if asks_what_its_like(text) else None
        return (answered or []) + share_and_offer(dispatcher, tracker, read(tracker), question)
