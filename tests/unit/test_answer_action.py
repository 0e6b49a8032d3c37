"""action_answer composes answers from the knowledge base, with context and ambiguity."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import knowledge_base as kb_module
from actions.answer import ActionAnswer
from actions.compose import jobs
from knowledge.query import RecordRef, RecordView


@pytest.fixture(autouse=True)
def action_reads_test_kb(kb_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CAREERS_DATABASE_URL", kb_url)
    monkeypatch.setenv("CAREERS_TODAY", "2026-11-23")
    kb_module.knowledge_base.cache_clear()
    kb_module.resolver.cache_clear()
    yield
    kb_module.knowledge_base.cache_clear()
    kb_module.resolver.cache_clear()


def ask(text: str, intent: str, slots: dict | None = None, entities: list | None = None):
    message = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    tracker = Tracker("test", slots or {}, message, [], False, None, {}, "")
    dispatcher = CollectingDispatcher()
    events = ActionAnswer().run(dispatcher, tracker, {})
    slots_after = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots_after


def cited(messages: list[dict]) -> list[str]:
    return [
        f"{r['kind']}/{r['slug']}"
        for m in messages
        for r in (m.get("custom") or {}).get("records", [])
    ]


def test_names_jobs_in_a_sector_and_cites_it() -> None:
    messages, _ = ask("what jobs are there in digital?", "ask_sector_jobs")
    assert "software developer" in messages[0]["text"]
    assert messages[0]["custom"]["records"][0] == {
        "kind": "sector", "slug": "digital", "title": "Digital and technology",
        "url": "/k/sector/digital",
    }


def test_slang_and_typos_find_the_job() -> None:
    messages, slots = ask("is being a sparky good money", "ask_pay")
    assert cited(messages) == ["occupation/electrician"]
    assert slots["occupation"] == "electrician"
    assert slots["sector"] == "construction"


def test_pay_without_a_checked_yearly_figure_says_so_and_dates_what_it_quotes() -> None:
    messages, _ = ask("how much do electricians earn", "ask_pay")
    text = messages[0]["text"]
    assert "£8.00 an hour from April 2026" in text and "don't have a checked figure" in text


def test_a_checked_yearly_figure_is_quoted_with_its_date() -> None:
    view = RecordView(
        ref=RecordRef("occupation", "welder", "Welder"),
        summary="Welders join metal.",
        data={"pay": {"starter": 21000, "experienced": 30000, "as_of": "2026-04", "note": ""}},
        sources=[],
        as_of="2026-04",
        url=None,
        aliases=[],
        links={},
        linked_from={},
    )
    (reply,) = jobs.pay(view, kb_module.knowledge_base())
    assert reply.text.startswith("In April 2026, welders usually started on about £21,000")


def test_a_follow_up_without_a_name_uses_the_current_topic() -> None:
    slots = {"occupation": "nurse", "topic": "occupation/nurse", "sector": "health-care"}
    messages, _ = ask("how long does it take", "ask_duration", slots)
    assert cited(messages) == ["occupation/nurse"]
    assert "three years" in messages[0]["text"]


def test_a_word_that_fits_several_records_gets_a_question_with_buttons() -> None:
    messages, slots = ask("tell me about engineering", "ask_about")
    assert messages[0]["text"].startswith("Do you mean")
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert '/ask_about{"sector": "advanced-manufacturing"}' in payloads
    assert len(payloads) >= 3
    assert slots == {}


def test_a_button_payload_names_the_record_directly() -> None:
    entities = [{"entity": "sector", "value": "advanced-manufacturing"}]
    messages, _ = ask('/ask_about{"sector":"advanced-manufacturing"}', "ask_about", None, entities)
    assert cited(messages) == ["sector/advanced-manufacturing"]


def test_apprenticeships_in_that_uses_the_current_sector() -> None:
    slots = {"sector": "advanced-manufacturing", "topic": "sector/advanced-manufacturing"}
    messages, _ = ask("what about apprenticeships in that?", "ask_about", slots)
    assert cited(messages)[:2] == ["route/apprenticeship", "sector/advanced-manufacturing"]


def test_opportunities_follow_the_conversations_sector_and_route() -> None:
    slots = {"sector": "construction", "route": "apprenticeship", "topic": "route/apprenticeship"}
    messages, _ = ask("any in county durham?", "ask_opportunities", slots)
    records = cited(messages)
    assert "place/county-durham" in records and "sector/construction" in records
    assert "opportunity/esh-group-apprenticeships" in records


def test_closed_opportunities_are_not_offered() -> None:
    messages, _ = ask("any open days in sunderland", "ask_opportunities",
                      entities=[{"entity": "opportunity_type", "value": "event"}])
    assert "opportunity/sunderland-college-open-event-november-2026" not in cited(messages)


def test_two_routes_are_compared_one_message_each() -> None:
    messages, _ = ask("a levels or t levels for engineering", "compare_routes")
    records = cited(messages)
    assert records[:2] == ["route/a-levels", "route/t-levels"]


def test_a_provider_says_what_it_offers() -> None:
    messages, _ = ask("what t levels does gateshead college do", "ask_where_to_study")
    assert cited(messages)[0] == "provider/gateshead-college"
    assert "Science" in messages[0]["text"]


def test_nothing_to_go_on_is_marked_unanswered() -> None:
    messages, _ = ask("how much do they earn", "ask_pay")
    assert messages[0]["custom"]["unanswered"] is True


def test_replies_stay_short() -> None:
    for text, intent in [
        ("tell me about nurses", "ask_about"),
        ("how do i become a vet", "ask_how_to_become"),
        ("what's a t level", "ask_about"),
        ("what happened to traineeships", "ask_about"),
        ("anything for digital in sunderland", "ask_place"),
    ]:
        messages, _ = ask(text, intent)
        for message in messages:
            assert len(message["text"].split()) <= 95, message["text"]


def test_an_unknown_job_asked_as_a_follow_up_is_not_answered_with_the_last_one() -> None:
    slots = {"occupation": "plumber", "last_question": "ask_pay", "topic": "occupation/plumber"}
    messages, _ = ask("and roofers?", "ask_about", slots)
    assert "don't know about roofers" in messages[0]["text"]
    assert messages[0]["custom"]["unanswered"] is True
    assert "occupation/plumber" not in cited(messages)


def test_a_programme_named_in_a_question_of_another_kind_is_described() -> None:
    programme = [{"entity": "programme", "value": "free-courses-for-jobs"}]
    messages, _ = ask("free courses for jobs - do i qualify", "ask_where_to_study", None, programme)
    assert "programme/free-courses-for-jobs" in cited(messages)
    assert not any((m.get("custom") or {}).get("unanswered") for m in messages)


def test_a_follow_up_about_the_current_scheme_describes_the_scheme() -> None:
    slots = {"topic": "opportunity/cddft-career-start-scheme"}
    messages, _ = ask("how do i get on it", "ask_duration", slots)
    assert cited(messages) == ["opportunity/cddft-career-start-scheme"]


def test_a_job_asked_about_as_an_apprenticeship_in_a_town_lists_schemes_there() -> None:
    entities = [
        {"entity": "occupation", "value": "healthcare-assistant"},
        {"entity": "route", "value": "apprenticeship"},
        {"entity": "place", "value": "sunderland"},
    ]
    messages, _ = ask(
        "healthcare assistant apprenticeship in sunderland?", "ask_how_to_become", None, entities
    )
    assert "occupation/healthcare-assistant" in cited(messages)
    assert "opportunity/stsft-nhs-apprenticeships" in cited(messages)


@pytest.mark.parametrize(
    ("text", "offers_an_adviser"),
    [
        ("is there an actual human i could talk to about all this", True),
        ("could i talk to someone about my options", True),
        ("can i talk to an apprentice about being a joiner", False),
    ],
)
def test_asking_for_a_person_in_the_ambassador_action_offers_an_adviser(
    text: str, offers_an_adviser: bool
) -> None:
    from actions.ambassador.ask import ActionShareAmbassadorAnswers

    message = {"text": text, "intent": {"name": "ask_ambassador"}, "entities": []}
    tracker = Tracker("test", {}, message, [], False, None, {}, "")
    events = ActionShareAmbassadorAnswers().run(CollectingDispatcher(), tracker, {})
    followed = [e.get("name") for e in events if e.get("event") == "followup"]
    assert (followed == ["action_offer_adviser"]) is offers_an_adviser


def test_a_misread_follow_up_about_the_current_scheme_is_answered_about_it() -> None:
    from actions.fallback import ActionFeedbackNegative, ActionUnanswered

    slots = {"topic": "opportunity/durham-county-council-apprenticeships"}
    for action, describes in ((ActionUnanswered(), True), (ActionFeedbackNegative(), False)):
        text = "when do they usually put them up" if describes else "that's not what i asked"
        message = {"text": text, "intent": {"name": "nlu_fallback"}, "entities": []}
        dispatcher = CollectingDispatcher()
        action.run(dispatcher, Tracker("test", slots, message, [], False, None, {}, ""), {})
        scheme = "opportunity/durham-county-council-apprenticeships"
        assert (scheme in cited(dispatcher.messages)) is describes, text
