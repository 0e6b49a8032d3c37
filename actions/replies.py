"""Build bot messages that keep to the chat contract (../shared/contract.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from knowledge.query import RecordRef

CAN_HELP_WITH = (
    "I can help with jobs and sectors in the North East, courses, T Levels, "
    "apprenticeships, colleges and universities, and opportunities near you."
)


def send(
    dispatcher: CollectingDispatcher,
    text: str,
    *,
    records: Iterable[RecordRef] = (),
    buttons: list[dict[str, str]] | None = None,
    **custom: Any,
) -> None:
    """Send ``text`` with a ``custom`` object holding the records cited and any other keys."""
    payload = {key: value for key, value in custom.items() if value is not None}
    citations = [ref.as_citation() for ref in records]
    if citations:
        payload["records"] = citations
    dispatcher.utter_message(text=text, buttons=buttons or [], json_message=payload or None)


def list_in_words(items: list[str]) -> str:
    """"a, b and c" in plain English."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
