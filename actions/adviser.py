"""Offering a qualified careers adviser (personal guidance)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply, button
from actions.replies import send_reply

NATIONAL_CAREERS_SERVICE = "the National Careers Service, free on 0800 100 900"
OFFER_BUTTONS = [button("Talk to an adviser", "request_adviser")]


def offer_text(stuck: bool = False) -> str:
    opening = "It sounds like a chat with a person might help. " if stuck else ""
    return (
        f"{opening}A careers adviser is a qualified person who can talk through your "
        f"options with you. You can ask your school's careers leader, or call "
        f"{NATIONAL_CAREERS_SERVICE}."
    )


class ActionOfferAdviser(Action):
    def name(self) -> str:
        return "action_offer_adviser"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send_reply(dispatcher, Reply(offer_text()), handoff={"stage": "offered"})
        return []
