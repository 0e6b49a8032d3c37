"""Safeguarding phrases: every disclosure is caught, idioms and careers questions are not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from ops.settings import REPO
from safeguarding.detect import (
    PHRASES_FILE,
    Concern,
    PhraseFileError,
    concern_in,
    default_phrasebook,
    load_phrasebook,
    normalise,
)

PHRASINGS = yaml.safe_load((REPO / "tests/data/safeguarding_phrasings.yaml").read_text())
DISCLOSURES = PHRASINGS["disclosures"]
NEAR_MISSES = PHRASINGS["near_misses"]
NEVER_FIRE = PHRASINGS["never_fire"]
CATEGORIES = {
    "self_harm", "abuse", "unsafe_home", "exploitation", "bullying",
    "radicalisation", "substance-misuse", "eating-disorder",
}  # fmt: skip
MAX_FALSE_ALARM_RATE = 0.10


def short(text: str) -> str:
    """A readable test id."""
    return text if len(text) <= 60 else text[:57] + "..."


# --- The table itself ---------------------------------------------------------------


def test_the_table_is_big_enough_and_covers_every_category() -> None:
    assert len(DISCLOSURES) >= 40
    assert len(NEAR_MISSES) >= 25
    assert {case["category"] for case in DISCLOSURES} == CATEGORIES


def test_the_phrases_file_has_every_category_of_the_table() -> None:
    names = {category.name for category in default_phrasebook().categories}
    assert names == CATEGORIES


# --- Recall and categories ----------------------------------------------------------


@pytest.mark.parametrize("case", DISCLOSURES, ids=[short(c["text"]) for c in DISCLOSURES])
def test_every_disclosure_is_caught(case: dict[str, str]) -> None:
    assert concern_in(case["text"]) is not None, f"missed: {case['text']!r}"


@pytest.mark.parametrize("case", DISCLOSURES, ids=[short(c["text"]) for c in DISCLOSURES])
def test_every_disclosure_gets_the_right_category(case: dict[str, str]) -> None:
    found = concern_in(case["text"])
    assert found is not None
    assert found.category == case["category"], f"{case['text']!r} matched {found.phrase!r}"


# --- False alarms -------------------------------------------------------------------


def test_false_alarm_rate_on_near_misses_is_low(capsys: pytest.CaptureFixture[str]) -> None:
    alarms = {text: concern_in(text) for text in NEAR_MISSES}
    fired = {text: found for text, found in alarms.items() if found is not None}
    rate = len(fired) / len(NEAR_MISSES)
    with capsys.disabled():
        print(f"\nsafeguarding false-alarm rate: {len(fired)}/{len(NEAR_MISSES)} = {rate:.1%}")
        for text, found in fired.items():
            print(f"  fired: {text!r} -> {found.category}: {found.phrase!r}")
    assert rate <= MAX_FALSE_ALARM_RATE


@pytest.mark.parametrize("text", NEVER_FIRE, ids=[short(t) for t in NEVER_FIRE])
def test_idioms_never_fire(text: str) -> None:
    assert concern_in(text) is None


def test_a_disclosure_after_an_idiom_still_counts() -> None:
    found = concern_in("this homework is killing me and honestly i want to die")
    assert found is not None and found.category == "self_harm"


def test_empty_messages_raise_no_concern() -> None:
    assert concern_in("") is None
    assert concern_in("   ") is None
    assert concern_in("😀👍") is None


# --- The result ---------------------------------------------------------------------


def test_a_concern_is_frozen_and_names_the_pattern_from_the_file() -> None:
    found = concern_in("my stepdad hits me")
    assert found is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.category = "other"  # type: ignore[misc]
    assert found.phrase in PHRASES_FILE.read_text(encoding="utf-8")
    assert isinstance(found, Concern)


# --- Normalising --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("I DON’T want to", "i do not want to"),
        ("i dont wanna", "i do not want to"),
        ("im sooooo tired!!!", "i am soo tired"),
        ("u r gonna", "you are going to"),
        ("ur mum", "your mum"),
        ("i cant", "i cannot"),
        ("kms", "kill myself"),
        ("unalive myself", "kill myself"),
        ("mum's boyfriend 😢", "mums boyfriend"),
        ("sh im in class", "sh i am in class"),
        ("divvent gan hyem", "do not go home"),
    ],
)
def test_normalise(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


# --- A malformed phrases file -------------------------------------------------------

GOOD_FILE = """
slots:
  me: [me, myself]
categories:
  self_harm:
    patterns: ["hurt* {me}"]
    near_misses: []
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "phrases.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_well_formed_file_loads(tmp_path: Path) -> None:
    book = load_phrasebook(write(tmp_path, GOOD_FILE))
    assert concern_in("i hurt myself", book) == Concern(
        "self_harm", "hurt* {me}", "urgent", "hurt myself"
    )


@pytest.mark.parametrize(
    "category_body",
    [
        "just a string",
        "{patterns: not a list, near_misses: []}",
        "{patterns: [ok, {a: mapping}], near_misses: []}",
        "{patterns: [ok]}",
        "{patterns: [], near_misses: []}",
    ],
)
def test_a_malformed_category_names_the_file_and_the_category(
    tmp_path: Path, category_body: str
) -> None:
    path = write(tmp_path, f"categories:\n  abuse: {category_body}\n")
    with pytest.raises(PhraseFileError) as raised:
        load_phrasebook(path)
    assert str(path) in str(raised.value)
    assert "abuse" in str(raised.value)


@pytest.mark.parametrize(
    ("pattern", "complaint"),
    [
        ("hurt* {nobody}", "unknown slot"),
        ("(hurt|harm {me}", "unclosed"),
        ("hurt) {me}", "unmatched"),
        ("...", "empty message"),
        ("Hurt {me}", "lower-case"),
        ("hurt {me}s", "word of its own"),
    ],
)
def test_a_malformed_pattern_names_the_file_category_and_pattern(
    tmp_path: Path, pattern: str, complaint: str
) -> None:
    text = GOOD_FILE.replace('["hurt* {me}"]', f"[{pattern!r}]".replace("'", '"'))
    path = write(tmp_path, text)
    with pytest.raises(PhraseFileError) as raised:
        load_phrasebook(path)
    message = str(raised.value)
    assert str(path) in message and "self_harm" in message and pattern in message
    assert complaint in message


def test_a_file_that_is_not_yaml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "categories: [unclosed\n")
    with pytest.raises(PhraseFileError, match="phrases.yaml"):
        load_phrasebook(path)
