"""A message that names something in the knowledge base is a careers question, not a
question about the bot: "whats a t level" asks about T Levels, though its shape is that of
"whats this for".

The classifier learns the bot's own questions from short, general sentences, so a short
question naming a record can look like one of them. This runs after the entity extractors
and, when the top intent is one of ``intents`` (by default only ``what_can_you_do``) and
the message names a record, makes the intent ``ask_about``; the actions then read the
question's kind from its words.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

CAREERS_QUESTION = "ask_about"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class NamedRecordIntent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"intents": ["what_can_you_do"]}

    def __init__(self, intents: list[str]) -> None:
        self.intents = frozenset(intents)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NamedRecordIntent:
        return cls(config["intents"])

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) in self.intents and message.get(ENTITIES):
                self._read_as_a_careers_question(message, intent)
        return messages

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
