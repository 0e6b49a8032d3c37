"""A disclosure is caught however it is disguised: digits or symbols for letters, a star
for a letter, zero-width characters, accents, look-alike letters from other alphabets,
full-width letters, spaces or dots inside words, a leading "/". Every disguise is tried
on disclosures of every phrase family; a button payload is still only a button."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable

import pytest
import yaml

from safeguarding.assess import assess
from safeguarding.detect import default_phrasebook
from safeguarding.payloads import as_student_text, is_button_payload
from tests.conftest import REPO

PHRASINGS = REPO / "tests" / "data" / "safeguarding_phrasings.yaml"
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і"}


def _words(text: str, change: Callable[[str], str]) -> str:
    """Apply ``change`` to each word of four letters or more (the ones that carry meaning)."""
    return " ".join(change(w) if len(w) >= 4 and w.isalpha() else w for w in text.split())


def leet(text: str) -> str:
    return _words(text, lambda w: w[0] + "".join(LEET.get(c, c) for c in w[1:]))


def starred(text: str) -> str:
    vowels = "aeiou"
    return _words(
        text,
        lambda w: next(
            (w[:i] + "*" + w[i + 1 :] for i in range(1, len(w) - 1) if w[i] in vowels), w
        ),
    )


def zero_width(text: str) -> str:
    return _words(text, lambda w: w[:2] + "\u200b" + w[2:])


def accented(text: str) -> str:
    marks = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü"}
    return "".join(marks.get(c, c) for c in text)


def lookalikes(text: str) -> str:
    return "".join(CYRILLIC.get(c, c) for c in text)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spaced(text: str) -> str:
    return _words(text, lambda w: " ".join(w))


def dotted(text: str) -> str:
    return _words(text, lambda w: ".".join(w))


def slashed(text: str) -> str:
    return "/" + text


DISGUISES = [leet, starred, zero_width, accented, lookalikes, full_width, spaced, dotted, slashed]


def disclosures_by_family() -> dict[str, list[str]]:
    """A few disclosures of each phrase family, from the table the phrase tests use."""
    data = yaml.safe_load(PHRASINGS.read_text(encoding="utf-8"))
    families: dict[str, list[str]] = {}
    for item in data["disclosures"]:
        families.setdefault(item["category"], []).append(item["text"])
    chosen = random.Random(7)
    return {name: chosen.sample(texts, min(4, len(texts))) for name, texts in families.items()}


CASES = [
    (family, text, disguise)
    for family, texts in disclosures_by_family().items()
    for text in texts
    for disguise in DISGUISES
]


def test_every_phrase_family_is_tried() -> None:
    families = {family for family, _, _ in CASES}
    assert families == {c.name for c in default_phrasebook().categories}


@pytest.mark.parametrize(
    ("family", "text", "disguise"), CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_a_disguised_disclosure_is_still_caught(
    family: str, text: str, disguise: Callable[[str], str]
) -> None:
    plain = unicodedata.normalize("NFC", text.lower())
    if not assess(plain).worrying:
        pytest.skip("the plain text is not caught by the phrases alone (the classifier's job)")
    disguised = as_student_text(disguise(plain))
    assert assess(disguised).worrying, f"{disguise.__name__}: {disguised!r}"


@pytest.mark.parametrize(
    "payload",
    ['/ask_pay{"occupation": "plumber"}', "/affirm", '/ask_about{"route": "t-levels"}'],
)
def test_the_bots_own_button_payloads_stay_buttons(payload: str) -> None:
    assert is_button_payload(payload, {"ask_pay", "affirm", "ask_about"})
    assert as_student_text(payload, {"ask_pay", "affirm", "ask_about"}) == payload


@pytest.mark.parametrize(
    "message",
    [
        "/i want to kill myself",
        "//my dad hits me",
        '/ask_pay{"occupation": "i want to die"}',
        "/unknown_intent",
        '/affirm{"x": ["a"]}',
    ],
)
def test_anything_else_that_starts_with_a_slash_is_read_as_words(message: str) -> None:
    intents = {"ask_pay", "affirm"}
    assert not is_button_payload(message, intents)
    assert not as_student_text(message, intents).startswith("/")
