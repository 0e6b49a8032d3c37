"""A student's name is not part of their question: the language model never reads it.

"I'm Grace, year 9. What jobs can I do if I love chemistry?" and the same words from
Zainab must be read alike (issue 20: fairness). The language model reads every token,
letters and all, so an unfamiliar name moved its guess. This component runs straight
after the tokenizer, in training and in use, and drops the tokens of a name the student
introduces themselves by ("I'm Priya", "my name's Kacper", "Connor here", "Sophie, 18",
"Mei, year 10") and of a pronoun declaration ("(they/them)"). The text itself is left
as written: forms that ask for a first name read it from there.

A word counts as a name in those places when Debian's British English word list
(package wbritish, installed by ops/setup.sh) knows it as a proper noun ("Grace",
"Harry") or does not know it at all ("Zainab"), and it is not a word that often follows
"I'm" ("in", "a", "good", a number).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

DICTIONARY = Path("/usr/share/dict/british-english")
WORD = r"([A-Za-z][A-Za-z'-]+)"
GREETING = r"^\W*(?:(?:hi|hiya|hey|hello|alright)\W+)?"
INTRODUCTIONS = (
    re.compile(rf"\b(?:i'?m|i am|my name'?s|my name is|me name'?s|call me|this is)\s+{WORD}", re.I),
    re.compile(rf"{GREETING}{WORD}\s+here\b", re.I),
    re.compile(rf"{GREETING}{WORD}\s*,\s*(?:\d|year\b|yr\b|y\d)", re.I),
)
PRONOUNS = re.compile(r"\(\s*(?:he|she|they|xe|ze)\s*/\s*\w+\s*\)", re.I)
# Words that often follow "I'm" and that the word list also spells with a capital.
NOT_NAMES = frozenset(
    {
        "a", "an", "at", "in", "on", "to", "of", "so", "not", "just", "still", "also", "only",
        "really", "good", "young", "new", "well", "fine", "ok", "okay", "sure", "year", "yr",
        "from", "into", "doing", "going", "gonna", "wanna", "tryna", "looking", "thinking",
        "trying", "wanting", "hoping", "the",
    }
)  # fmt: skip


@lru_cache(maxsize=1)
def _word_list() -> tuple[frozenset[str], frozenset[str]]:
    """(proper nouns, lower-case words) of the word list; empty if it is missing."""
    if not DICTIONARY.exists():
        return frozenset(), frozenset()
    words = DICTIONARY.read_text(encoding="utf-8", errors="ignore").split()
    proper = frozenset(w.lower() for w in words if w[:1].isupper())
    common = frozenset(w for w in words if w[:1].islower())
    return proper, common


def _is_name(word: str) -> bool:
    lowered = word.lower().replace("'", "")
    if lowered in NOT_NAMES or not lowered.isalpha():
        return False
    proper, common = _word_list()
    if not common:  # no word list: only a capital says it is a name
        return word[:1].isupper()
    return lowered in proper or lowered not in common


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` the student's own name and pronoun declaration are."""
    spans = [m.span() for m in PRONOUNS.finditer(text)]
    for pattern in INTRODUCTIONS:
        spans += [m.span(1) for m in pattern.finditer(text) if _is_name(m.group(1))]
    return spans


def drop_name_tokens(message: Message) -> None:
    tokens = message.get(TOKENS_NAMES[TEXT])
    spans = name_spans(message.get(TEXT) or "")
    if not tokens or not spans:
        return
    kept = [t for t in tokens if not any(t.start < end and start < t.end for start, end in spans)]
    if kept:  # never leave a message with nothing to read
        message.set(TOKENS_NAMES[TEXT], kept)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class IntroductionFilter(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntroductionFilter:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            drop_name_tokens(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            drop_name_tokens(message)
        return messages
