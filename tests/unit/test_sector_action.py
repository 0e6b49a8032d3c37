"""The sector action composes its answer from the knowledge base and cites the record."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base as kb_module
from actions.sectors import ActionAnswerSectorJobs


@pytest.fixture(autouse=True)
def action_reads_test_kb(kb_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAREERS_DATABASE_URL", kb_url)
    kb_module.knowledge_base.cache_clear()
    yield
    kb_module.knowledge_base.cache_clear()


def tracker_for(text: str, entities: list[dict]) -> Tracker:
    message = {"text": text, "intent": {"name": "ask_sector_jobs"}, "entities": entities}
    return Tracker("test", {}, message, [], False, None, {}, "")


def run_action(text: str, entities: list[dict]) -> list[dict]:
    dispatcher = CollectingDispatcher()
    ActionAnswerSectorJobs().run(dispatcher, tracker_for(text, entities), {})
    return dispatcher.messages


def test_names_jobs_in_the_sector_and_cites_it() -> None:
    messages = run_action(
        "what jobs are there in digital?", [{"entity": "sector", "value": "digital"}]
    )
    assert len(messages) == 1
    text = messages[0]["text"]
    assert "software developer" in text
    records = messages[0]["custom"]["records"]
    assert records[0] == {
        "kind": "sector",
        "slug": "digital",
        "title": "Digital and technology",
        "url": "/k/sector/digital",
    }


def test_without_a_sector_it_asks_and_marks_the_message_unanswered() -> None:
    messages = run_action("what jobs are there?", [])
    assert messages[0]["custom"] == {"unanswered": True}
    assert "Which area of work" in messages[0]["text"]
