"""Rasa's tracker store, with contact details removed before anything is written.

``endpoints.yml`` names it; its database is ``CAREERS_TRACKER_DATABASE_URL`` (SQLite under
``var/`` by default, PostgreSQL in production). What the student and the bot said, and
the text held in slots, pass through ``privacy.redact`` before they are stored, with no
exception: the email a student gives for an adviser's reply is held by the action server
(actions/handoff/contacts.py) and only its masked form is in a slot. Retention deletes the
conversation on schedule.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.redact import redact


class RedactingTrackerStore(SQLTrackerStore):
    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        for event in super()._additional_events(session, tracker):
            yield redacted(event)


def redacted(event: Event) -> Event:
    """A copy of the event without contact details in what it says (others unchanged)."""
    if isinstance(event, (UserUttered, BotUttered)) and event.text:
        event = copy.deepcopy(event)
        event.text = redact(event.text)
        parse_data = getattr(event, "parse_data", None)
        if isinstance(parse_data, dict) and parse_data.get("text"):
            parse_data["text"] = event.text
            for entity in parse_data.get("entities") or []:
                if isinstance(entity.get("value"), str):
                    entity["value"] = redact(entity["value"])
    elif isinstance(event, SlotSet) and isinstance(event.value, str):
        event = SlotSet(event.key, redact(event.value), event.timestamp, event.metadata)
    return event
