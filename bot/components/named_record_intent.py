"""A message that names something in the knowledge base is a careers question, not
small talk: "whats a t level" asks about T Levels, though its shape is that of "whats this
for"; "subsea engineer??" is not a "yes".

The classifier learns small talk from short, general sentences, so a short message naming
a record can look like one of them. This runs after the entity extractors and makes the
intent ``ask_about`` when the top intent is one of ``intents`` (questions about the bot)
and the message names a record, or one of ``when_mostly_a_name`` (yes, no, thanks...) and
the names are most of the message (``name_share`` of its letters). The actions then read
the question's kind from its words.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

CAREERS_QUESTION = "ask_about"


def _share_named(message: Message, entities: list[dict[str, Any]]) -> float:
    """The share of the message's letters that lie inside the names found in it."""
    text = message.get(TEXT) or ""
    letters = sum(ch.isalnum() for ch in text)
    named = sum(ch.isalnum() for entity in entities for ch in text[entity["start"] : entity["end"]])
    return named / letters if letters else 0.0


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NamedRecordIntent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intents": ["what_can_you_do"],
            "when_mostly_a_name": [
                "affirm",
                "deny",
                "thank",
                "goodbye",
                "feedback_positive",
                "feedback_negative",
            ],
            "name_share": 0.6,
        }

    def __init__(self, intents: list[str], when_mostly_a_name: list[str], share: float) -> None:
        self.intents = frozenset(intents)
        self.when_mostly_a_name = frozenset(when_mostly_a_name)
        self.share = share

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NamedRecordIntent:
        return cls(config["intents"], config["when_mostly_a_name"], config["name_share"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if self._names_a_record(message, intent.get(INTENT_NAME_KEY)):
                self._read_as_a_careers_question(message, intent)
        return messages

    def _names_a_record(self, message: Message, intent: str | None) -> bool:
        entities = message.get(ENTITIES) or []
        if not entities:
            return False
        if intent in self.intents:
            return True
        return intent in self.when_mostly_a_name and _share_named(message, entities) >= self.share

    @staticmethod
    def _read_as_a_careers_question(message: Message, intent: dict[str, Any]) -> None:
        confidence = intent.get("confidence", 1.0)
        ranking = [
            entry
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get(INTENT_NAME_KEY) != CAREERS_QUESTION
        ]
        chosen = {INTENT_NAME_KEY: CAREERS_QUESTION, "confidence": confidence}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
