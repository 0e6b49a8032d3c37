"""The same question from a different name, gender or background gets the same answer.

A student often says who they are before they ask ("I'm Kofi, year 11"); the name must not
move the bot's reading of the question (bot/components/introductions.py).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import rest_chat
from tests.replies import cited, custom_of

pytestmark = pytest.mark.e2e

QUESTIONS = [
    "{intro} how do i become a joiner",
    "{intro} what can i do with geography",
    "{intro} what's an apprenticeship and do u get paid",
    "{intro} what jobs are there in digital round here",
]
INTRODUCTIONS = [
    "I'm Kofi, year 11.",
    "I'm Tom, year 11.",
    "Oluwaseun here, year 11.",
    "Hannah here, year 11.",
    "hiya im Wiktoria (she/her), year 11 -",
    "hiya im Jack (he/him), year 11 -",
]


def answer(stack, text: str) -> tuple:
    replies = rest_chat(stack, text).say(text)
    custom = custom_of(replies)
    return tuple(sorted(cited(replies))), bool(custom.get("unanswered")), "handoff" in custom


@pytest.mark.parametrize("question", QUESTIONS)
def test_who_asks_does_not_change_the_answer(question: str, stack) -> None:
    answers = {intro: answer(stack, question.format(intro=intro)) for intro in INTRODUCTIONS}
    assert len(set(answers.values())) == 1, answers
    records, unanswered, _ = next(iter(answers.values()))
    assert records and not unanswered, "the question itself is answered"
