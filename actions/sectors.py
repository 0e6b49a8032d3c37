"""Answers about sectors: what jobs there are in one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_base import knowledge_base
from actions.replies import CAN_HELP_WITH, list_in_words, send

MAX_JOBS_NAMED = 7


class ActionAnswerSectorJobs(Action):
    def name(self) -> str:
        return "action_answer_sector_jobs"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        slug = next(tracker.get_latest_entity_values("sector"), None) or tracker.get_slot("sector")
        sector = knowledge_base().get("sector", slug) if slug else None
        if sector is None:
            send(
                dispatcher,
                f"Which area of work do you mean? {CAN_HELP_WITH}",
                unanswered=True,
            )
            return []
        home = sector.linked_by("occupation", "sector")
        shared = sector.linked_by("occupation", "also_sector")
        jobs = [ref.title.lower() for ref in home + shared]
        if jobs:
            named = list_in_words(jobs[:MAX_JOBS_NAMED])
            text = f"Jobs in {sector.ref.title.lower()} include {named}. {sector.summary}"
        else:
            text = sector.summary
        send(dispatcher, text, records=[sector.ref])
        return []
