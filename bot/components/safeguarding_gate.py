"""Safeguarding comes first: a message that may be a disclosure is read as one.

Runs last in the NLU pipeline. The intent becomes ``disclosure`` whenever
``safeguarding.assess`` finds a concern (curated phrases and the safeguarding classifier,
docs/safeguarding.md), whatever the language model thought. The language model's own
``disclosure`` guess never decides alone: on the evaluation it found no disclosure that
``assess`` missed and raised extra false alarms, and one detector everywhere means the
bot, the forms and the web service's safety net always agree. Such a guess is read as
the next intent.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safeguarding.assess import assess, warm_up

DISCLOSURE = "disclosure"


def _read_as_disclosure(message: Message) -> None:
    top = {"name": DISCLOSURE, "confidence": 1.0}
    ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != DISCLOSURE]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


def _read_as_next_best(message: Message) -> None:
    ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != DISCLOSURE]
    message.set(INTENT, ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0})
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafeguardingGate(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafeguardingGate:
        return cls()

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafeguardingGate:
        """Loaded to serve (not to train): get the detector ready before the first message."""
        warm_up()
        return cls.create(config, model_storage, resource, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button's payload (SlashGuard let only those keep their "/")
            if assess(text).worrying:
                _read_as_disclosure(message)
            elif (message.get(INTENT) or {}).get("name") == DISCLOSURE:
                _read_as_next_best(message)
        return messages
