"""Keep the longest of overlapping entities: "gateshead college" is the college, not the place.

Rasa's RegexEntityExtractor reports every lookup-table match, so a name inside a longer
name is reported too. This runs after it and drops any entity that lies inside a longer one.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message


def _inside_a_longer_one(entity: dict[str, Any], entities: list[dict[str, Any]]) -> bool:
    size = entity["end"] - entity["start"]
    return any(
        other is not entity
        and other["start"] <= entity["start"]
        and entity["end"] <= other["end"]
        and other["end"] - other["start"] > size
        for other in entities
    )


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LongestEntityFilter(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongestEntityFilter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            entities = message.get(ENTITIES, [])
            kept = [e for e in entities if not _inside_a_longer_one(e, entities)]
            message.set(ENTITIES, kept, add_to_output=True)
        return messages
