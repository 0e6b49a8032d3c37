"""When a message suggests a student may be at risk: help first, and a person told.

The bot answers at once, warmly, with places to get help now, and never promises to keep
it secret; its words depend on the grade (urgent, or a gentler concern). At the same time
an alert of that grade, with the words that raised it and the conversation, goes through
the outbox to the web service, which emails the school's safeguarding lead and advisers.
Nothing else is said in that turn.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.compose.reply import Reply
from actions.handoff.offer import school_from_metadata
from actions.handoff.ticket import transcript
from actions.outbox import outbox
from actions.replies import send_reply
from contract.payloads import AlertIn
from contract.references import new_reference
from knowledge.clock import now
from privacy.redact import redact
from safeguarding.assess import Assessment, assess
from safeguarding.categories import UNCLEAR
from safeguarding.signposting import SERVICES, wording_for

log = logging.getLogger(__name__)


class ActionSafeguarding(Action):
    def name(self) -> str:
        return "action_safeguarding"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        found = assess(tracker.latest_message.get("text") or "")
        if not found.worrying:  # the classifier's own reading: a concern, never nothing
            found = Assessment("concern", UNCLEAR, "")
        # Help first, so that nothing that goes wrong below can leave the student unanswered.
        send_reply(
            dispatcher, Reply(wording_for(found.grade)), safeguarding={"services": SERVICES}
        )
        try:
            outbox().submit(alert(tracker, new_reference("SG"), found))
        except Exception:  # noqa: BLE001 - logged loudly; the outbox file is checked by tests
            log.exception("A safeguarding alert could not be queued")
        return []


def alert(tracker: Tracker, reference: str, found: Assessment) -> AlertIn:
    """The alert for a person: how worried, about what, where, and the conversation."""
    return AlertIn(
        reference=reference,
        conversation_id=tracker.sender_id,
        school_slug=school_from_metadata(tracker) or tracker.get_slot("school_slug"),
        concern=found.category or UNCLEAR,
        grade=found.grade,
        trigger=redact(found.words)[:200],
        transcript=transcript(tracker),
        raised_at=now(),
    )
