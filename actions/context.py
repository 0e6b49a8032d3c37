"""What the conversation is about so far, kept in slots until the student moves on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.asked import SLOT_KINDS
from knowledge.query import KnowledgeBase, RecordRef

MAX_TOPICS_KEPT = 20


@dataclass
class Context:
    slugs: dict[str, str] = field(default_factory=dict)
    topic: str | None = None
    discussed: list[str] = field(default_factory=list)
    last_question: str | None = None

    @classmethod
    def from_tracker(cls, tracker: Tracker) -> Context:
        slugs = {kind: tracker.get_slot(kind) for kind in SLOT_KINDS}
        return cls(
            slugs={k: v for k, v in slugs.items() if v},
            topic=tracker.get_slot("topic"),
            discussed=list(tracker.get_slot("topics_discussed") or []),
            last_question=tracker.get_slot("last_question"),
        )

    def get(self, kind: str) -> str | None:
        return self.slugs.get(kind)

    def topic_ref(self, kb: KnowledgeBase) -> RecordRef | None:
        if not self.topic:
            return None
        kind, _, slug = self.topic.partition("/")
        view = kb.get(kind, slug)
        return view.ref if view else None


def move_on(context: Context, cited: list[RecordRef], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Slot events after an answer: the records just cited become the current ones.

    Naming a job also makes its home sector current; naming another sector forgets a job
    from a different sector.
    """
    slugs = dict(context.slugs)
    for ref in reversed(cited):
        if ref.kind not in SLOT_KINDS:
            continue
        if ref.kind == "occupation":
            view = kb.get("occupation", ref.slug)
            home = view.home_sector() if view else None
            if home:
                slugs["sector"] = home.slug
        if ref.kind == "sector" and slugs.get("occupation"):
            view = kb.get("occupation", slugs["occupation"])
            if view and ref.slug not in view.data["sectors"]:
                slugs.pop("occupation")
        slugs[ref.kind] = ref.slug
    events = [
        SlotSet(kind, slugs.get(kind))
        for kind in SLOT_KINDS
        if slugs.get(kind) != context.slugs.get(kind)
    ]
    if cited:
        topic = f"{cited[0].kind}/{cited[0].slug}"
        if topic != context.topic:
            events.append(SlotSet("topic", topic))
        new = [f"{r.kind}/{r.slug}" for r in cited if f"{r.kind}/{r.slug}" not in context.discussed]
        if new:
            events.append(SlotSet("topics_discussed", (context.discussed + new)[-MAX_TOPICS_KEPT:]))
    return events
