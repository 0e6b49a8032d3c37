"""Saying honestly that something is outside what the bot knows."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply
from actions.handoff.offer import OFFER_BUTTONS, offer_text
from actions.replies import CAN_HELP_WITH, send_reply

STUCK_AFTER = 2  # unanswered turns in a row before a careers adviser is offered


def cannot_help(dispatcher: CollectingDispatcher, unanswered_turns: int) -> int:
    """Say so (``custom.unanswered``), and after ``STUCK_AFTER`` such turns in a row offer
    a careers adviser. Returns the new count of unanswered turns."""
    turns = unanswered_turns + 1
    sorry = Reply(f"Sorry, I can't help with that. {CAN_HELP_WITH}", unanswered=True)
    send_reply(dispatcher, sorry)
    if turns >= STUCK_AFTER:
        offer = Reply(offer_text(stuck=True), buttons=OFFER_BUTTONS)
        send_reply(dispatcher, offer, handoff={"stage": "offered"})
    return turns
