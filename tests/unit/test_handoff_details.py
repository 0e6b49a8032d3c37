"""Reading what students type into the hand-off form, and keeping contact details out."""

from __future__ import annotations

import pytest

from actions.handoff import details
from privacy.redact import redact


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Sam", "Sam"),
        ("im sam", "Sam"),
        ("my name is jo", "Jo"),
        ("J.B.", "J.B."),
        ("Sam Smith", "Sam S."),
        ("call me Aoife-Marie", "Aoife-Marie"),
    ],
)
def test_a_first_name_or_initials_is_read(typed: str, name: str) -> None:
    assert details.parse_name(typed) == name


@pytest.mark.parametrize("typed", ["yes", "why", "how much do plumbers earn", "07700 900123", ""])
def test_things_that_are_not_names_are_not_taken_as_names(typed: str) -> None:
    assert details.parse_name(typed) is None


@pytest.mark.parametrize(
    ("typed", "year"),
    [
        ("year 10", 10),
        ("yr 9", 9),
        ("Y11", 11),
        ("10", 10),
        ("year eleven", 11),
        ("im in lower sixth", 12),
        ("upper sixth", 13),
    ],
)
def test_the_year_group_is_read(typed: str, year: int) -> None:
    assert details.parse_year(typed) == year


@pytest.mark.parametrize("typed", ["year 3", "im 15", "dunno", "year 14"])
def test_years_outside_secondary_school_are_asked_again(typed: str) -> None:
    assert details.parse_year(typed) is None


def test_contact_choices_and_email_addresses() -> None:
    assert details.parse_contact("through my school") == "school"
    assert details.parse_contact("By email") == "email"
    assert details.parse_contact("sam@example.org") == "email"
    assert details.parse_contact("whatever") is None
    assert details.parse_email("its Sam.Smith@Example.org ta") == "sam.smith@example.org"
    assert details.parse_email("sam at example dot org") is None


def test_an_email_address_is_never_shown_back_in_full() -> None:
    assert details.mask_email("sam.student@example.org") == "s•••@e•••.org"


def test_the_detail_to_change_is_found_in_the_words() -> None:
    assert details.field_named("change my year") == "handoff_year"
    assert details.field_named("My school") == "handoff_school"
    assert details.field_named("change what i want help with") == "handoff_topic"
    assert details.field_named("How to contact me") == "handoff_contact"
    assert details.field_named("looks good") is None


def test_a_school_name_is_taken_as_typed_without_the_lead_in() -> None:
    assert details.parse_school("i go to Kenton School") == "Kenton School"
    assert details.parse_school("x") is None


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("email me at sam@example.org please", "email me at [email removed] please"),
        ("my number is 07700 900123", "my number is [phone number removed]"),
        ("ring +44 7700 900123", "ring [phone number removed]"),
        ("call (0191) 498 0123", "call [phone number removed]"),
        ("year 10 and i was born in 2011", "year 10 and i was born in 2011"),
    ],
)
def test_contact_details_are_removed_before_text_is_stored(text: str, stored: str) -> None:
    assert redact(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        "why do you need that",
        "why",
        "how come",
        "whats that for",
        "who will see this",
        "my name? wat for",
        "do i have to tell you",
        "why r u asking me all this 🤨",
    ],
)
def test_asking_why_is_caught_without_the_classifier(text: str) -> None:
    assert details.asks_why(text)


@pytest.mark.parametrize(
    "text",
    [
        "id rather not say",
        "i'd prefer not to",
        "skip",
        "pass",
        "not telling you that",
        "thats none of your business",
        "eh i'd sooner not",
        "bit too personal that",
    ],
)
def test_declining_a_detail_is_caught_without_the_classifier(text: str) -> None:
    assert details.declines(text)


@pytest.mark.parametrize("text", ["stop", "cancel", "forget it", "never mind", "changed my mind"])
def test_stopping_is_caught_without_the_classifier(text: str) -> None:
    assert details.wants_to_stop(text)


@pytest.mark.parametrize(
    "text",
    ["Sam", "Kenton School", "year 10", "i want help with apprenticeships", "change my year"],
)
def test_ordinary_answers_are_not_taken_as_why_decline_or_stop(text: str) -> None:
    assert not (details.asks_why(text) or details.declines(text) or details.wants_to_stop(text))
