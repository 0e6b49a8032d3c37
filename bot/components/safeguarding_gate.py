"""Safeguarding comes first: a message that may be a disclosure is read as one.

Runs last in the NLU pipeline. The intent becomes ``disclosure`` when the curated phrase
list (safeguarding/phrases.yaml) matches, even if the classifier was unsure or predicted
something else, and when the classifier itself is fairly sure it is one. A false alarm
costs a kind message and an urgent email to a school's safeguarding lead; a miss costs
far more. The phrase list carries recall; the classifier adds phrasings it does not know.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from safeguarding.assess import assess
from safeguarding.detect import is_idiom

DISCLOSURE = "disclosure"
# How sure the classifier must be, on its own. At 0.25 ("any real weight") it read one in
# five careers questions on hard subjects as disclosures, and idioms such as "my mum will
# kill me if i fail" (tests/e2e/test_safeguarding.py).
ENOUGH = 0.6


def _classifier_suspects(message: Message) -> bool:
    ranking = message.get(INTENT_RANKING_KEY) or []
    top = ranking[0] if ranking else {}
    return top.get("name") == DISCLOSURE and top.get("confidence", 0) >= ENOUGH


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

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button's payload (SlashGuard let only those keep their "/")
            if assess(text).worrying or (_classifier_suspects(message) and not is_idiom(text)):
                _read_as_disclosure(message)
            elif (message.get(INTENT) or {}).get("name") == DISCLOSURE:
                _read_as_next_best(message)  # an unsure guess, or an idiom
        return messages
