"""A message that names something in the knowledge base is a careers question, not
small talk: "whats a t level" asks about T Levels, though its shape is that of "whats this
for"; "subsea engineer??" is not a "yes".

The classifier learns small talk from short, general sentences, so a short message naming
a record can look like one of them. This runs after the entity extractors and makes the
intent ``ask_about`` when the top intent is one of ``intents`` (questions about the bot)
and the message names a record, or one of ``when_mostly_a_name`` (yes, no, thanks...) and
the names are most of the message (``name_share`` of its letters). The actions then read
the question's kind from its words.

A few names are also everyday words: "ta" is thanks in Geordie and a teaching assistant.
A message that is, word for word, a training example of one of ``when_mostly_a_name``
keeps that reading and names nothing, so the component remembers those examples when it
is trained.
"""

from __future__ import annotations

import json
import re
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
from rasa.shared.nlu.training_data.training_data import TrainingData

CAREERS_QUESTION = "ask_about"
EXAMPLES_FILE = "small_talk.json"


def _as_words(text: str) -> str:
    """The message's words, lower case, without punctuation or emoji."""
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _share_named(message: Message, entities: list[dict[str, Any]]) -> float:
    """The share of the message's letters that lie inside the names found in it."""
    text = message.get(TEXT) or ""
    letters = sum(ch.isalnum() for ch in text)
    named = sum(ch.isalnum() for entity in entities for ch in text[entity["start"] : entity["end"]])
    return named / letters if letters else 0.0


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
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

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        small_talk: dict[str, str],
    ) -> None:
        self.intents = frozenset(config["intents"])
        self.when_mostly_a_name = frozenset(config["when_mostly_a_name"])
        self.share = config["name_share"]
        self.model_storage = model_storage
        self.resource = resource
        self.small_talk = small_talk

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NamedRecordIntent:
        return cls(config, model_storage, resource, {})

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NamedRecordIntent:
        with model_storage.read_from(resource) as directory:
            small_talk = json.loads((directory / EXAMPLES_FILE).read_text())
        return cls(config, model_storage, resource, small_talk)

    def train(self, training_data: TrainingData) -> Resource:
        """Remember the small-talk examples, word for word, with their intents."""
        small_talk = {
            _as_words(example.get(TEXT)): example.get(INTENT)
            for example in training_data.intent_examples
            if example.get(INTENT) in self.when_mostly_a_name
        }
        with self.model_storage.write_to(self.resource) as directory:
            (directory / EXAMPLES_FILE).write_text(json.dumps(small_talk, sort_keys=True))
        return self.resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if not message.get(ENTITIES):
                continue
            trained_as = self.small_talk.get(_as_words(message.get(TEXT) or ""))
            if trained_as:
                _read_as(message, intent, trained_as, confidence=1.0)
                message.set(ENTITIES, [], add_to_output=True)
            elif self._names_a_record(message, intent.get(INTENT_NAME_KEY)):
                _read_as(message, intent, CAREERS_QUESTION, intent.get("confidence", 1.0))
        return messages

    def _names_a_record(self, message: Message, intent: str | None) -> bool:
        entities = message.get(ENTITIES)
        if intent in self.intents:
            return True
        return intent in self.when_mostly_a_name and _share_named(message, entities) >= self.share


def _read_as(message: Message, intent: dict[str, Any], name: str, confidence: float) -> None:
    """Make ``name`` the message's intent, first in its ranking."""
    if intent.get(INTENT_NAME_KEY) == name and intent.get("confidence", 0.0) >= confidence:
        return
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != name
    ]
    chosen = {INTENT_NAME_KEY: name, "confidence": confidence}
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
