"""Contact details (email, phone, street address, postcode) are taken out before text is stored."""

from __future__ import annotations

import pytest

from privacy.redact import redact

REMOVED = [
    # Emails and phone numbers, as before.
    ("email me at sam@example.org please", "email me at [email removed] please"),
    ("its Sam.Smith+careers@Example.co.uk", "its [email removed]"),
    ("my number is 07700 900123", "my number is [phone number removed]"),
    ("ring +44 7700 900123", "ring [phone number removed]"),
    ("call (0191) 498 0123", "call [phone number removed]"),
    ("0191-498-0123 after 4", "[phone number removed] after 4"),
    # Postcodes, as people type them.
    ("NE1 4LP", "[postcode removed]"),
    ("ne14lp", "[postcode removed]"),
    ("NE99 1AA", "[postcode removed]"),
    ("SR2 7EE", "[postcode removed]"),
    ("DH1 3LE", "[postcode removed]"),
    ("TS1 2AB", "[postcode removed]"),
    ("EC1A 1BB", "[postcode removed]"),
    ("W1A 0AX", "[postcode removed]"),
    ("M1 1AE", "[postcode removed]"),
    ("B33 8TH", "[postcode removed]"),
    ("CR2 6XH", "[postcode removed]"),
    ("DN55 1PT", "[postcode removed]"),
    ("dn551pt", "[postcode removed]"),
    ("my postcode is ne6 5aa ok", "my postcode is [postcode removed] ok"),
    (
        "im in Sr2 7ee, is there a college near me?",
        "im in [postcode removed], is there a college near me?",
    ),
    # Street addresses.
    ("i live at 12 Acacia Avenue", "i live at [address removed]"),
    ("flat 3, 45 high st", "[address removed]"),
    ("14b westgate rd", "[address removed]"),
    ("my address is 7 Chillingham Road Heaton", "my address is [address removed]"),
    ("I live at 12 Acacia Avenue. Can you help?", "I live at [address removed]. Can you help?"),
    ("4 The Close", "[address removed]"),
    ("12-14 Grey Street", "[address removed]"),
    ("Flat 2B 10 Leazes Terrace", "[address removed]"),
    ("apartment 4 22 Quayside Way", "[address removed]"),
    ("5 Broad Chare", "[address removed]"),
    ("12 St Mary's Road, Jesmond", "[address removed]"),
    ("we moved to 3 old mill lane last year", "we moved to [address removed] last year"),
    # Several kinds at once.
    (
        "im Sam, 12 Acacia Avenue, Heaton, NE6 5AA, sam@example.org or 07700 900123",
        "im Sam, [address removed], [postcode removed], [email removed] or [phone number removed]",
    ),
    (
        "send it to 7 chillingham rd ne65aa please",
        "send it to [address removed] [postcode removed] please",
    ),
]

LEFT_ALONE = [
    "year 10 and i was born in 2011",
    # Words and codes that look a bit like postcodes.
    "T Level",
    "A Levels",
    "Level 3",
    "BTEC",
    "Y10",
    "year 11",
    "GCSE",
    "NHS",
    "NE England",
    "the north east",
    "a 9-5 job",
    "£25,000",
    "COVID19",
    "B2B",
    "M&S",
    "A1 road",
    "HGV C1",
    "im in Y10 2nd set for maths",
    "yr10 3rd term",
    # Numbers that are not house numbers.
    "I got 7 GCSEs",
    "level 3 course",
    "year 9 options",
    "2 years on the road to becoming a mechanic",
    "top 10 jobs",
    "Route 1",
    "its a 10 minute walk from school",
    "a 2 hour drive to uni",
    "im 15 and live near the park",
    "I did 2 weeks work experience at Lloyds Bank",
    "is there only 1 way in",
]


@pytest.mark.parametrize(("text", "stored"), REMOVED)
def test_contact_details_are_removed(text: str, stored: str) -> None:
    assert redact(text) == stored


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_ordinary_words_numbers_and_codes_are_left_alone(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize("text", [text for text, _ in REMOVED] + LEFT_ALONE)
def test_redacting_twice_changes_nothing_further(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
