"""A leading ``/`` is the bot's own button payload, or nothing: first in the NLU pipeline.

Rasa reads "/<words>" as an intent name and skips understanding (and used to skip the
safeguarding check). This component remembers the intents it was trained with and, for
any ``/`` message that is not exactly a payload of one of them (safeguarding/payloads.py),
removes the slashes before anything else reads the message. Rasa's own parser then never
sees it, so it never logs the student's words as a malformed intent either.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from safeguarding.payloads import as_student_text

INTENTS_FILE = "intents.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=True)
class SlashGuard(GraphComponent):
    def __init__(
        self, intents: frozenset[str], model_storage: ModelStorage, resource: Resource
    ) -> None:
        self.intents = intents
        self.model_storage = model_storage
        self.resource = resource

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SlashGuard:
        return cls(frozenset(), model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SlashGuard:
        with model_storage.read_from(resource) as directory:
            intents = json.loads((directory / INTENTS_FILE).read_text())
        return cls(frozenset(intents), model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        with self.model_storage.write_to(self.resource) as directory:
            (directory / INTENTS_FILE).write_text(json.dumps(sorted(training_data.intents)))
        return self.resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TEXT, as_student_text(text, self.intents))
        return messages
