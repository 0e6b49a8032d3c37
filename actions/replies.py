"""Send bot messages that keep to the chat contract (../shared/contract.md)."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply

CAN_HELP_WITH = (
    "I can help with jobs and sectors in the North East, courses, T Levels, "
    "apprenticeships, colleges and universities, and opportunities near you."
)


def send_reply(dispatcher: CollectingDispatcher, reply: Reply, **custom: Any) -> None:
    """Send a reply: its text, its buttons, and a ``custom`` object for the records cited."""
    payload = {key: value for key, value in custom.items() if value is not None}
    citations = [ref.as_citation() for ref in dict.fromkeys(reply.records)]
    if citations:
        payload["records"] = citations
    if reply.unanswered:
        payload["unanswered"] = True
    dispatcher.utter_message(
        text=reply.text, buttons=reply.buttons or [], json_message=payload or None
    )

