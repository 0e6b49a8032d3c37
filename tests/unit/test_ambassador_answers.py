"""Which questions apprentices answer best, and which approved answers fit a new question."""

from __future__ import annotations

import pytest

from actions.ambassador.share import asks_what_its_like, mentions_an_apprentice, question_in
from knowledge.query import ENOUGH_FIT, AmbassadorAnswer, RecordRef, fit

ELECTRICIAN = ("occupation", "electrician")
CONSTRUCTION = ("sector", "construction")
APPRENTICESHIP = ("route", "apprenticeship")


def answer(question: str, *about: tuple[str, str]) -> AmbassadorAnswer:
    return AmbassadorAnswer(
        ref=RecordRef("ambassador_answer", "answer-aq-test01", question),
        question=question,
        answer="Early starts, but you learn loads and get paid.",
        by="Jess, Level 3 electrical apprentice at a large employer in Sunderland",
        about=frozenset(about),
    )


@pytest.mark.parametrize(
    "text",
    [
        "what is it really like being an electrician",
        "whats it like working in construction",
        "wats an apprenticeship actually like",
        "is an apprenticeship hard",
        "is the work boring",
        "what's a day in the life of a nurse",
        "what do they do day to day",
        "do apprentices enjoy it",
        "What’s it like to be a chef?",
    ],
)
def test_questions_about_experience_go_to_apprentices(text: str) -> None:
    assert asks_what_its_like(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is an apprenticeship",
        "how much do electricians earn",
        "i like maths",
        "how long does it take",
        "what jobs are there in digital",
    ],
)
def test_questions_of_fact_stay_with_the_knowledge_base(text: str) -> None:
    assert not asks_what_its_like(text)


def test_an_answer_about_the_same_job_fits_a_differently_worded_question() -> None:
    given = answer("is being an electrician apprentice hard", ELECTRICIAN, CONSTRUCTION)
    score = fit(given, {ELECTRICIAN}, "do sparkies have a good time on the tools")
    assert score >= ENOUGH_FIT


def test_an_answer_from_another_sector_does_not_fit() -> None:
    given = answer("is being an electrician apprentice hard", ELECTRICIAN, CONSTRUCTION)
    assert (
        fit(given, {("sector", "digital")}, "what do software developers do all day") < ENOUGH_FIT
    )


def test_the_same_job_fits_better_than_the_same_sector() -> None:
    same_job = answer("what do electricians do", ELECTRICIAN, CONSTRUCTION)
    same_sector = answer("what do bricklayers do", ("occupation", "bricklayer"), CONSTRUCTION)
    wanted = {ELECTRICIAN, CONSTRUCTION}
    assert fit(same_job, wanted, "electrician life") > fit(same_sector, wanted, "electrician life")


def test_shared_words_alone_can_be_enough() -> None:
    given = answer("do apprentices get paid holidays and weekends off", APPRENTICESHIP)
    score = fit(given, set(), "do apprentices get weekends off and holidays")
    assert score >= ENOUGH_FIT


def test_small_words_do_not_count() -> None:
    given = answer("what is it like", APPRENTICESHIP)
    assert fit(given, set(), "what is it like") == 0


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("can i ask an apprentice a question", True),
        ("i want to talk to apprentices", True),
        ("can i speak to an ambassador", True),
        ("can i ask someone doing an apprenticeship", True),
        ("tell me about the dogger bank apprenticeship", False),
        ("how long is an apprenticeship", False),
    ],
)
def test_asking_for_an_apprentice_means_the_person_not_the_course(text: str, person: bool) -> None:
    assert mentions_an_apprentice(text) is person


@pytest.mark.parametrize(
    "text",
    [
        "can i ask an apprentice a question",
        "could i talk to an apprentice pls",
        "id love to ask someone doing an apprenticeship",
        "is it possible to message an apprentice?",
        "can i ask an apprentice some questions",
    ],
)
def test_asking_to_ask_is_not_the_question_itself(text: str) -> None:
    """The bot asks for the question, rather than sending "can i ask..." to an apprentice."""
    assert question_in(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "can i ask an apprentice about being an electrician",
        "could i ask an apprentice if they get paid for college days",
        "whats it actually like being a sparky?",
    ],
)
def test_a_question_in_the_request_is_kept(text: str) -> None:
    assert question_in(text) == text
