"""Every direct request for a person starts the offer of a careers adviser, however it is
put; a question about what careers people do does not."""

from __future__ import annotations

import pytest

from actions.personal import asks_for_a_person

REQUESTS = [
    "can i speak to someone real",
    "put me through to a careers person",
    "fine then. i want a real careers adviser",
    "i'd like a proper careers advisor please",
    "ok forget that, can i talk to a real careers adviser about it",
    "is there an actual human i can chat to",
    "i need to see a qualified careers adviser",
    "get me a real person",
]
NOT_REQUESTS = [
    "how do i become a careers adviser",
    "what does a careers adviser earn",
    "is a real estate agent a good job",
    "i want to be a personal trainer",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_a_request_for_a_person_is_heard(text: str) -> None:
    assert asks_for_a_person(text)


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_a_question_about_the_job_is_not_a_request(text: str) -> None:
    assert not asks_for_a_person(text)
