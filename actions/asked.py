"""What the student's latest message asks about: the records it names, or candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasa_sdk import Tracker

from knowledge.query import KnowledgeBase, RecordRef
from knowledge.resolve import Resolver
from knowledge.vocabulary import PROGRAMME_OPPORTUNITY_TYPES

RECORD_KINDS = ("occupation", "sector", "route", "place", "provider", "programme")
CONFIDENT = 0.75
REFERS_BACK = re.compile(r"\b(that|it|this|them|those|there|they)\b", re.IGNORECASE)


@dataclass
class Asked:
    intent: str
    text: str
    named: list[RecordRef] = field(default_factory=list)
    candidates: list[RecordRef] = field(default_factory=list)
    subject: str | None = None
    opportunity_type: str | None = None

    def first(self, *kinds: str) -> RecordRef | None:
        """The best-ranked named record of the first of ``kinds`` that has one."""
        for kind in kinds:
            for ref in self.named:
                if ref.kind == kind:
                    return ref
        return None

    def all(self, kind: str) -> list[RecordRef]:
        return [ref for ref in self.named if ref.kind == kind]

    @property
    def refers_back(self) -> bool:
        return bool(REFERS_BACK.search(self.text))


def read_message(tracker: Tracker, kb: KnowledgeBase, resolver: Resolver) -> Asked:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name") or ""
    entities = message.get("entities") or []
    asked = Asked(intent=intent, text=text)
    asked.subject = _entity(entities, "subject")
    asked.opportunity_type = _entity(entities, "opportunity_type")
    if text.startswith("/"):
        asked.named = _from_entities(entities, kb)
    else:
        _from_text(asked, resolver)
    for ref in asked.all("programme"):
        asked.opportunity_type = asked.opportunity_type or PROGRAMME_OPPORTUNITY_TYPES.get(ref.slug)
    return asked


def _entity(entities: list[dict], name: str) -> str | None:
    return next((str(e["value"]) for e in entities if e.get("entity") == name), None)


def _from_entities(entities: list[dict], kb: KnowledgeBase) -> list[RecordRef]:
    """A button's payload names records by slug."""
    named = []
    for entity in entities:
        if entity.get("entity") in RECORD_KINDS:
            view = kb.get(entity["entity"], str(entity["value"]))
            if view:
                named.append(view.ref)
    return named


def _from_text(asked: Asked, resolver: Resolver) -> None:
    matches = resolver.resolve(asked.text, kinds=RECORD_KINDS, limit=12)
    asked.named = [m.ref for m in matches if m.confidence >= CONFIDENT]
    if not asked.named:
        asked.candidates = [m.ref for m in matches if m.how == "partial"][:6]
