"""What the bot says when it could not understand or answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.replies import CAN_HELP_WITH, send


class ActionUnanswered(Action):
    def name(self) -> str:
        return "action_unanswered"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send(dispatcher, f"Sorry, I didn't get that. {CAN_HELP_WITH}", unanswered=True)
        return []
