"""Asking the school's careers team for an apprentice ambassador to visit.

The request says which school and, when known, what kind of work interests the student;
nothing about the student. It reaches the careers team like a hand-off does.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.ambassador.question import is_disclosure, stopped, wants_to_stop
from actions.ambassador.share import nothing_pending
from actions.compose.reply import Reply, button
from actions.context import Context
from actions.handoff import details
from actions.handoff.offer import school_from_metadata
from actions.outbox import outbox
from actions.replies import send_reply
from contract.payloads import VisitIn
from contract.references import new_reference
from knowledge.clock import now
from privacy.redact import redact

OFFERED = {"stage": "offered"}
VISIT_BUTTONS = [button("Yes, ask them", "affirm"), button("No thanks", "deny")]
VISIT_OFFER = (
    "Apprentice ambassadors are young people on apprenticeships who visit schools to talk "
    "about their work. I can ask your school's careers team to arrange a visit. I'll only "
    "send your school's name and the kind of work you're interested in, nothing about you. "
    "Shall I ask them?"
)


class ActionOfferAmbassadorVisit(Action):
    def name(self) -> str:
        return "action_offer_ambassador_visit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send_reply(
            dispatcher,
            Reply(VISIT_OFFER, buttons=VISIT_BUTTONS),
            ambassador=OFFERED,
        )
        school = school_from_metadata(tracker)
        return [
            SlotSet("ambassador_offer", False),
            SlotSet("school_slug", school),
            SlotSet("visit_school", school),
        ]


class ValidateAmbassadorVisitForm(Action):
    def name(self) -> str:
        return "validate_ambassador_visit_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("requested_slot") is None or is_disclosure(tracker):
            return []
        if wants_to_stop(tracker):
            return stopped(dispatcher)
        school = details.parse_school(tracker.latest_message.get("text") or "")
        if school:
            return [SlotSet("visit_school", school)]
        send_reply(
            dispatcher,
            Reply("Sorry, I didn't catch that. Which school or college do you go to?"),
            ambassador=OFFERED,
        )
        return [SlotSet("visit_school", None)]


def visit_payload(tracker: Tracker, reference: str) -> VisitIn:
    slug = tracker.get_slot("school_slug")
    return VisitIn(
        reference=reference,
        conversation_id=tracker.sender_id,
        school_slug=slug,
        school_given=None if slug else redact(tracker.get_slot("visit_school"))[:200],
        sector=Context.from_tracker(tracker).get("sector"),
        note="A student asked in the careers chat for an apprentice ambassador to visit.",
        requested_at=now(),
    )


class ActionRequestAmbassadorVisit(Action):
    def name(self) -> str:
        return "action_request_ambassador_visit"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if not tracker.get_slot("visit_school"):
            return nothing_pending()  # stopped: nothing to send
        reference = new_reference("AV")
        delivered = outbox().submit(visit_payload(tracker, reference))
        sent = (
            "Done! I've asked your school's careers team about a visit from an apprentice."
            if delivered
            else "I've saved your request, but I can't reach the careers team's system right "
            "now. I'll keep trying and send it as soon as I can."
        )
        send_reply(
            dispatcher,
            Reply(f"{sent} They'll plan it with your school. Your reference is {reference}."),
            ambassador={"stage": "queued", "reference": reference},
        )
        return nothing_pending()
