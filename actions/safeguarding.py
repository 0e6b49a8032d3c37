"""When a message suggests a student may be at risk: help first, and a person told.

The bot answers at once, warmly, with places to get help now, and never promises to keep
it secret. At the same time an urgent alert, with the conversation, goes through the
outbox to the web service, which emails the school's safeguarding lead and advisers.
Nothing else is said in that turn.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply
from actions.handoff.offer import school_from_metadata
from actions.handoff.ticket import transcript
from actions.outbox import outbox
from actions.replies import send_reply
from inbox.references import new_reference
from knowledge.clock import now
from safeguarding.detect import concern_in
from safeguarding.signposting import SERVICES, SIGNPOSTING


class ActionSafeguarding(Action):
    def name(self) -> str:
        return "action_safeguarding"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        outbox().submit(reference := new_reference("SG"), alert(tracker, reference))
        send_reply(dispatcher, Reply(SIGNPOSTING), safeguarding={"services": SERVICES})
        return []


def alert(tracker: Tracker, reference: str) -> dict[str, Any]:
    """The urgent alert for a person: what worried us, where, and the conversation."""
    found = concern_in(tracker.latest_message.get("text") or "")
    return {
        "reference": reference,
        "conversation_id": tracker.sender_id,
        "school_slug": school_from_metadata(tracker) or tracker.get_slot("school_slug"),
        "concern": found.category if found else "unclear",
        "transcript": transcript(tracker),
        "raised_at": now().isoformat(),
    }
