"""Realistic student messages and conversations, over Rasa's REST channel, to the real stack.

The table (tests/data/conversation_messages.yaml) lists, for each message, the records the
reply must cite; conversations check that context carries across turns.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.e2e.conftest import rest_chat
from tests.replies import cited, custom_of, text_of

pytestmark = pytest.mark.e2e

TABLE = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "data" / "conversation_messages.yaml").read_text()
)
MESSAGES = TABLE["messages"]
DIALOGUES = TABLE["dialogues"]


def test_the_table_has_at_least_a_hundred_messages() -> None:
    assert len(MESSAGES) >= 100


@pytest.mark.parametrize("row", MESSAGES, ids=[row["text"][:40] for row in MESSAGES])
def test_a_message_gets_an_answer_citing_its_records(row: dict, stack) -> None:
    replies = rest_chat(stack, row["text"]).say(row["text"])
    assert text_of(replies), "every reply has text a student can read"
    check_turn(row, replies)


@pytest.mark.parametrize("dialogue", DIALOGUES, ids=[d["name"][:50] for d in DIALOGUES])
def test_context_carries_across_turns(dialogue: dict, stack) -> None:
    chat = rest_chat(stack, dialogue["name"])
    for turn in dialogue["turns"]:
        replies = chat.say(turn.get("text") or turn["payload"])
        check_turn(turn, replies)


def check_turn(turn: dict, replies: list[dict]) -> None:
    said = f"{turn.get('text') or turn.get('payload')!r} got {text_of(replies)!r}"
    records = {f"{kind}/{slug}" for kind, slug in cited(replies)}
    custom = custom_of(replies)
    if turn.get("unanswered"):
        assert custom.get("unanswered") is True, said
        return
    missing = set(turn.get("cites") or []) - records
    assert not missing, f"{said}: missing {sorted(missing)}, cited {sorted(records)}"
    if turn.get("min_records"):
        assert len(records) >= turn["min_records"], said
    if turn.get("buttons"):
        assert any(m.get("buttons") for m in replies), said
